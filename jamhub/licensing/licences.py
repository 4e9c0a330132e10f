"""The licences JamHub publishes music under, and reading them back out of URLs.

The table is data, not models: a licence's meaning never changes, so albums store its
code and everything else is looked up here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class UnknownLicence(ValueError):
    """A licence code that is not in the table."""


@dataclass(frozen=True, kw_only=True)
class Licence:
    code: str
    name: str
    short_name: str
    url: str
    legal_code_url: str
    version: str
    allows_commercial: bool
    allows_derivatives: bool
    share_alike: bool
    requires_attribution: bool
    public_domain: bool
    # The 3.0 family is kept for imported albums; new uploads get the 4.0 family.
    for_new_uploads: bool
    # Lazy: comparing or hashing it would need the translation machinery.
    summary: _StrPromise = field(compare=False)
    # What people read where the licence is chosen or shown, in their language
    # ("Licence Art Libre 1.3" in French); short_name stays the tag written in files.
    # Empty: the short name, which reads the same in every language ("CC BY 4.0").
    label: _StrPromise | str = field(default="", compare=False)

    @property
    def display_name(self) -> str:
        return str(self.label or self.short_name)

    @property
    def badge(self) -> tuple[_StrPromise, ...]:
        """Short labels for the album page: what anyone may do, then the conditions."""
        labels: list[_StrPromise] = []
        if self.public_domain:
            labels.append(pgettext_lazy("licence badge", "Public domain"))
        labels.append(pgettext_lazy("licence badge", "Share"))
        if self.allows_derivatives:
            labels.append(pgettext_lazy("licence badge", "Remix"))
        if self.allows_commercial:
            labels.append(pgettext_lazy("licence badge", "Commercial use"))
        if self.requires_attribution:
            labels.append(pgettext_lazy("licence badge", "Credit the artist"))
        if not self.allows_commercial:
            labels.append(pgettext_lazy("licence badge", "Non-commercial"))
        if not self.allows_derivatives:
            labels.append(pgettext_lazy("licence badge", "No remixes"))
        if self.share_alike:
            labels.append(pgettext_lazy("licence badge", "Share alike"))
        return tuple(labels)

    def __str__(self) -> str:
        return self.short_name


# Summaries speak of "the artist" rather than "you" so that the same sentence reads
# right to the artist choosing a licence and to the listener on the album page.
_SUMMARIES: dict[str, _StrPromise] = {
    "by": _(
        "Anyone may share and remix this music for any purpose, even commercially, "
        "as long as they credit the artist."
    ),
    "by-sa": _(
        "Anyone may share and remix this music for any purpose, even commercially, "
        "as long as they credit the artist and share their remixes under the same "
        "licence."
    ),
    "by-nd": _(
        "Anyone may share this music for any purpose, even commercially, as long as "
        "they credit the artist and pass it on unchanged. Remixes need the artist's "
        "permission."
    ),
    "by-nc": _(
        "Anyone may share and remix this music for non-commercial purposes, as long "
        "as they credit the artist. Commercial use needs the artist's permission."
    ),
    "by-nc-sa": _(
        "Anyone may share and remix this music for non-commercial purposes, as long "
        "as they credit the artist and share their remixes under the same licence."
    ),
    "by-nc-nd": _(
        "Anyone may share this music unchanged for non-commercial purposes, as long "
        "as they credit the artist. Remixes and commercial use need the artist's "
        "permission."
    ),
}

# (deed path element, name element, 3.0 name element, commercial, derivatives, SA)
_CC_ELEMENTS: tuple[tuple[str, str, str, bool, bool, bool], ...] = (
    ("by", "Attribution", "Attribution", True, True, False),
    ("by-sa", "Attribution-ShareAlike", "Attribution-ShareAlike", True, True, True),
    (
        "by-nc",
        "Attribution-NonCommercial",
        "Attribution-NonCommercial",
        False,
        True,
        False,
    ),
    (
        "by-nc-sa",
        "Attribution-NonCommercial-ShareAlike",
        "Attribution-NonCommercial-ShareAlike",
        False,
        True,
        True,
    ),
    # CC renamed "NoDerivs" to "NoDerivatives" in 4.0.
    ("by-nd", "Attribution-NoDerivatives", "Attribution-NoDerivs", True, False, False),
    (
        "by-nc-nd",
        "Attribution-NonCommercial-NoDerivatives",
        "Attribution-NonCommercial-NoDerivs",
        False,
        False,
        False,
    ),
)


def _creative_commons(version: str) -> list[Licence]:
    licences = []
    for element, name_40, name_30, commercial, derivatives, share_alike in _CC_ELEMENTS:
        deed = f"https://creativecommons.org/licenses/{element}/{version}/"
        if version == "4.0":
            name = f"Creative Commons {name_40} 4.0 International"
        else:
            name = f"Creative Commons {name_30} {version} Unported"
        licences.append(
            Licence(
                code=f"cc-{element}-{version}",
                name=name,
                short_name=f"CC {element.upper()} {version}",
                url=deed,
                legal_code_url=f"{deed}legalcode",
                version=version,
                allows_commercial=commercial,
                allows_derivatives=derivatives,
                share_alike=share_alike,
                requires_attribution=True,
                public_domain=False,
                for_new_uploads=version == "4.0",
                summary=_SUMMARIES[element],
            )
        )
    return licences


CC0 = Licence(
    code="cc0-1.0",
    name="CC0 1.0 Universal",
    short_name="CC0 1.0",
    url="https://creativecommons.org/publicdomain/zero/1.0/",
    legal_code_url="https://creativecommons.org/publicdomain/zero/1.0/legalcode",
    version="1.0",
    allows_commercial=True,
    allows_derivatives=True,
    share_alike=False,
    requires_attribution=False,
    public_domain=True,
    for_new_uploads=True,
    # CC0 is a dedication, not a licence: the artist gives up their rights.
    label=_("CC0 1.0 (public domain dedication)"),
    summary=_(
        "The artist gives this music to the public domain, waiving all their rights "
        "worldwide: anyone may share, remix and use it for any purpose, even "
        "commercially, without asking and without having to credit the artist."
    ),
)

FREE_ART = Licence(
    code="free-art-1.3",
    name="Free Art License 1.3",
    short_name="Free Art 1.3",
    # The licence is one page: the deed is the legal code.
    url="https://artlibre.org/licence/lal/en/",
    legal_code_url="https://artlibre.org/licence/lal/en/",
    version="1.3",
    allows_commercial=True,
    allows_derivatives=True,
    share_alike=True,
    requires_attribution=True,
    public_domain=False,
    for_new_uploads=True,
    # Its French name is its own: "Licence Art Libre 1.3".
    label=_("Free Art License 1.3"),
    summary=_(
        "Anyone may share and remix this music for any purpose, even commercially, "
        "as long as they credit the artist and share their remixes under the Free "
        "Art License or a compatible one."
    ),
)


def _most_open_first() -> list[Licence]:
    cc_40 = {licence.code: licence for licence in _creative_commons("4.0")}
    ordered = [
        CC0,
        cc_40["cc-by-4.0"],
        cc_40["cc-by-sa-4.0"],
        FREE_ART,
        cc_40["cc-by-nc-4.0"],
        cc_40["cc-by-nc-sa-4.0"],
        cc_40["cc-by-nd-4.0"],
        cc_40["cc-by-nc-nd-4.0"],
    ]
    return ordered + _creative_commons("3.0")


# Most open first: the licences offered for new uploads, then the 3.0 family.
LICENCES: dict[str, Licence] = {licence.code: licence for licence in _most_open_first()}


def get_licence(code: str) -> Licence:
    try:
        return LICENCES[code]
    except KeyError:
        raise UnknownLicence(
            f"Unknown licence code {code!r}; the known codes are: "
            f"{', '.join(LICENCES)}."
        ) from None


def _selected(*, for_new_uploads: bool) -> Iterable[Licence]:
    return (
        licence
        for licence in LICENCES.values()
        if licence.for_new_uploads or not for_new_uploads
    )


def licence_choices(*, for_new_uploads: bool = True) -> list[tuple[str, str]]:
    """(code, short name) pairs for a choice field, most open first.

    With for_new_uploads=False every licence is listed, as a model field storing
    imported albums needs."""
    return [
        (licence.code, licence.short_name)
        for licence in _selected(for_new_uploads=for_new_uploads)
    ]


def licences_allowing(
    *,
    commercial: bool | None = None,
    derivatives: bool | None = None,
    for_new_uploads: bool = False,
) -> list[Licence]:
    """The licences whose permissions match; None means either.

    Every licence counts by default, 3.0 included, since the question is usually
    "which albums may I use this way", and imported albums answer it too."""
    return [
        licence
        for licence in _selected(for_new_uploads=for_new_uploads)
        if commercial in (None, licence.allows_commercial)
        and derivatives in (None, licence.allows_derivatives)
    ]


_CC_HOSTS = {"creativecommons.org", "www.creativecommons.org"}
_FREE_ART_HOSTS = {"artlibre.org", "www.artlibre.org"}
# The deed, a translated deed ("deed.fr"), or the legal code ("legalcode.txt").
_CC_PAGE = re.compile(r"(deed|legalcode)(\.[a-z_-]+)?")
_LANGUAGE = re.compile(r"[a-z]{2}(-[a-z]{2})?")


def licence_from_url(url: str) -> Licence | None:
    """The licence a deed or legal code URL names, as found in imported files' tags.

    Tolerates http, "www.", a missing scheme or trailing slash, translated deeds and
    legal code pages. Jurisdiction ports ("/licenses/by/3.0/de/") are different
    legal texts, so they are not taken for the Unported licence."""
    text = url.strip().strip("<>\"'").lower()
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.hostname in _CC_HOSTS:
        if segments and _CC_PAGE.fullmatch(segments[-1]):
            segments.pop()
        match segments:
            case ["licenses", element, version]:
                return LICENCES.get(f"cc-{element}-{version}")
            case ["publicdomain", "zero", "1.0"]:
                return CC0
        return None
    if parts.hostname in _FREE_ART_HOSTS:
        match segments:
            case ["licence", "lal"]:
                return FREE_ART
            case ["licence", "lal", language] if _LANGUAGE.fullmatch(language):
                return FREE_ART
    return None


def licence_from_name(name: str) -> Licence | None:
    """The licence a short name ("CC BY-SA 4.0") or code ("cc-by-sa-4.0") names."""
    wanted = " ".join(name.split()).casefold()
    for licence in LICENCES.values():
        if wanted in {licence.short_name.casefold(), licence.code}:
            return licence
    return None
