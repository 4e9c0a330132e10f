"""Radios: endless batches by tag or artist, well-rated first, no repeat within an
hour for the same listener."""

import re
import time

import pytest
from django.test import Client

from jamhub.community.models import Review
from jamhub.community.services import radios
from jamhub.community.services.radios import RadioSeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(album, make_album, make_track):
    album.tags.add("ambient")
    other = make_album("Second")
    other.tags.add("ambient")
    return [make_track(album, n, f"Track {n}") for n in range(1, 8)] + [
        make_track(other, n, f"Other {n}") for n in range(1, 8)
    ]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [entry["id"] for entry in response.json()["tracks"]]


def test_a_radio_never_repeats_a_track_within_an_hour(catalogue, listener_client):
    url = "/en/radios/tag/ambient/next/"
    seen = fetch(listener_client, url) + fetch(listener_client, url)
    assert len(seen) == 14
    assert len(set(seen)) == 14
    assert fetch(listener_client, url) == []  # every track played this hour


def test_after_an_hour_tracks_come_back(catalogue, listener, monkeypatch):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = listener
    request.session = {}
    seed = RadioSeed("tag", "ambient")
    now = time.time()
    first = radios.next_radio_batch(seed, request=request, size=20, now=now)
    assert len(first) == 14
    assert radios.next_radio_batch(seed, request=request, now=now + 3599) == []
    assert len(radios.next_radio_batch(seed, request=request, now=now + 3601)) == 10


def test_each_anonymous_listener_has_their_own_hour(catalogue):
    url = "/en/radios/tag/ambient/next/"
    one, two = Client(), Client()
    one.get("/en/radios/tag/ambient/")  # the page serves the first batch
    assert len(fetch(one, url)) == 4
    assert len(fetch(two, url)) == 10


def test_an_artist_radio_plays_only_that_artist(catalogue, make_track, album):
    from jamhub.catalog.services import albums as album_services

    stranger = album_services.create_artist(
        name="Strangers", by=album.artist.memberships.first().user
    )
    page = Client().get(f"/en/radios/artist/{album.artist.pk}/")
    assert page.status_code == 200
    assert b'data-radio-url="/en/radios/artist/' in page.content
    # An artist with nothing published has no radio, like no page.
    assert Client().get(f"/en/radios/artist/{stranger.pk}/next/").status_code == 404
    assert Client().get(f"/en/radios/artist/{stranger.pk}/").status_code == 404
    assert Client().get(f"/en/radios/artist/{'9' * 30}/").status_code == 404
    assert Client().get("/en/radios/tag/nothing-here/").status_code == 404
    assert Client().get("/en/radios/genre/x/").status_code == 404


def test_well_rated_albums_come_up_more_often(album, make_album, make_track, listener):
    from tests.factories import UserFactory

    album.tags.add("dub")
    poor = make_album("Poor")
    poor.tags.add("dub")
    for _ in range(5):
        Review.objects.create(album=album, author=UserFactory(), rating=5)
        Review.objects.create(album=poor, author=UserFactory(), rating=1)
    good_track = make_track(album, 1, "Good")
    make_track(poor, 1, "Bad")
    weights = dict(radios.radio_tracks(RadioSeed("tag", "dub")))
    assert weights[good_track.pk] > 4 * min(weights.values())


def test_the_radio_page_speaks_french(catalogue):
    html = Client().get("/fr/radios/tag/ambient/").content.decode()
    assert "Lancer la radio" in html
    assert "Radio\u00a0: ambient" in html


def test_album_pages_offer_radios_by_artist_and_tag(catalogue, album):
    html = Client().get(album.get_absolute_url()).content.decode()
    assert f"/en/radios/artist/{album.artist.pk}/" in html
    assert "/en/radios/tag/ambient/" in html


def test_coming_up_lists_the_batch_the_start_button_plays(catalogue):
    # given
    from tests.catalog.test_pages import player_queue

    # when
    response = Client().get("/en/radios/tag/ambient/")

    # then: one row per track of the player's queue, with artist and duration
    html = response.content.decode()
    queue = player_queue(response)
    rows = re.findall(r'<li class="upcoming__item" data-track-id="(\d+)">', html)
    assert [int(pk) for pk in rows] == [entry["id"] for entry in queue]
    assert 'data-player-upcoming="/en/radios/tag/ambient/next/"' in html
    first = queue[0]
    assert f">{first['title']}</a>" in html
    assert f"{first['artist']} – {first['album']}</span>" in html
    assert '<span class="upcoming__duration" data-upcoming-duration>1:01</span>' in html


def test_looking_at_a_radio_page_again_shows_the_same_queue_and_uses_nothing(
    catalogue,
):
    """A reload or Back must not use the radio up: only what the player plays is
    kept out for the hour."""
    from tests.catalog.test_pages import player_queue

    client = Client()
    first = [e["id"] for e in player_queue(client.get("/en/radios/tag/ambient/"))]
    for _ in range(3):
        again = player_queue(client.get("/en/radios/tag/ambient/"))
        assert [e["id"] for e in again] == first

    # The player, playing the page's batch, asks for more: the rest of the radio.
    more = fetch(client, "/en/radios/tag/ambient/next/")
    assert len(first) == 10
    assert len(more) == 4
    assert not set(more) & set(first)
    # And the radio has run dry for this hour: all 14 tracks were played.
    assert fetch(client, "/en/radios/tag/ambient/next/") == []
