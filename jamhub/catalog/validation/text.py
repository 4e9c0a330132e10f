"""Tag text from uploads (titles, artist names) made safe to store and show."""

import re
import unicodedata

ZERO_WIDTH_JOINER = "\u200d"  # joins emoji: 👩‍🎤 is one picture, not two
# Controls that separate words, so they become a space rather than vanish.
_SPACING_CONTROLS = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")
_WHITESPACE_RUN = re.compile(r"\s{2,}")
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_SKIN_TONES = (0x1F3FB, 0x1F3FF)
_REGIONAL_INDICATORS = (0x1F1E6, 0x1F1FF)


def clean_tag_text(value: str, max_length: int) -> str:
    """`value` in NFC, without control, bidi or other invisible format characters,
    whitespace collapsed, at most `max_length` characters, never cut inside an
    accented letter or an emoji. HTML stays as text: templates escape it."""
    text = "".join(_clean_character(c) for c in unicodedata.normalize("NFC", value))
    # A single non-ASCII space (French no-break space before ":") is typography; runs
    # of spaces are layout, and collapse to one.
    text = _WHITESPACE_RUN.sub(" ", text).strip()
    return _cut(text, max_length)


def _clean_character(character: str) -> str:
    if character in _SPACING_CONTROLS:
        return " "
    category = unicodedata.category(character)
    # Cf holds the bidi controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) that
    # make "3pm.exe" show as "exe.mp3", and zero-width characters that make two
    # names look the same. Unassigned code points (Cn) stay: Python 3.11's Unicode
    # tables predate recent emoji.
    if category in {"Cc", "Cs"} or (
        category == "Cf" and character != ZERO_WIDTH_JOINER
    ):
        return ""
    return character


def _cut(text: str, max_length: int) -> str:
    if max_length <= 0:
        return ""
    if len(text) <= max_length:
        return text
    cut = max_length
    while cut > 0 and _joins_previous(text, cut):
        cut -= 1
    if cut == 0:  # one "character" longer than the limit (stacked accents): cut it
        cut = max_length
    return text[:cut].rstrip()


def _joins_previous(text: str, index: int) -> bool:
    """Whether text[index] belongs to the same visible character as text[index - 1]:
    an approximation of Unicode grapheme clusters, enough for cutting."""
    current, previous = text[index], text[index - 1]
    if previous == ZERO_WIDTH_JOINER or current == ZERO_WIDTH_JOINER:
        return True
    if unicodedata.category(current).startswith("M"):  # combining marks
        return True
    code = ord(current)
    if any(low <= code <= high for low, high in _VARIATION_SELECTORS):
        return True
    if _SKIN_TONES[0] <= code <= _SKIN_TONES[1]:
        return True
    if _is_regional_indicator(current) and _is_regional_indicator(previous):
        # Flags are pairs of regional indicators: count the run to find the pairs.
        start = index
        while start > 0 and _is_regional_indicator(text[start - 1]):
            start -= 1
        return (index - start) % 2 == 1
    return False


def _is_regional_indicator(character: str) -> bool:
    return _REGIONAL_INDICATORS[0] <= ord(character) <= _REGIONAL_INDICATORS[1]
