"""The magazine's feeds speak of the public site and date articles by their date."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from jamhub.editorial.models import NewsPage

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://music.example.org"


@pytest.fixture
def public_site(demo_site, settings):
    settings.SITE_URL = SITE_URL


def test_rss_self_link_and_links_use_site_url_not_the_wagtail_hostname(
    public_site, client
):
    response = client.get("/en/magazine/feed/", HTTP_HOST="localhost")

    channel = ET.fromstring(response.content).find("channel")
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"{SITE_URL}/en/magazine/feed/"
    assert channel.findtext("link") == f"{SITE_URL}/en/magazine/"
    assert all(
        item.findtext("link").startswith(f"{SITE_URL}/en/magazine/")
        for item in channel.findall("item")
    )
    assert b"localhost" not in response.content


def test_atom_self_link_uses_site_url(public_site, client):
    response = client.get("/fr/magazine/feed/atom/")

    feed = ET.fromstring(response.content)
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"{SITE_URL}/fr/magazine/feed/atom/"
    assert b"testserver" not in response.content


def test_rss_items_are_dated_by_the_articles_own_date(public_site, client):
    dates = dict(
        NewsPage.objects.filter(locale__language_code="en").values_list("title", "date")
    )

    response = client.get("/en/magazine/feed/")

    items = ET.fromstring(response.content).find("channel").findall("item")
    published = {
        item.findtext("title"): parsedate_to_datetime(item.findtext("pubDate")).date()
        for item in items
    }
    assert published == dates
    # The demo articles are dated 2 to 16 days back, all published just now.
    assert timezone.localdate() not in published.values()


def test_atom_entries_are_dated_by_the_articles_own_date(public_site, client):
    article = NewsPage.objects.get(slug="why-we-seed", locale__language_code="en")
    article.date = datetime.date(2024, 5, 17)
    article.save_revision().publish()

    response = client.get("/en/magazine/feed/atom/")

    feed = ET.fromstring(response.content)
    entry = next(
        e
        for e in feed.findall(f"{ATOM}entry")
        if e.findtext(f"{ATOM}title") == article.title
    )
    assert entry.findtext(f"{ATOM}published").startswith("2024-05-17")
    assert entry.findtext(f"{ATOM}updated").startswith("2024-05-17")
