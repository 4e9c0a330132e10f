"""The French catalogue follows French typography: no-break spaces before ":" and
inside « », narrow ones before ";", "!" and "?", typographic apostrophes, and one word
for a tag ("étiquette")."""

import importlib.util
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"
SCRIPT = Path(settings.BASE_DIR) / "scripts" / "french_typography.py"


def load_script():
    spec = importlib.util.spec_from_file_location("french_typography", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def translations() -> list[str]:
    """Each msgstr's text, its continuation lines joined, the header left out."""
    source = CATALOGUE.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^msgstr(?:\[\d+\])? ((?:\".*\"\n?)+)", source, re.M):
        text = "".join(re.findall(r'"(.*)"', match.group(1)))
        if not text.startswith("Project-Id-Version"):
            found.append(text)
    return found


def test_typesetting_spaces_french_punctuation():
    typeset = load_script().typeset
    assert typeset("Statut : publié") == "Statut\u00a0: publié"
    assert typeset("Vraiment ? Oui !") == "Vraiment\u202f? Oui\u202f!"
    assert typeset("« Brume »") == "«\u00a0Brume\u00a0»"
    assert typeset("https://example.org") == "https://example.org"


def test_every_translation_is_typeset():
    typeset = load_script().typeset
    wrong = [text for text in translations() if typeset(text) != text]
    assert wrong == []


def test_no_translation_uses_a_straight_apostrophe():
    assert [t for t in translations() if re.search(r"\w'\w", t)] == []


def test_a_tag_is_always_an_etiquette_in_french():
    """Placeholders such as %(tag)s aside, French never says "tag"."""
    words = [re.sub(r"%\(\w+\)[sd]|\{\w+\}", "", t) for t in translations()]
    assert [w for w in words if re.search(r"\btags?\b", w, re.IGNORECASE)] == []
