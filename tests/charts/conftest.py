"""Chart fixtures: published albums without audio, and helpers that write the raw
events charts read (ratings, plays, downloads) at chosen times."""

import datetime
import itertools

import pytest
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus, DownloadEvent, Track, TrackPlay
from jamhub.catalog.services import albums as album_services
from tests.factories import UserFactory

NOW = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=datetime.UTC)
LONG_AGO = NOW - datetime.timedelta(days=400)

_numbers = itertools.count(1)


@pytest.fixture
def owner(db):
    user = UserFactory(display_name="Zoë Owner")
    user.date_joined = LONG_AGO
    user.save(update_fields=["date_joined"])
    return user


@pytest.fixture
def artist(owner):
    return album_services.create_artist(name="The Loops", by=owner)


@pytest.fixture
def make_album(artist, owner):
    """A published album with two tracks and no files."""

    def make(title: str, *, licence: str = "cc-by-sa-4.0", tags=(), by=None) -> Album:
        album = album_services.create_album(
            by.artist_memberships.first().artist if by else artist,
            title=title,
            licence=licence,
            by=by or owner,
        )
        for number in (1, 2):
            Track.objects.create(album=album, number=number, title=f"Track {number}")
        Album.objects.filter(pk=album.pk).update(
            status=AlbumStatus.PUBLISHED, published_at=NOW - datetime.timedelta(days=60)
        )
        album.refresh_from_db()
        if tags:
            album.tags.add(*tags)
        return album

    return make


@pytest.fixture
def listener(db):
    """An established, verified account: each call makes a new one."""

    def make(*, verified: bool = True, joined: datetime.datetime = LONG_AGO):
        user = UserFactory(verified=verified)
        user.date_joined = joined
        user.save(update_fields=["date_joined"])
        return user

    return make


@pytest.fixture
def rate(db):
    """A rating given at a chosen time (the review service's own checks are tested
    in tests/community)."""
    from jamhub.community.models import Review

    def give(album, user, stars: int, *, at: datetime.datetime = NOW, **fields):
        review = Review.objects.create(album=album, author=user, rating=stars, **fields)
        Review.objects.filter(pk=review.pk).update(created_at=at, updated_at=at)
        return review

    return give


def play(album: Album, listener_key: str, day: datetime.date, *, track: int = 1):
    TrackPlay.objects.create(
        track=album.tracks.get(number=track), listener_key=listener_key, day=day
    )


def download(album: Album, listener_key: str, when: datetime.datetime) -> None:
    event = DownloadEvent.objects.create(
        album=album, format="mp3", listener_key=listener_key
    )
    DownloadEvent.objects.filter(pk=event.pk).update(created_at=when)


def days_ago(days: int) -> datetime.date:
    return (NOW - datetime.timedelta(days=days)).date()


def now() -> datetime.datetime:
    return timezone.now()
