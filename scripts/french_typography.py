"""Apply French typography to the French catalogue's translations, in place.

French sets a no-break space before ":" and inside « », and a narrow no-break space
before ";", "!" and "?", so that a line never starts with the punctuation. Translators
type ordinary spaces; `make makemessages` runs this after extracting, and
tests/test_french_typography.py fails on any translation it would still change.

Usage: python scripts/french_typography.py [locale/fr/LC_MESSAGES/django.po ...]
"""

import re
import sys
from pathlib import Path

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# A msgstr (or msgstr[n]) and its continuation lines, never msgid: the English stays.
MSGSTR = re.compile(r'^(msgstr(?:\[\d+\])? )((?:".*"\n?)+)', re.MULTILINE)


def typeset(text: str) -> str:
    """The French spacing rules applied to one translation (PO-escaped text)."""
    text = re.sub(r"[ \u202f]:", NBSP + ":", text)
    text = re.sub(r"[ \u00a0]([;!?])", NARROW_NBSP + r"\1", text)
    text = re.sub(r"« ", "«" + NBSP, text)
    text = re.sub(r" »", NBSP + "»", text)
    return text


def typeset_catalogue(source: str) -> str:
    """Every translation of a catalogue typeset; the header entry is left alone."""

    def one(match: re.Match[str]) -> str:
        lines = match.group(2)
        if lines.startswith('""\n"Project-Id-Version'):
            return match.group(0)
        return match.group(1) + typeset(lines)

    return MSGSTR.sub(one, source)


def main(paths: list[str]) -> int:
    for path in [Path(p) for p in paths] or [DEFAULT_CATALOGUE]:
        source = path.read_text(encoding="utf-8")
        result = typeset_catalogue(source)
        if result != source:
            path.write_text(result, encoding="utf-8")
            print(f"typeset {path}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
