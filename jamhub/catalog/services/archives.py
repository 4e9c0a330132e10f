"""One zip per album and format, built once from the public folder and kept."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from jamhub.catalog.layout import album_folder, zip_path
from jamhub.catalog.models import Album, AlbumArchive, AlbumStatus, Rendition
from jamhub.catalog.zips import build_folder_zip


def album_formats(album: Album) -> list[str]:
    """The formats every track of the album has, in the site's order."""
    order = ["mp3", "ogg", "flac"]
    track_count = album.tracks.count()
    counts = dict(
        Rendition.objects.filter(track__album=album)
        .values_list("format")
        .annotate(n=Count("id"))
    )
    return [fmt for fmt in order if track_count and counts.get(fmt) == track_count]


def build_album_archives(album_id: int) -> list[AlbumArchive]:
    """Build the missing zips of a published album (idempotent)."""
    album = Album.objects.select_related("artist").filter(pk=album_id).first()
    if album is None or album.status != AlbumStatus.PUBLISHED:
        return []
    built = []
    for fmt in album_formats(album):
        built.append(ensure_archive(album, fmt))
    return built


def ready_archive(album: Album, fmt: str) -> AlbumArchive | None:
    """The album's zip in this format if it is built and on disk, else None."""
    relative = zip_path(album, fmt)
    existing = AlbumArchive.objects.filter(album=album, format=fmt).first()
    destination = Path(settings.MEDIA_ROOT) / relative
    if (
        existing
        and existing.path == str(relative)
        and destination.is_file()
        and destination.stat().st_size == existing.size
    ):
        return existing
    return None


def ensure_archive(album: Album, fmt: str) -> AlbumArchive:
    """The album's zip in this format, building it if it is missing or stale."""
    existing = ready_archive(album, fmt)
    if existing is not None:
        return existing
    relative = zip_path(album, fmt)
    destination = Path(settings.MEDIA_ROOT) / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    info = build_folder_zip(
        Path(settings.MEDIA_ROOT) / album_folder(album, fmt), destination
    )
    with transaction.atomic():
        archive, _created = AlbumArchive.objects.update_or_create(
            album=album,
            format=fmt,
            defaults={"path": str(relative), "size": info.size, "sha256": info.sha256},
        )
    return archive
