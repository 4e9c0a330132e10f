"""make_album: a published album written straight to the database (no ingest)."""

import datetime
import itertools
import uuid
from collections.abc import Callable

import pytest
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus, Artist, Rendition, Track

_counter = itertools.count(1)


def create_album(
    title: str,
    *,
    artist: str = "Some Artist",
    tags: tuple[str, ...] = (),
    licence: str = "cc-by-4.0",
    year: int = 2020,
    tracks: tuple[str, ...] = ("One",),
    track_seconds: float = 200.0,
    formats: tuple[str, ...] = ("mp3", "ogg"),
    description: str = "",
    published_days_ago: int | None = None,
) -> Album:
    """A published album with tracks and renditions rows (no files)."""
    n = next(_counter)
    artist_row, _created = Artist.objects.get_or_create(
        name=artist, defaults={"slug": f"artist-{uuid.uuid4().hex[:10]}"}
    )
    album = Album.objects.create(
        artist=artist_row,
        title=title,
        slug=f"album-{uuid.uuid4().hex[:10]}",
        licence=licence,
        release_date=datetime.date(year, 1, 1),
        description=description,
        status=AlbumStatus.PUBLISHED,
        published_at=timezone.now()
        - datetime.timedelta(
            days=n if published_days_ago is None else published_days_ago
        ),
    )
    if tags:
        album.tags.add(*tags)
    for number, track_title in enumerate(tracks, start=1):
        track = Track.objects.create(
            album=album, number=number, title=track_title, duration=track_seconds
        )
        for fmt in formats:
            Rendition.objects.create(
                track=track,
                format=fmt,
                codec=fmt,
                path=f"x/{album.pk}/{number}.{fmt}",
                size=1,
                sha256="0" * 64,
                duration=track_seconds,
            )
    return album


@pytest.fixture
def make_album(db) -> Callable[..., Album]:
    """create_album, for tests that take fixtures."""
    return create_album
