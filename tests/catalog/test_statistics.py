"""Public statistics of albums and artists, over time, from the raw events."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from jamhub.catalog.models import (
    AlbumStatus,
    DownloadEvent,
    TorrentCompletion,
    TrackPlay,
)
from jamhub.catalog.services.statistics import album_series, artist_series


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def listened(published_album):
    """Plays on two days, a zip download, completions on two days."""
    tracks = list(published_album.tracks.all())
    for n, track in enumerate(tracks):
        TrackPlay.objects.create(track=track, listener_key=f"a{n}", day=days_ago(0))
    TrackPlay.objects.create(track=tracks[0], listener_key="b", day=days_ago(3))
    TrackPlay.objects.create(track=tracks[0], listener_key="old", day=days_ago(400))
    DownloadEvent.objects.create(album=published_album, format="mp3", listener_key="c")
    TorrentCompletion.objects.create(album=published_album, day=days_ago(1), count=4)
    TorrentCompletion.objects.create(album=published_album, day=days_ago(2), count=1)
    return published_album


def test_series_count_each_day_of_the_period(listened):
    plays, downloads, completions = album_series(listened, days=30)

    tracks = listened.tracks.count()
    assert plays.counts[-1] == tracks
    assert plays.counts[-4] == 1
    assert plays.total == tracks + 1  # the play 400 days ago is outside
    assert downloads.counts[-1] == 1
    assert completions.counts[-2:] == [4, 0]
    assert completions.total == 5
    assert len(plays.bars) == 30
    assert max(bar["height"] for bar in completions.bars) == pytest.approx(80)


def test_the_artist_series_count_new_fans(listened):
    from jamhub.fanclubs.models import Fan
    from tests.factories import UserFactory

    Fan.objects.create(artist=listened.artist, user=UserFactory())
    Fan.objects.create(artist=listened.artist, user=UserFactory())

    names = {s.name: s for s in artist_series(listened.artist, days=7)}

    assert names["fans"].counts[-1] == 2
    assert names["plays"].total == listened.tracks.count() + 1


def test_album_and_artist_statistics_pages(listened):
    album_url = f"/en/statistics/artists/{listened.artist.slug}/{listened.slug}/"
    album_page = Client().get(album_url).content.decode()
    artist_page = (
        Client().get(f"/en/statistics/artists/{listened.artist.slug}/").content.decode()
    )
    french = Client().get(album_url.replace("/en/", "/fr/")).content.decode()

    assert f"Statistics of {listened.title}" in album_page
    assert "5 in all, at most 4 a day" in album_page  # completions
    assert "<rect " in album_page
    assert album_url in artist_page  # the album's row links to its page
    assert "Les 90 derniers jours" in french


def test_the_artists_album_table_scrolls_inside_its_box_on_a_phone(listened):
    # Five columns are wider than a 390 px phone: the table scrolls in its own box
    # instead of widening the whole page.
    page = Client().get(f"/en/statistics/artists/{listened.artist.slug}/")

    assert '<div class="table-scroll">\n        <table class="table">' in (
        page.content.decode()
    )


def test_statistics_of_an_unpublished_album_are_not_shown(album):
    assert album.status != AlbumStatus.PUBLISHED
    url = f"/en/statistics/artists/{album.artist.slug}/{album.slug}/"

    assert Client().get(url).status_code == 404
