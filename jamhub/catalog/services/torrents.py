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
from seeder.metainfo import TorrentSpec, build_torrent


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def torrent_path(album: Album, fmt: str) -> PurePosixPath:
    return (
        PurePosixPath("torrents") / str(album.pk) / f"{folder_name(album, fmt)}.torrent"
    )


def web_seed_url(album: Album) -> str:
    """BEP 19: the base URL ends with "/"; clients ask <base><name>/<file>."""
    return f"{settings.SITE_URL}{settings.MEDIA_URL}{quote(str(album_root(album)))}/"


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
    digest = folder_digest(folder)
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
            trackers=list(settings.JAMHUB_TRACKER_URLS),
            web_seed=web_seed_url(album),
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


def magnet_link(torrent: AlbumTorrent) -> str:
    """xt, dn, tr (trackers), ws (web seed) and xs (the .torrent's URL)."""
    album = torrent.album
    parts = [f"xt=urn:btih:{torrent.info_hash}", f"dn={quote(torrent.name)}"]
    parts += [f"tr={quote(t, safe='')}" for t in settings.JAMHUB_TRACKER_URLS]
    parts.append(f"ws={quote(web_seed_url(album), safe='')}")
    torrent_url = f"{settings.SITE_URL}{settings.MEDIA_URL}{quote(torrent.path)}"
    parts.append(f"xs={quote(torrent_url, safe='')}")
    return "magnet:?" + "&".join(parts)


def record_swarm_stats(stats: dict[str, dict[str, int]]) -> int:
    """Store the tracker's counts (keyed by info-hash); return how many changed.

    Runs every minute over the whole catalogue: only torrents whose counts moved are
    written, in one bulk update."""
    now = timezone.now()
    changed = []
    for torrent in AlbumTorrent.objects.filter(info_hash__in=list(stats)):
        counts = stats[torrent.info_hash]
        fresh = (
            int(counts.get("seeders", 0)),
            int(counts.get("leechers", 0)),
            int(counts.get("completed", 0)),
        )
        if fresh != (torrent.seeders, torrent.leechers, torrent.completed):
            torrent.seeders, torrent.leechers, torrent.completed = fresh
            torrent.stats_updated_at = now
            changed.append(torrent)
    fields = ["seeders", "leechers", "completed", "stats_updated_at"]
    AlbumTorrent.objects.bulk_update(changed, fields, batch_size=500)
    return len(changed)


def record_seeder_stats(stats: dict[str, dict[str, int]]) -> int:
    """Store what a seeder uploaded per torrent (cumulative, keyed by info-hash)."""
    changed = 0
    for torrent in AlbumTorrent.objects.filter(info_hash__in=list(stats)):
        uploaded = int(stats[torrent.info_hash].get("uploaded", 0))
        if uploaded >= 0 and uploaded != torrent.seeder_uploaded:
            torrent.seeder_uploaded = uploaded
            torrent.save(update_fields=["seeder_uploaded"])
            changed += 1
    return changed


def album_distribution(album: Album) -> dict[str, int]:
    """What the album page says about how the album travels: HTTP downloads, torrent
    completions, the swarm now, and the bytes the origin seeder sent against what
    fans carried (completions times size, less the origin's part; web seed bytes
    are not counted yet)."""
    torrents = list(album.torrents.all())
    delivered = sum(t.completed * t.size for t in torrents)
    origin = sum(t.seeder_uploaded for t in torrents)
    return {
        "http_downloads": album.downloads.count(),
        "completions": sum(t.completed for t in torrents),
        "seeders": sum(t.seeders for t in torrents),
        "leechers": sum(t.leechers for t in torrents),
        "origin_bytes": origin,
        "fan_bytes": max(0, delivered - origin),
    }


__all__ = [
    "album_distribution",
    "build_album_torrents",
    "magnet_link",
    "seeder_manifest",
]
