"""The production error pages: the site's own layout, and links that stay on the site
whatever path was asked for."""

import re

import pytest

HREF = re.compile(r'href="([^"]*)"')
TAG_WITH_HREFLANG = re.compile(r"<(?:a|link) [^>]*hreflang=[^>]*>")


def _language_hrefs(html: str) -> list[str]:
    """The href of every <link> and <a> that names a language."""
    return [HREF.search(tag).group(1) for tag in TAG_WITH_HREFLANG.findall(html)]


def _hrefs(html: str) -> list[str]:
    return HREF.findall(html)


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/en/albums/",
        "//evil.example/en/no-such-page/",
        "/en//evil.example/en/albums/",
    ],
)
def test_a_404_links_only_to_the_site_whatever_the_path(db, client, settings, path):
    assert settings.DEBUG is False

    raw_path, _, query = path.partition("?")
    # The test client would read "//host/..." as a host; a real server passes the
    # raw path through, so it is given as PATH_INFO.
    response = client.get("/", PATH_INFO=raw_path, QUERY_STRING=query)

    html = response.content.decode()
    assert response.status_code == 404
    language_links = _language_hrefs(html)
    assert len(language_links) >= 3  # <link rel="alternate"> and the switcher
    for href in language_links:
        assert href.startswith("/"), href
        assert not href.startswith("//"), href
    assert not [href for href in _hrefs(html) if href.startswith("//")]
    assert "evil.example" not in html


def test_the_language_switcher_keeps_a_resolved_page_and_its_query(db, client):
    html = client.get("/en/albums/", {"licence": "cc-by-4.0"}).content.decode()

    assert 'href="/fr/albums/?licence=cc-by-4.0"' in html
    assert 'href="/en/albums/?licence=cc-by-4.0"' in html


def test_a_404_in_production_is_the_sites_page_not_a_debug_page(db, client, settings):
    assert settings.DEBUG is False

    response = client.get("/en/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert "Page not found" in html
    assert "URLconf" not in html  # Django's technical 404 lists the URL patterns
    assert "Go to the home page" in html
    assert 'hreflang="fr"' in html


def test_a_404_keeps_an_odd_query_string_on_the_site(db, client):
    response = client.get("/en/no-such-page/", {"next": "//evil.example/"})

    html = response.content.decode()
    assert response.status_code == 404
    for href in _language_hrefs(html):
        assert href.startswith("/"), href
        assert not href.startswith("//"), href
        assert "?next=%2F%2Fevil.example%2F" in href
