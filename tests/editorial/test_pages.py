"""Editorial pages, the magazine, its feeds and page search, through HTTP."""

import xml.etree.ElementTree as ET

from jamhub.editorial.models import NEWS_PER_PAGE, NewsIndexPage, NewsPage

ATOM = "{http://www.w3.org/2005/Atom}"


def test_home_page_shows_the_hero_and_the_latest_news(demo_site, client):
    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="hero-title">Free music, carried by its fans</h1>' in html
    assert "From the magazine" in html
    assert "JamHub opens its doors" in html
    assert 'href="/en/magazine/"' in html  # hero button and main menu


def test_the_root_url_redirects_to_a_language(demo_site, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_main_menu_lists_pages_marked_for_menus_in_the_current_language(
    demo_site, client
):
    english = client.get("/en/").content.decode()
    french = client.get("/fr/").content.decode()

    assert 'href="/en/about/"' in english
    assert 'href="/fr/a-propos/"' in french
    assert 'href="/en/about/"' not in french


def test_standard_and_news_pages_render(demo_site, client):
    about = client.get("/en/about/")
    article = client.get("/en/magazine/why-we-seed/")

    assert about.status_code == 200
    assert "JamHub is a community for music that is free to share." in (
        about.content.decode()
    )
    html = article.content.decode()
    assert article.status_code == 200
    assert "Why we seed every album" in html
    assert "Élodie Martin" in html  # the author
    assert "?tag=bittorrent" in html


def test_magazine_filters_by_tag(demo_site, client):
    response = client.get("/en/magazine/", {"tag": "guide"})

    html = response.content.decode()
    assert "Why we seed every album" in html
    assert "Choosing a licence for your album" in html
    assert "JamHub opens its doors" not in html


def test_magazine_paginates_and_tolerates_bad_page_numbers(demo_site, client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    for number in range(NEWS_PER_PAGE):
        index.add_child(
            instance=NewsPage(
                title=f"Extra article {number}", intro="More news.", body=[]
            )
        )

    first = client.get("/en/magazine/")
    second = client.get("/en/magazine/", {"page": "2"})
    beyond = client.get("/en/magazine/", {"page": "99"})
    garbage = client.get("/en/magazine/", {"page": "x"})

    assert first.content.decode().count('class="card"') == NEWS_PER_PAGE
    assert second.content.decode().count('class="card"') == 3
    assert 'rel="prev"' in second.content.decode()
    assert beyond.status_code == garbage.status_code == 200
    assert beyond.content.decode().count('class="card"') == 3


def test_draft_articles_are_not_listed_or_served(demo_site, client):
    index = NewsIndexPage.objects.get(locale__language_code="en")
    draft = NewsPage(
        title="Secret draft", slug="secret-draft", intro="Not yet.", body=[], live=False
    )
    index.add_child(instance=draft)

    assert "Secret draft" not in client.get("/en/magazine/").content.decode()
    assert client.get("/en/magazine/secret-draft/").status_code == 404


def test_rss_feed_lists_the_articles_of_its_language(demo_site, client, settings):
    settings.SITE_URL = "https://music.example.org"
    response = client.get("/en/magazine/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [
        "JamHub opens its doors",
        "Why we seed every album",
        "Choosing a licence for your album",
    ]
    first_link = channel.find("item").findtext("link")
    assert first_link == "https://music.example.org/en/magazine/jamhub-opens/"


def test_atom_feed_is_valid_and_in_french_for_the_french_magazine(demo_site, client):
    response = client.get("/fr/magazine/feed/atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert "JamHub ouvre ses portes" in titles
    assert feed.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Élodie Martin"
    assert [c.get("term") for c in feed.findall(f"{ATOM}entry/{ATOM}category")]


def test_index_page_announces_its_feeds(demo_site, client):
    html = client.get("/en/magazine/").content.decode()

    assert 'type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html


def test_page_search_finds_pages_in_the_current_language_only(demo_site, client):
    english = client.get("/en/search/", {"q": "bandwidth"})
    french = client.get("/fr/search/", {"q": "bande passante"})

    assert "About JamHub" in english.content.decode()
    assert "propos" in french.content.decode()
    assert "About JamHub" not in french.content.decode()


def test_page_search_explains_an_empty_result(demo_site, client):
    response = client.get("/en/search/", {"q": "zzzznothingmatches"})

    assert response.status_code == 200
    assert "Nothing matches" in response.content.decode()


def test_unknown_page_is_a_themed_404(demo_site, client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_public_pages_have_landmarks_and_a_skip_link(demo_site, client):
    html = client.get("/en/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert 'aria-label="Main"' in html
    assert 'hreflang="fr"' in html
    assert 'role="search"' in html
