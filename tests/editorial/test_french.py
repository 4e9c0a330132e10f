"""The public site in French and English: interface strings, content, language switcher.

These go through the compiled catalogue (locale/fr/LC_MESSAGES/django.mo, built by the
compiled_translations fixture), so a missing or broken translation shows here.
"""

import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from jamhub.editorial.demo import HOME

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
APOSTROPHE = "\u2019"  # the typographic apostrophe French texts use

FRENCH_FOOTER = (
    "De la musique publiée par ses artistes sous licences Creative Commons"
    f"{NBSP}: à écouter, télécharger et partager librement."
)
ENGLISH_FOOTER = (
    "Music published by its artists under Creative Commons licences: "
    "free to listen, download and share."
)


class _LanguageSwitcher(HTMLParser):
    """Collects hreflang -> href of the links in <nav class="language-switcher">."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._depth = 0  # nesting of <nav> elements inside the switcher

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "nav":
            classes = (attributes.get("class") or "").split()
            if self._depth or "language-switcher" in classes:
                self._depth += 1
        elif tag == "a" and self._depth and attributes.get("hreflang"):
            self.links[attributes["hreflang"] or ""] = attributes.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._depth:
            self._depth -= 1


def language_links(html: str) -> dict[str, str]:
    parser = _LanguageSwitcher()
    parser.feed(html)
    return parser.links


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return unescape(response.content.decode())


def test_french_home_shows_the_french_interface(client, demo_site):
    html = get_html(client, "/fr/")

    assert '<html lang="fr"' in html
    assert '<a class="skip-link" href="#main">Aller au contenu</a>' in html
    assert ">Se connecter</a>" in html
    assert f">S{APOSTROPHE}inscrire</a>" in html
    assert FRENCH_FOOTER in html
    for english in ("Skip to content", "Sign in", "Sign up", ENGLISH_FOOTER):
        assert english not in html


def test_english_home_shows_the_english_interface(client, demo_site):
    html = get_html(client, "/en/")

    assert '<html lang="en"' in html
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert ">Sign in</a>" in html
    assert ">Sign up</a>" in html
    assert ENGLISH_FOOTER in html
    for french in ("Aller au contenu", "Se connecter", FRENCH_FOOTER):
        assert french not in html


def test_french_signup_labels_our_own_field_in_french(client, demo_site):
    html = get_html(client, "/fr/accounts/signup/")

    assert '<html lang="fr"' in html
    assert '<label for="id_display_name">Nom affiché' in html
    assert "Display name" not in html


def test_french_home_page_shows_the_french_hero(client, demo_site):
    html = get_html(client, "/fr/")

    assert f'<h1 id="hero-title">{HOME["hero_title"].fr}</h1>' in html
    assert HOME["hero_title"].en not in html


@pytest.mark.parametrize(
    ("english_url", "french_url"),
    [
        ("/en/magazine/why-we-seed/", "/fr/magazine/why-we-seed/"),
        ("/en/about/", "/fr/a-propos/"),
    ],
)
def test_language_switcher_links_to_the_french_translation(
    client, demo_site, english_url, french_url
):
    links = language_links(get_html(client, english_url))

    assert links == {"en": english_url, "fr": french_url}
    assert '<html lang="fr"' in get_html(client, french_url)


def test_the_french_catalogue_is_complete():
    """Every interface string has a French translation, none of them fuzzy."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (apt-get install gettext)"
    catalogue = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES" / "django.po"

    result = subprocess.run(
        [msgfmt, "--statistics", "--check-format", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr
