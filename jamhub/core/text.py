"""User-written text: Markdown rendered, then sanitised with nh3 (Ammonia); names
made into slugs that are never empty."""

import hashlib
import re
import unicodedata

import markdown as markdown_lib
import nh3

# anyascii comes with Wagtail, which transliterates its own page slugs with it.
from anyascii import anyascii
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to show: no images, no scripts, no raw HTML
    attributes; links get rel="nofollow ugc noopener"."""
    html = markdown_lib.markdown(
        text or "", extensions=["sane_lists"], output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


HASHED_SLUG_DIGITS = 10
# What Django's <slug:> and <str:> converters take, and what SlugField validates.
_ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_UNICODE_SLUG = re.compile(r"[-\w]+")


def slug_for(
    text: str, *, max_length: int, fallback: str, allow_unicode: bool = False
) -> str:
    """The slug of a user-supplied name (tag, artist, album...): never empty, at most
    `max_length` characters, always accepted by the URL that shows it.

    The rule: the name's letters and digits, lowercased, words joined by "-". With
    `allow_unicode` letters of every script stay as they are (ロック, ψυχή) and the
    URL takes `<str:>`; without it the name is first transliterated to ASCII
    (Ψυχή -> psychi, ロック -> rotku, 🌊 -> ocean) for the catalogue's `<slug:>`
    URLs. When nothing is left (only punctuation, symbols, spaces or controls), the
    slug is `fallback`: a fixed word the caller makes unique, or `hashed_slug()`.
    """
    if allow_unicode:
        slug = slugify(text, allow_unicode=True)
    else:
        slug = slugify(anyascii(text))
    slug = slug[:max_length].strip("-_")
    pattern = _UNICODE_SLUG if allow_unicode else _ASCII_SLUG
    return slug if pattern.fullmatch(slug) else fallback[:max_length]


def hashed_slug(text: str, *, prefix: str) -> str:
    """A stable slug for a name without letters or digits ("tag-3f9a0c1d2e" for 🌊):
    the same name, whatever its case, spacing or Unicode form, always gets the same
    slug, and two different names almost never share one."""
    key = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}-{digest[:HASHED_SLUG_DIGITS]}"


def has_letter_digit_or_symbol(text: str) -> bool:
    """Whether a name carries meaning: a letter or digit of any script, or a symbol
    such as an emoji or ♫. Punctuation, spaces and controls alone do not."""
    return any(
        unicodedata.category(character)[0] in "LN"
        or unicodedata.category(character) == "So"
        for character in text
    )


# taggit's slug column holds 100 characters; room is kept for its "_<n>" suffix.
TAG_SLUG_MAX_LENGTH = 90
# Tag pages are /tags/<slug>/ beside /tags/autocomplete/: a tag with that slug would
# have a page nobody could reach.
RESERVED_TAG_SLUGS = frozenset({"autocomplete"})


def tag_slug(name: str) -> str:
    """The slug of every tag (listeners', artists', editors'): `slug_for` keeping
    every script, else `tag-<hash>`; a reserved word gets "-tag" after it."""
    slug = slug_for(
        name,
        max_length=TAG_SLUG_MAX_LENGTH,
        allow_unicode=True,
        fallback=hashed_slug(name, prefix="tag"),
    )
    return f"{slug}-tag" if slug in RESERVED_TAG_SLUGS else slug


def one_line(text: str) -> str:
    """Text on one line for a mail subject: runs of ordinary white space become one
    space, while no-break spaces stay, since French typography puts them before a
    colon."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()
