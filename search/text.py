"""Text normalisation shared by indexing and queries: accents and case folded, so
that "Cafe" finds "Café" and "OEUVRE" finds "Œuvre"."""

import re
import unicodedata

MAX_TERMS = 8
# Letters that NFKD does not decompose.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"})
# Letters and digits: the tokens SQLite's unicode61 and PostgreSQL's parser agree on.
_TOKEN = re.compile(r"[^\W_]+")


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
