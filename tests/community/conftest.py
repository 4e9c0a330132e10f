"""Community fixtures: a published album (no audio: reviews and tags need none),
its artist's owner, listeners and a moderator, each with a signed-in client."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus, Track
from jamhub.catalog.services import albums as album_services
from tests.factories import UserFactory, client_for


@pytest.fixture
def artist(owner):
    return album_services.create_artist(name="The Loops", by=owner)


@pytest.fixture
def make_album(artist, owner):
    """A published album (or in another state) without files."""

    def make(title: str = "First Light", *, status: str = AlbumStatus.PUBLISHED):
        album = album_services.create_album(
            artist,
            title=title,
            licence="cc-by-sa-4.0",
            by=owner,
            release_date=datetime.date(2024, 5, 1),
        )
        Album.objects.filter(pk=album.pk).update(
            status=status,
            published_at=timezone.now() if status == AlbumStatus.PUBLISHED else None,
        )
        return Album.objects.get(pk=album.pk)

    return make


@pytest.fixture
def album(make_album) -> Album:
    return make_album()


@pytest.fixture
def track(album) -> Track:
    return Track.objects.create(album=album, number=1, title="Dawn")


@pytest.fixture
def listener(db):
    return UserFactory(display_name="Lena Listener")


@pytest.fixture
def other_listener(db):
    return UserFactory(display_name="Omar Other")


@pytest.fixture
def listener_client(listener) -> Client:
    return client_for(listener)


@pytest.fixture
def other_client(other_listener) -> Client:
    return client_for(other_listener)


@pytest.fixture
def make_track(settings):
    """A ready track with tiny stand-in rendition files (no ffmpeg: players and zips
    only read the files)."""
    import hashlib
    from pathlib import Path

    from jamhub.catalog.models import Rendition
    from jamhub.catalog.models.tracks import TrackState

    def make(album, number: int, title: str, *, formats=("mp3", "ogg")) -> Track:
        track = Track.objects.create(
            album=album,
            number=number,
            title=title,
            duration=61.0,
            state=TrackState.READY,
        )
        for fmt in formats:
            relative = f"albums/{album.pk}/{fmt}/{number:02d} - {title}.{fmt}"
            data = f"{fmt} bytes of {title}".encode()
            path = Path(settings.MEDIA_ROOT) / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            Rendition.objects.create(
                track=track,
                format=fmt,
                codec=fmt,
                path=relative,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                duration=61.0,
            )
        return track

    return make
