"""Text normalisation shared by indexing and queries: accents and case folded, so
that "Cafe" finds "Café" and "OEUVRE" finds "Œuvre"; and the cleaning of what a
visitor types before it goes anywhere near a query."""

import re
import unicodedata

MAX_TERMS = 8
# What a query may carry at most, in characters (the search box's maxlength).
MAX_TEXT = 200
# Letters that NFKD does not decompose.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})
# Letters and digits: the tokens SQLite's unicode61 and PostgreSQL's parser agree on.
# No quote, bracket, star, colon or NUL survives, so a term can be quoted as is
# in an FTS5 or tsquery expression.
_TOKEN = re.compile(r"[^\W_]+")
# Control characters (NUL among them: PostgreSQL refuses it in any string) and lone
# surrogates (not encodable in UTF-8).
_UNSAFE_CATEGORIES = {"Cc", "Cs"}


def clean(text: str, *, limit: int = MAX_TEXT) -> str:
    """Text as typed, without control characters, spaces collapsed, at most
    limit characters: safe to echo, to log and to pass to any backend."""
    kept = "".join(
        " " if unicodedata.category(char) in _UNSAFE_CATEGORIES else char
        for char in text
    )
    return " ".join(kept.split())[:limit].strip()


def fold(text: str) -> str:
    """Lower case, without accents or ligatures."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str) -> list[str]:
    """The folded words of text, in order."""
    return _TOKEN.findall(fold(text))


def normalise(text: str) -> str:
    """The folded words joined by single spaces: the form stored and compared."""
    return " ".join(tokens(text))


def query_terms(text: str) -> list[str]:
    """The words a query searches for (at most MAX_TERMS, duplicates dropped)."""
    return list(dict.fromkeys(tokens(text)))[:MAX_TERMS]


def plain_words(text: str) -> str:
    """The words of text as typed (case and accents kept), joined by spaces: what
    may go to a search engine that parses its own syntax (Wagtail's search puts
    each word in double quotes without escaping them)."""
    return " ".join(list(dict.fromkeys(_TOKEN.findall(text)))[:MAX_TERMS])


def tag_keys(value: str) -> tuple[str, ...]:
    """What a tag filter value matches, whatever its case: a tag's slug
    ("Ambient" -> "ambient") or a tag's folded name ("Hip Hop" -> "hip hop")."""
    slug = clean(value, limit=100).lower()
    name = normalise(clean(value, limit=100))
    return tuple(dict.fromkeys(key for key in (slug, name) if key))


def words_match(name: str, terms: list[str], *, prefix: bool) -> bool:
    """Whether every term is a word (or the start of a word) of the folded name."""
    words = name.split()
    if prefix:
        return all(any(word.startswith(term) for word in words) for term in terms)
    return all(term in words for term in terms)
