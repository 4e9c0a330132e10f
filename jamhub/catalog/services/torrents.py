"""Torrents of published albums: one v1 torrent per format, rebuilt only when the
folder's files change; the list of torrents the tracker and the seeders serve."""

import hashlib
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jamhub.catalog.layout import album_folder, album_root, folder_name
from jamhub.catalog.models import Album, AlbumStatus, AlbumTorrent
from jamhub.catalog.services.archives import album_formats
from jamhub.core.files import write_atomic
from jamhub.core.storage import absolute_media_url
from seeder.metainfo import TorrentSpec, build_torrent


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def torrent_path(album: Album, fmt: str) -> PurePosixPath:
    return (
        PurePosixPath("torrents") / str(album.pk) / f"{folder_name(album, fmt)}.torrent"
    )


def web_seed_url(album: Album) -> str:
    """BEP 19: the base URL ends with "/"; clients ask <base><name>/<file>.

    /webseed/<album id>/ mirrors the album's media folder (<MEDIA_URL>albums/<id>/)
    file for file; its own path lets the web seed keep to its budget
    (services/webseed.py) while listeners' plays and downloads are not throttled."""
    return f"{settings.SITE_URL}/webseed/{album.pk}/"


def folder_digest(folder: Path) -> str:
    """Names, sizes and modification times of the folder's files: a rebuild is due
    when this changes (the files are only ever replaced, never edited in place)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(
                f"{path.relative_to(folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


def build_album_torrents(album_id: int) -> list[AlbumTorrent]:
    """Build the missing or stale torrents of a published album (idempotent)."""
    album = Album.objects.select_related("artist").filter(pk=album_id).first()
    if album is None or album.status != AlbumStatus.PUBLISHED:
        return []
    torrents = [ensure_torrent(album, fmt) for fmt in album_formats(album)]
    write_tracker_allowed_file()
    return torrents


def ensure_torrent(album: Album, fmt: str) -> AlbumTorrent:
    folder = media_root() / album_folder(album, fmt)
    trackers = list(settings.JAMHUB_TRACKER_URLS)
    web_seed = web_seed_url(album)
    # New files, trackers or web seed: a new .torrent (the info-hash only changes
    # with the files).
    digest = hashlib.sha256(
        "\n".join([folder_digest(folder), web_seed, *trackers]).encode()
    ).hexdigest()
    relative = torrent_path(album, fmt)
    existing = AlbumTorrent.objects.filter(album=album, format=fmt).first()
    if (
        existing
        and existing.files_digest == digest
        and existing.path == str(relative)
        and (media_root() / relative).is_file()
    ):
        return existing
    published = album.published_at or timezone.now()
    built = build_torrent(
        TorrentSpec(
            folder=folder,
            trackers=trackers,
            web_seed=web_seed,
            comment=(
                f"{settings.SITE_URL}{album.get_absolute_url()} "
                f"({album.licence_info.short_name}: {album.licence_info.url})"
            ),
            # The publication date, not now: the same files give the same bytes.
            creation_date=int(published.timestamp()),
        )
    )
    write_atomic(media_root() / relative, built.data)
    with transaction.atomic():
        torrent, _created = AlbumTorrent.objects.update_or_create(
            album=album,
            format=fmt,
            defaults={
                "info_hash": built.info_hash,
                "name": built.name,
                "path": str(relative),
                "size": built.total_size,
                "files_digest": digest,
            },
        )
    return torrent


def published_torrents():  # type: ignore[no-untyped-def]
    return AlbumTorrent.objects.filter(album__status=AlbumStatus.PUBLISHED).order_by(
        "album_id", "format"
    )


def seeder_manifest() -> dict[str, list[dict[str, object]]]:
    """What the seeders seed: every torrent of a published album."""
    return {
        "torrents": [
            {
                "info_hash": torrent.info_hash,
                "torrent_path": torrent.path,
                "save_path": str(album_root(torrent.album)),
                "name": torrent.name,
                "album_id": torrent.album_id,
                "format": torrent.format,
            }
            for torrent in published_torrents().select_related("album")
        ]
    }


def write_tracker_allowed_file() -> Path:
    """The info-hashes the tracker serves, one per line, written atomically (the
    tracker re-reads the file when it changes)."""
    path = Path(settings.JAMHUB_TRACKER_ALLOWED_FILE)
    lines = [f"{t.info_hash} {t.album_id}/{t.format}\n" for t in published_torrents()]
    write_atomic(path, "".join(lines).encode())
    return path


def magnet_link(torrent: AlbumTorrent, *, passkey: str | None = None) -> str:
    """xt, dn, tr (trackers, with the listener's passkey if given), ws (web seed) and
    xs (the public .torrent's URL)."""
    album = torrent.album
    parts = [f"xt=urn:btih:{torrent.info_hash}", f"dn={quote(torrent.name)}"]
    trackers = [
        announce_url_with_passkey(t, passkey) if passkey else t
        for t in settings.JAMHUB_TRACKER_URLS
    ]
    parts += [f"tr={quote(t, safe='')}" for t in trackers]
    parts.append(f"ws={quote(web_seed_url(album), safe='')}")
    parts.append(f"xs={quote(absolute_media_url(torrent.path), safe='')}")
    return "magnet:?" + "&".join(parts)


def announce_url_with_passkey(url: str, passkey: str) -> str:
    base, slash, action = url.rpartition("/")
    return f"{base}/{passkey}/announce" if slash and action == "announce" else url


__all__ = [
    "build_album_torrents",
    "magnet_link",
    "seeder_manifest",
]
