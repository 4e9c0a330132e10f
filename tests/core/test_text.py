"""Slugs of user-supplied names: never empty, always accepted by the URL that shows
them, the same for the same name; checked on examples and over arbitrary Unicode."""

import re
from urllib.parse import unquote

import pytest
from django.core.validators import validate_unicode_slug
from django.urls import resolve, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from jamhub.core.text import (
    RESERVED_TAG_SLUGS,
    TAG_SLUG_MAX_LENGTH,
    has_letter_digit_or_symbol,
    hashed_slug,
    slug_for,
    tag_slug,
)

# Any text a browser can send or a file tag can hold: emoji, right-to-left scripts,
# combining marks, controls and NUL; lone surrogates cannot be encoded, so no
# database (nor form) ever receives them.
names = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("The Loops", "the-loops"),
        ("Ψυχεδέλεια", "psychedeleia"),
        ("ロック", "rotku"),
        ("Björk & Sigur Rós", "bjork-sigur-ros"),
        ("🌊", "ocean"),
        ("!!!", "untitled"),
        ("...", "untitled"),
        ("\x00\u200f", "untitled"),
        ("", "untitled"),
    ],
)
def test_catalogue_slugs_are_transliterated_or_fall_back(name, slug):
    assert slug_for(name, max_length=50, fallback="untitled") == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("ambient", "ambient"),
        ("dark  Drone", "dark-drone"),
        ("ロック", "ロック"),
        ("שלום", "שלום"),
        ("hip-hop!", "hip-hop"),
        ("autocomplete", "autocomplete-tag"),
    ],
)
def test_tag_slugs_keep_every_script(name, slug):
    assert tag_slug(name) == slug


def test_a_name_without_words_gets_a_stable_hashed_slug():
    wave = tag_slug("🌊")

    assert re.fullmatch(r"tag-[0-9a-f]{10}", wave)
    assert tag_slug(" 🌊 ") == wave
    assert tag_slug("🔥") != wave
    assert hashed_slug("!!!", prefix="tag") == tag_slug("!!!")


@pytest.mark.parametrize("name", ["rock", "٣", "🌊", "♫"])
def test_a_name_has_meaning_with_a_letter_digit_or_symbol(name):
    assert has_letter_digit_or_symbol(name)


@pytest.mark.parametrize("name", ["!!!", "...", " - ", "$$$", "\x00", ""])
def test_punctuation_spaces_and_controls_alone_mean_nothing(name):
    assert not has_letter_digit_or_symbol(name)


def test_a_long_name_makes_a_slug_that_fits():
    slug = tag_slug("ﷺ" * 100)

    assert 0 < len(slug) <= TAG_SLUG_MAX_LENGTH
    assert not slug.endswith("-")


@settings(max_examples=300)
@given(names, st.integers(min_value=1, max_value=220))
def test_a_catalogue_slug_is_never_empty_and_fits_the_slug_converter(name, length):
    slug = slug_for(name, max_length=length, fallback="untitled"[:length])

    assert 0 < len(slug) <= length
    assert re.fullmatch(r"[-a-zA-Z0-9_]+", slug)
    assert slug == slug_for(name, max_length=length, fallback="untitled"[:length])


@settings(max_examples=300, deadline=None)
@given(names)
def test_a_tag_slug_always_has_a_tag_page(name):
    slug = tag_slug(name)

    validate_unicode_slug(slug)
    assert len(slug) <= TAG_SLUG_MAX_LENGTH
    assert slug not in RESERVED_TAG_SLUGS
    assert slug == tag_slug(name)
    # reverse() percent-encodes; the server hands the view the decoded path.
    match = resolve(unquote(reverse("community:tag", args=[slug])))
    assert match.url_name == "tag"
    assert match.kwargs == {"slug": slug}
    assert resolve(unquote(reverse("community:radio", args=["tag", slug]))).kwargs == {
        "kind": "tag",
        "value": slug,
    }
