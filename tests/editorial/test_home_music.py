"""The home page puts music first: play buttons on new and featured albums, one
player queue behind them, a featured radio, and the fans' share of the week."""

import json
import re

import pytest
from django.utils import timezone

from jamhub.catalog.models import AlbumTorrent, SeedingCredit
from tests.community.conftest import (  # noqa: F401 - fixtures
    album,
    artist,
    make_album,
    make_track,
)
from tests.factories import UserFactory

PLAY_BUTTON = re.compile(r'data-play-index="(\d+)"')


def _queue(html: str) -> list[dict]:
    match = re.search(
        r'<script id="player-queue" type="application/json">(.*?)</script>', html
    )
    assert match, "no player queue on the page"
    return json.loads(match.group(1))


@pytest.fixture
def albums(make_album, make_track):  # noqa: F811
    dawn = make_album("Dawn Songs")
    make_track(dawn, 1, "Early")
    make_track(dawn, 2, "Later")
    dusk = make_album("Dusk Songs")
    make_track(dusk, 1, "Evening")
    silent = make_album("Nothing Ready Yet")
    return dawn, dusk, silent


def test_every_new_album_card_plays_its_own_album(demo_site, client, albums):
    dawn, _dusk, silent = albums

    html = client.get("/en/").content.decode()

    queue = _queue(html)
    starts = {
        int(index): queue[int(index)]["album"] for index in PLAY_BUTTON.findall(html)
    }
    assert starts[0] in {"Dawn Songs", "Dusk Songs"}  # "Start listening"
    assert set(starts.values()) == {"Dawn Songs", "Dusk Songs"}
    for index, title in starts.items():
        assert queue[index]["album"] == title
        assert queue[index]["title"] in {"Early", "Evening"}  # its first track
    assert f"Play {dawn.title}" in html
    assert f"Play {silent.title}" not in html  # nothing to play: no button
    assert silent.title in html


def test_the_first_screen_offers_listening_before_the_magazine(
    demo_site, client, albums
):
    html = client.get("/en/").content.decode()

    hero = html[html.index('id="hero-title"') : html.index("</section>")]
    assert "Start listening" in hero
    assert hero.index("Start listening") < hero.index("Read the magazine")
    assert html.index("New releases") < html.index("From the magazine")


def test_the_home_page_says_how_many_fans_carried_how_many_albums(
    demo_site, client, albums
):
    dawn, dusk, _silent = albums
    fans = [UserFactory() for _ in range(3)]
    for number, album_ in enumerate((dawn, dusk)):
        torrent = AlbumTorrent.objects.create(
            album=album_,
            format="mp3",
            info_hash=f"{number:040d}",
            name=album_.title,
            path=f"torrents/{number}.torrent",
            size=1000,
            files_digest="x",
        )
        for fan in fans[number:]:
            SeedingCredit.objects.create(user=fan, torrent=torrent, uploaded=500)
    stale = UserFactory()
    old = SeedingCredit.objects.create(user=stale, torrent=torrent, uploaded=9)
    SeedingCredit.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=8)
    )

    html = client.get("/en/").content.decode()

    assert "2 albums carried by 3 fans this week" in html


def test_the_main_menu_leads_to_artists_tags_and_radios(demo_site, client, albums):
    albums[0].tags.add("ambient")

    html = client.get("/en/").content.decode()
    radios = client.get("/en/radios/")

    nav = html[html.index('aria-label="Main"') : html.index("</nav>")]
    for href in ('"/en/artists/"', '"/en/tags/"', '"/en/radios/"', '"/en/albums/"'):
        assert href in nav
    assert radios.status_code == 200
    assert 'href="/en/radios/tag/ambient/"' in radios.content.decode()
    assert 'href="/en/radios/tag/ambient/"' in html  # the featured radio


@pytest.mark.parametrize(
    "path", ["/en/", "/en/albums/", "/en/artists/", "/en/radios/", "/en/tags/"]
)
def test_pages_carry_no_inline_style_attribute(
    demo_site, client, albums, path, listener_client_for_csp
):
    # The Content-Security-Policy has no 'unsafe-inline' for styles: a style
    # attribute, even empty, is an error in the console.
    for each in (client, listener_client_for_csp):
        html = each.get(path).content.decode()
        assert not re.search(r"\sstyle=", html), path


def test_the_album_page_carries_no_inline_style_attribute(
    demo_site, client, albums, listener_client_for_csp
):
    for each in (client, listener_client_for_csp):
        html = each.get(albums[0].get_absolute_url()).content.decode()
        assert not re.search(r"\sstyle=", html)


@pytest.fixture
def listener_client_for_csp(db):
    from tests.factories import client_for

    return client_for(UserFactory(display_name="Cleo Spencer"))


def test_the_top_of_the_weekly_chart_is_featured_with_a_play_button(
    demo_site, client, albums
):
    from jamhub.charts.models import ChartEntry, ChartSnapshot

    dawn, dusk, _silent = albums
    snapshot = ChartSnapshot.objects.create(
        period="week",
        computed_at=timezone.now(),
        window_end=timezone.now().date(),
        prior_mean=3.0,
        formula_version=1,
    )
    for rank, (album_, score) in enumerate(((dusk, 9.0), (dawn, 2.0)), start=1):
        ChartEntry.objects.create(
            snapshot=snapshot, album=album_, rank=rank, score=score, bayesian_mean=3
        )

    html = client.get("/en/").content.decode()

    featured = html[
        html.index('id="featured-albums"') : html.index('id="new-releases"')
    ]
    assert "Dusk Songs" in featured
    assert "Play Dusk Songs" in featured
    queue = _queue(html)
    assert queue[0]["album"] == "Dusk Songs"  # "Start listening" begins with it
