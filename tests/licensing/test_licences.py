"""The licence table, its look-ups, and licences read out of URLs."""

import pytest
from django.utils import translation

from jamhub.licensing.licences import (
    LICENCES,
    UnknownLicence,
    get_licence,
    licence_choices,
    licence_from_name,
    licence_from_url,
    licences_allowing,
)

NEW_UPLOADS = [
    "cc0-1.0",
    "cc-by-4.0",
    "cc-by-sa-4.0",
    "free-art-1.3",
    "cc-by-nc-4.0",
    "cc-by-nc-sa-4.0",
    "cc-by-nd-4.0",
    "cc-by-nc-nd-4.0",
]
IMPORTS_ONLY = [
    "cc-by-3.0",
    "cc-by-sa-3.0",
    "cc-by-nc-3.0",
    "cc-by-nc-sa-3.0",
    "cc-by-nd-3.0",
    "cc-by-nc-nd-3.0",
]

# code: (commercial, derivatives, share alike, attribution, public domain)
FLAGS = {
    "cc0-1.0": (True, True, False, False, True),
    "free-art-1.3": (True, True, True, True, False),
    **{
        f"cc-{element}-{version}": flags
        for version in ("4.0", "3.0")
        for element, flags in {
            "by": (True, True, False, True, False),
            "by-sa": (True, True, True, True, False),
            "by-nd": (True, False, False, True, False),
            "by-nc": (False, True, False, True, False),
            "by-nc-sa": (False, True, True, True, False),
            "by-nc-nd": (False, False, False, True, False),
        }.items()
    },
}


def test_the_table_holds_the_new_upload_licences_then_the_30_family():
    assert list(LICENCES) == NEW_UPLOADS + IMPORTS_ONLY


def test_codes_names_and_urls_are_unique():
    licences = list(LICENCES.values())

    assert all(code == licence.code for code, licence in LICENCES.items())
    for field in ("code", "name", "short_name", "url"):
        values = [getattr(licence, field) for licence in licences]
        assert len(set(values)) == len(values), field


@pytest.mark.parametrize("licence", LICENCES.values(), ids=list(LICENCES))
def test_urls_are_https_and_deeds_end_with_a_slash(licence):
    assert licence.url.startswith("https://")
    assert licence.url.endswith("/")
    assert licence.legal_code_url.startswith("https://")


def test_only_the_30_family_is_closed_to_new_uploads():
    assert [c for c, lic in LICENCES.items() if lic.for_new_uploads] == NEW_UPLOADS
    assert [c for c, lic in LICENCES.items() if not lic.for_new_uploads] == (
        IMPORTS_ONLY
    )


@pytest.mark.parametrize(("code", "flags"), FLAGS.items(), ids=list(FLAGS))
def test_permission_flags(code, flags):
    licence = get_licence(code)

    assert (
        licence.allows_commercial,
        licence.allows_derivatives,
        licence.share_alike,
        licence.requires_attribution,
        licence.public_domain,
    ) == flags


def test_every_licence_has_its_flags_checked():
    assert set(FLAGS) == set(LICENCES)


@pytest.mark.parametrize(
    ("code", "name", "short_name", "url", "version"),
    [
        (
            "cc-by-sa-4.0",
            "Creative Commons Attribution-ShareAlike 4.0 International",
            "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            "4.0",
        ),
        (
            "cc-by-nc-nd-4.0",
            "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 "
            "International",
            "CC BY-NC-ND 4.0",
            "https://creativecommons.org/licenses/by-nc-nd/4.0/",
            "4.0",
        ),
        (
            "cc-by-nd-3.0",
            "Creative Commons Attribution-NoDerivs 3.0 Unported",
            "CC BY-ND 3.0",
            "https://creativecommons.org/licenses/by-nd/3.0/",
            "3.0",
        ),
        (
            "cc-by-3.0",
            "Creative Commons Attribution 3.0 Unported",
            "CC BY 3.0",
            "https://creativecommons.org/licenses/by/3.0/",
            "3.0",
        ),
        (
            "cc0-1.0",
            "CC0 1.0 Universal",
            "CC0 1.0",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            "1.0",
        ),
        (
            "free-art-1.3",
            "Free Art License 1.3",
            "Free Art 1.3",
            "https://artlibre.org/licence/lal/en/",
            "1.3",
        ),
    ],
)
def test_names_and_urls(code, name, short_name, url, version):
    licence = get_licence(code)

    assert (licence.name, licence.short_name, licence.url, licence.version) == (
        name,
        short_name,
        url,
        version,
    )
    assert str(licence) == short_name


def test_creative_commons_legal_code_sits_under_the_deed():
    for licence in LICENCES.values():
        if licence.url.startswith("https://creativecommons.org/"):
            assert licence.legal_code_url == f"{licence.url}legalcode"


def test_an_unknown_code_raises_and_lists_the_known_ones():
    with pytest.raises(UnknownLicence) as raised:
        get_licence("cc-by-2.5")

    assert isinstance(raised.value, ValueError)
    assert "'cc-by-2.5'" in str(raised.value)
    for code in LICENCES:
        assert code in str(raised.value)


def test_choices_offer_new_upload_licences_by_short_name():
    assert licence_choices() == [
        ("cc0-1.0", "CC0 1.0"),
        ("cc-by-4.0", "CC BY 4.0"),
        ("cc-by-sa-4.0", "CC BY-SA 4.0"),
        ("free-art-1.3", "Free Art 1.3"),
        ("cc-by-nc-4.0", "CC BY-NC 4.0"),
        ("cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"),
        ("cc-by-nd-4.0", "CC BY-ND 4.0"),
        ("cc-by-nc-nd-4.0", "CC BY-NC-ND 4.0"),
    ]


def test_choices_for_stored_albums_list_every_licence():
    choices = licence_choices(for_new_uploads=False)

    assert [code for code, _label in choices] == NEW_UPLOADS + IMPORTS_ONLY
    assert ("cc-by-nc-sa-3.0", "CC BY-NC-SA 3.0") in choices


def codes(licences):
    return [licence.code for licence in licences]


def test_licences_allowing_commercial_remixes_include_the_30_family():
    assert codes(licences_allowing(commercial=True, derivatives=True)) == [
        "cc0-1.0",
        "cc-by-4.0",
        "cc-by-sa-4.0",
        "free-art-1.3",
        "cc-by-3.0",
        "cc-by-sa-3.0",
    ]


def test_licences_allowing_for_new_uploads_only():
    allowing = licences_allowing(
        commercial=True, derivatives=True, for_new_uploads=True
    )

    assert codes(allowing) == ["cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0", "free-art-1.3"]


def test_licences_allowing_one_permission_ignores_the_other():
    assert codes(licences_allowing(commercial=False, for_new_uploads=True)) == [
        "cc-by-nc-4.0",
        "cc-by-nc-sa-4.0",
        "cc-by-nc-nd-4.0",
    ]
    assert codes(licences_allowing(derivatives=False)) == [
        "cc-by-nd-4.0",
        "cc-by-nc-nd-4.0",
        "cc-by-nd-3.0",
        "cc-by-nc-nd-3.0",
    ]
    assert codes(licences_allowing()) == list(LICENCES)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://creativecommons.org/licenses/by-sa/4.0/", "cc-by-sa-4.0"),
        ("http://creativecommons.org/licenses/by-sa/4.0/", "cc-by-sa-4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0", "cc-by-sa-4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/deed.fr", "cc-by-sa-4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/deed.pt_BR", "cc-by-sa-4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/legalcode", "cc-by-sa-4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/legalcode.en", "cc-by-sa-4.0"),
        ("http://www.creativecommons.org/licenses/by-nc/3.0/", "cc-by-nc-3.0"),
        ("creativecommons.org/licenses/by-nc-nd/3.0/", "cc-by-nc-nd-3.0"),
        (" <HTTPS://CreativeCommons.org/Licenses/BY/4.0/> ", "cc-by-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/?ref=chooser", "cc-by-4.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "cc0-1.0"),
        ("http://creativecommons.org/publicdomain/zero/1.0/legalcode", "cc0-1.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/deed.de", "cc0-1.0"),
        ("https://artlibre.org/licence/lal/en/", "free-art-1.3"),
        ("http://artlibre.org/licence/lal/", "free-art-1.3"),
        ("https://artlibre.org/licence/lal/fr", "free-art-1.3"),
    ],
)
def test_licence_from_url(url, code):
    licence = licence_from_url(url)

    assert licence is not None
    assert licence.code == code


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a licence",
        # Jurisdiction ports are other legal texts than the Unported licence.
        "http://creativecommons.org/licenses/by/3.0/de/",
        "https://creativecommons.org/licenses/by/2.5/",
        "https://creativecommons.org/licenses/by/4.0/somewhere-else",
        "https://creativecommons.org/publicdomain/mark/1.0/",
        "https://example.com/licenses/by/4.0/",
        "ftp://creativecommons.org/licenses/by/4.0/",
        "https://artlibre.org/licence/lal/en/extra/",
    ],
)
def test_licence_from_url_refuses_what_it_cannot_name(url):
    assert licence_from_url(url) is None


@pytest.mark.parametrize("licence", LICENCES.values(), ids=list(LICENCES))
def test_every_licence_is_read_back_from_its_own_urls(licence):
    assert licence_from_url(licence.url) is licence
    assert licence_from_url(licence.legal_code_url) is licence


def test_licence_from_name_takes_short_names_and_codes():
    assert licence_from_name("CC BY-SA 4.0") is get_licence("cc-by-sa-4.0")
    assert licence_from_name("cc by-nc  3.0") is get_licence("cc-by-nc-3.0")
    assert licence_from_name("cc0-1.0") is get_licence("cc0-1.0")
    assert licence_from_name("All rights reserved") is None


@pytest.mark.parametrize("licence", LICENCES.values(), ids=list(LICENCES))
def test_summaries_say_what_others_may_and_must_do(licence):
    summary = str(licence.summary)

    assert summary.startswith(("Anyone may", "The artist gives"))
    assert len(summary) < 250
    assert ("non-commercial" in summary) == (not licence.allows_commercial)
    assert ("same licence" in summary) == (
        licence.share_alike and not licence.code.startswith("free-art")
    )
    assert "credit the artist" in summary


@pytest.mark.parametrize("licence", LICENCES.values(), ids=list(LICENCES))
def test_summaries_and_badges_render_in_french(licence):
    with translation.override("fr"):
        summary = str(licence.summary)
        badge = [str(label) for label in licence.badge]

    assert summary
    assert all(badge)


def test_badges_list_permissions_then_conditions():
    def labels(code):
        return [str(label) for label in get_licence(code).badge]

    assert labels("cc0-1.0") == ["Public domain", "Share", "Remix", "Commercial use"]
    assert labels("cc-by-sa-4.0") == [
        "Share",
        "Remix",
        "Commercial use",
        "Credit the artist",
        "Share alike",
    ]
    assert labels("cc-by-nc-nd-4.0") == [
        "Share",
        "Credit the artist",
        "Non-commercial",
        "No remixes",
    ]
