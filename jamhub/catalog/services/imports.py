"""Import a folder of audio files as an album, through the same pipeline as the
browser upload (quarantine checks, renditions, licence tags, review or publication)."""

import re
import shutil
import tempfile
import time
from pathlib import Path

from django.db import transaction

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, AlbumStatus, Artist
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.services.access import is_moderator
from jamhub.catalog.services.ingest import ingest_album
from jamhub.catalog.services.uploads import (
    AUDIO_SUFFIXES,
    Refusal,
    UploadRefused,
    add_track,
    set_cover,
)

COVER_NAMES = ("cover", "folder", "front", "album")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


class ImportFailed(Exception):
    def __init__(self, message: str, refusals: list[Refusal] | None = None) -> None:
        super().__init__(message)
        self.refusals = refusals or []


def _natural_key(path: Path) -> list[object]:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", path.name)]


def audio_files(folder: Path) -> list[Path]:
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
        ),
        key=_natural_key,
    )


def find_cover(folder: Path) -> Path | None:
    images = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
    ]
    for name in COVER_NAMES:
        for image in images:
            if image.stem.lower() == name:
                return image
    return images[0] if len(images) == 1 else None


def import_album_folder(
    folder: Path,
    *,
    artist_name: str,
    licence: str,
    by: User,
    title: str | None = None,
    publish: bool = False,
) -> tuple[Album, list[Refusal]]:
    """Create the album from the folder's files and process it now.

    With publish=True (staff only) the album is published without review; otherwise
    it waits for review like any upload. Files refused by the checks are reported and
    the others imported; ImportFailed when no file could be used."""
    if not folder.is_dir():
        raise ImportFailed(f"{folder} is not a folder.")
    if publish and not is_moderator(by):
        raise ImportFailed(
            f"{by.email} may not publish without review: import as a moderator, or "
            "without --publish."
        )
    files = audio_files(folder)
    if not files:
        raise ImportFailed(f"No audio file in {folder}.")
    artist = Artist.objects.filter(name__iexact=artist_name.strip()).first()
    if artist is None:
        artist = album_services.create_artist(name=artist_name, by=by)
    elif not artist.memberships.filter(user=by).exists():
        raise ImportFailed(
            f"{by.email} is not a member of the artist {artist.name!r}: import as one "
            "of its members."
        )
    album = album_services.create_album(
        artist, title=title or folder.name, licence=licence, by=by
    )
    refusals: list[Refusal] = []
    with tempfile.TemporaryDirectory(prefix="jamhub-import-") as scratch:
        for source in files:
            # add_track moves its source into the album: work on a copy.
            copy = Path(scratch) / source.name
            shutil.copyfile(source, copy)
            try:
                add_track(album, source=copy, file_name=source.name, by=by)
            except UploadRefused as exc:
                refusals.append(exc.refusal)
    if not album.tracks.exists():
        with transaction.atomic():
            album.delete()
        raise ImportFailed("None of the files could be imported.", refusals)
    cover = find_cover(folder)
    if cover is not None:
        try:
            set_cover(album, data=cover.read_bytes(), by=by, file_name=cover.name)
        except UploadRefused as exc:
            refusals.append(exc.refusal)
    album_services.submit_album(album, by=by)
    wait_for_processing(album)
    album.refresh_from_db()
    if publish and album.status == AlbumStatus.PENDING_REVIEW:
        album = album_services.approve_album(album, by=by)
    return album, refusals


def wait_for_processing(album: Album, *, timeout: float = 3600) -> Album:
    """Process the album here, or wait while a worker that took it first does."""
    deadline = time.monotonic() + timeout
    while True:
        ingest_album(album.pk)
        album.refresh_from_db()
        if album.status != AlbumStatus.PROCESSING or time.monotonic() > deadline:
            return album
        time.sleep(1)
