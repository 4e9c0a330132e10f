"""Catalogue fixtures: an artist and its owner, a draft album, clients for each kind
of person, and helpers that upload files and push an album through processing."""

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jamhub.catalog.models import Album, AlbumStatus, Artist, Original, Track
from jamhub.catalog.services import albums as album_services
from tests.factories import UserFactory, client_for
from tests.media import make_audio, make_image

RELEASE_DATE = datetime.date(2024, 5, 1)


@pytest.fixture
def artist(owner) -> Artist:
    return album_services.create_artist(
        name="The Loops", by=owner, location="Lyon", bio="Drones and loops."
    )


@pytest.fixture
def album(artist, owner) -> Album:
    """A draft with no track yet."""
    return album_services.create_album(
        artist,
        title="First Light",
        licence="cc-by-sa-4.0",
        by=owner,
        release_date=RELEASE_DATE,
    )


@pytest.fixture
def listener_client(db) -> Client:
    """Signed in, with no artist and no role."""
    return client_for(UserFactory())


@pytest.fixture
def audio_file(tmp_path) -> Callable[..., Path]:
    """make_audio in a folder outside MEDIA_ROOT: audio_file("a.flac", title="A")."""
    folder = tmp_path / "sources"

    def make(name: str, *, seconds: float = 2.0, fmt: str | None = None, **tags):
        return make_audio(folder / name, seconds=seconds, fmt=fmt, tags=tags or None)

    return make


@pytest.fixture
def cover_png(tmp_path) -> Path:
    return make_image(tmp_path / "sources" / "cover.png", size=(400, 400))


@pytest.fixture
def upload(owner_client) -> Callable[..., object]:
    """POST one file to the album's upload endpoint, as the page's script does."""

    def post(album: Album, path: Path | None = None, *, name=None, data=None):
        name = name or path.name
        content = data if data is not None else path.read_bytes()
        return owner_client.post(
            f"/en/studio/albums/{album.pk}/upload/",
            {"file": SimpleUploadedFile(name, content)},
            headers={"X-File-Name": name},
        )

    return post


@pytest.fixture
def submit(owner_client, django_capture_on_commit_callbacks) -> Callable[..., Album]:
    """Submit through the studio and run the queued ingest; the album, re-read."""

    def run(album: Album) -> Album:
        with django_capture_on_commit_callbacks(execute=True):
            response = owner_client.post(f"/en/studio/albums/{album.pk}/submit/")
        assert response.status_code == 302
        return Album.objects.get(pk=album.pk)

    return run


@pytest.fixture
def approve(moderator_client, django_capture_on_commit_callbacks):
    """A moderator approves through the review page; the zips are built on commit."""

    def run(album: Album) -> Album:
        with django_capture_on_commit_callbacks(execute=True):
            response = moderator_client.post(
                f"/en/moderation/albums/{album.pk}/", {"action": "approve"}
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        return Album.objects.get(pk=album.pk)

    return run


@pytest.fixture
def pending_album(album, upload, submit, audio_file, cover_png, owner_client) -> Album:
    """Two FLAC tracks and a cover, processed, waiting for review."""
    for number, title in ((1, "Dawn"), (2, "Dusk")):
        response = upload(album, audio_file(f"{number}.flac", title=title))
        assert response.status_code == 200, response.json()
    with cover_png.open("rb") as handle:
        owner_client.post(f"/en/studio/albums/{album.pk}/cover/", {"cover": handle})
    album.refresh_from_db()
    assert album.cover
    album = submit(album)
    assert album.status == AlbumStatus.PENDING_REVIEW, album.status_reason
    return album


@pytest.fixture
def single_track_album(album, upload, submit, audio_file) -> Album:
    """One MP3 track (so MP3 and Ogg renditions), processed, waiting for review."""
    assert upload(album, audio_file("1.mp3", title="Dawn")).status_code == 200
    album = submit(album)
    assert album.status == AlbumStatus.PENDING_REVIEW, album.status_reason
    return album


@pytest.fixture
def waiting_album(album, upload, audio_file) -> Album:
    """One uploaded MP3, the album marked as waiting for review without running the
    ingest: for the review steps that do not need renditions."""
    assert upload(album, audio_file("1.mp3", title="Dawn")).status_code == 200
    Album.objects.filter(pk=album.pk).update(status=AlbumStatus.PENDING_REVIEW)
    return Album.objects.get(pk=album.pk)


@pytest.fixture
def published_album(pending_album, approve) -> Album:
    album = approve(pending_album)
    assert album.status == AlbumStatus.PUBLISHED
    return album


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _private_files(album: Album) -> set[Path]:
    folder = _media_root() / "private" / "originals" / str(album.pk)
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def _original_files(album: Album) -> set[Path]:
    return {_media_root() / o.path for o in Original.objects.filter(track__album=album)}


@pytest.fixture
def assert_nothing_left():
    """No Track, no Original and no private file but those of accepted uploads."""

    def check(album: Album, *, accepted: int = 0) -> None:
        assert Track.objects.filter(album=album).count() == accepted
        assert Original.objects.filter(track__album=album).count() == accepted
        assert _private_files(album) == _original_files(album)
        assert not list(_media_root().glob("private/unzip-*"))

    return check
