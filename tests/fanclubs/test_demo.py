"""The demo fan clubs load once; running them again adds nothing."""

import io

import pytest

from jamhub.accounts.demo import load_demo_people
from jamhub.catalog.models import Album, AlbumStatus, Track
from jamhub.catalog.services import albums as album_services
from jamhub.charts.models import ChartSnapshot
from jamhub.fanclubs.demo import load_demo_fanclubs
from jamhub.fanclubs.models import ArtistNews, Fan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_fan_clubs_are_idempotent(django_capture_on_commit_callbacks):
    load_demo_people()
    artist = album_services.create_artist(name="Demo Band", by=UserFactory())
    album = album_services.create_album(
        artist, title="Demo", licence="cc-by-4.0", by=artist.memberships.get().user
    )
    Track.objects.create(album=album, number=1, title="One")
    Album.objects.filter(pk=album.pk).update(status=AlbumStatus.PUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        first = load_demo_fanclubs()
    second = load_demo_fanclubs()

    assert first == {"fans": 2, "news": 2}  # alice and bruno exist without community
    assert second == {"fans": 0, "news": 0}
    assert Fan.objects.filter(artist=artist).count() == 2
    assert ArtistNews.objects.filter(artist=artist, fans_only=True).count() == 1


def test_load_demo_computes_the_charts(db):
    from django.core.management import call_command

    call_command("load_demo", "--no-catalogue", stdout=io.StringIO())
    # Yesterday's charts and today's, four periods each: the pages show movement.
    assert ChartSnapshot.objects.count() == 8
