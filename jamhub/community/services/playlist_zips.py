"""A whole playlist as one zip: the tracks in playlist order, named
"NN - Artist - Title.ext", with LICENSES.txt crediting each one. Built by a worker
(tasks.build_playlist_zip_task), never in a request, and served once ready.

Only tracks of published albums go in. The zip's fingerprint covers the tracks, their
order, their files and their credits, so any change asks for a new zip."""

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jamhub.accounts.models import User
from jamhub.catalog.layout import FORMAT_SUFFIXES, safe_name
from jamhub.catalog.models import Rendition, Track
from jamhub.catalog.zips import write_zip
from jamhub.community.models import Playlist, PlaylistArchive, PlaylistArchiveStatus
from jamhub.community.services.playlists import PlaylistError
from jamhub.community.services.ratelimit import check_rate
from jamhub.licensing.licences import get_licence

ZIP_FORMATS = ("mp3", "ogg")
LICENCES_FILENAME = "LICENSES.txt"
# A request for a zip still pending after this long is queued again (lost worker).
REQUEUE_AFTER = timedelta(minutes=10)


@dataclass
class ZipPlan:
    """What a playlist's zip in one format holds, before it is written."""

    folder: str
    entries: list[tuple[str, Path]] = field(default_factory=list)
    licences_text: str = ""
    skipped: int = 0  # tracks of hidden albums, or without this format
    fingerprint: str = ""


def zips_folder(playlist: Playlist) -> PurePosixPath:
    """Relative to MEDIA_ROOT; private: served only through the playlist's view."""
    return PurePosixPath("private") / "playlists" / str(playlist.pk)


def plan_playlist_zip(playlist: Playlist, fmt: str) -> ZipPlan:
    """The names, files and LICENSES.txt of the playlist's zip in `fmt`."""
    if fmt not in ZIP_FORMATS:
        raise ValueError(f"unknown zip format {fmt!r}")
    items = list(playlist.items.in_order().for_listing())
    playable = [
        (item, rendition)
        for item in items
        if item.track.album.is_public
        and (rendition := _rendition(item.track, fmt)) is not None
    ]
    plan = ZipPlan(folder=safe_name(playlist.title), skipped=len(items) - len(playable))
    width = max(2, len(str(len(playable))))
    blocks = []
    hasher = hashlib.sha256()
    with translation.override("en"):
        playlist_url = settings.SITE_URL + playlist.get_absolute_url()
        for number, (item, rendition) in enumerate(playable, start=1):
            track, album = item.track, item.track.album
            name = safe_name(
                f"{number:0{width}d} - {album.artist.name} - {track.title}"
            )
            entry = f"{plan.folder}/{name}{FORMAT_SUFFIXES[fmt]}"
            plan.entries.append((entry, Path(settings.MEDIA_ROOT) / rendition.path))
            hasher.update(json.dumps([entry, rendition.sha256]).encode())
            blocks.append(
                _credit_block(
                    f"{number:0{width}d}",
                    artist=album.artist.name,
                    title=track.title,
                    album=album.title,
                    year=album.year,
                    album_url=settings.SITE_URL + album.get_absolute_url(),
                    licence_code=album.licence,
                )
            )
    plan.licences_text = _licences_txt(playlist.title, playlist_url, blocks)
    hasher.update(plan.licences_text.encode())
    plan.fingerprint = hasher.hexdigest()
    return plan


def _rendition(track: Track, fmt: str) -> Rendition | None:
    """The track's file in `fmt` (renditions prefetched)."""
    return next((r for r in track.renditions.all() if r.format == fmt), None)


def _credit_block(
    number: str,
    *,
    artist: str,
    title: str,
    album: str,
    year: int | None,
    album_url: str,
    licence_code: str,
) -> str:
    licence = get_licence(licence_code)
    under = (
        f"dedicated to the public domain under {licence.short_name}"
        if licence.public_domain
        else f"licensed under {licence.short_name}"
    )
    dated = f"{album} ({year})" if year else album
    return "\n".join(
        [
            f"{number} - {artist} - {title}",
            f"    Artist:     {artist}",
            f"    Album:      {dated}",
            f"    Album page: {album_url}",
            f"    Licence:    {licence.name} ({licence.short_name})",
            f"                {licence.url}",
            f"    Credit:     \u201c{title}\u201d by {artist}, from \u201c{album}\u201d"
            f" ({album_url}), {under} ({licence.url})",
        ]
    )


def _licences_txt(title: str, playlist_url: str, blocks: list[str]) -> str:
    head = [
        f"Playlist: {title}",
        f"Playlist page: {playlist_url}",
        "",
        "Every track below keeps its own licence, chosen by its artist. When you",
        "share or play these tracks in public, credit each one as its Credit line",
        "says. The licence links are what counts.",
        "",
    ]
    return "\n".join(head) + "\n" + "\n\n".join(blocks) + "\n"


def ready_playlist_zip(playlist: Playlist, fmt: str) -> PlaylistArchive | None:
    """The zip of the playlist as it is now, if built and on disk."""
    archive = PlaylistArchive.objects.filter(playlist=playlist, format=fmt).first()
    if archive is None or archive.status != PlaylistArchiveStatus.READY:
        return None
    if archive.fingerprint != plan_playlist_zip(playlist, fmt).fingerprint:
        return None
    path = Path(settings.MEDIA_ROOT) / archive.path
    if not path.is_file() or path.stat().st_size != archive.size:
        return None
    return archive


def request_playlist_zip(playlist: Playlist, *, fmt: str, by: User) -> PlaylistArchive:
    """The zip when it is ready, else the pending archive with its build queued."""
    # Imported here: the task module imports this one.
    from jamhub.community.tasks import build_playlist_zip_task

    plan = plan_playlist_zip(playlist, fmt)
    if not plan.entries:
        raise PlaylistError(_("This playlist has no track to download in this format."))
    ready = ready_playlist_zip(playlist, fmt)
    if ready is not None:
        return ready
    check_rate(by, "playlist-zip")
    with transaction.atomic():
        archive, created = PlaylistArchive.objects.select_for_update().get_or_create(
            playlist=playlist, format=fmt, defaults={"fingerprint": plan.fingerprint}
        )
        already_queued = (
            not created
            and archive.status == PlaylistArchiveStatus.PENDING
            and archive.fingerprint == plan.fingerprint
            and archive.requested_at > timezone.now() - REQUEUE_AFTER
        )
        if already_queued:
            return archive
        archive.fingerprint = plan.fingerprint
        archive.status = PlaylistArchiveStatus.PENDING
        archive.error = ""
        archive.save(update_fields=["fingerprint", "status", "error", "requested_at"])
        build_playlist_zip_task.delay_on_commit(archive.pk)
    return archive


def build_playlist_zip(archive_id: int) -> PlaylistArchive | None:
    """Write the zip of the playlist as it is now (idempotent)."""
    archive = (
        PlaylistArchive.objects.select_related("playlist").filter(pk=archive_id).first()
    )
    if archive is None:
        return None
    plan = plan_playlist_zip(archive.playlist, archive.format)
    if not plan.entries:
        PlaylistArchive.objects.filter(pk=archive.pk).update(
            status=PlaylistArchiveStatus.FAILED, error="no track to download"
        )
        return None
    relative = zips_folder(archive.playlist) / (
        f"{archive.format}-{plan.fingerprint[:20]}.zip"
    )
    destination = Path(settings.MEDIA_ROOT) / relative
    try:
        size, sha256 = _write_zip(plan, destination)
    except FileNotFoundError as error:
        # A rendition missing on disk does not come back by retrying; other
        # OSErrors (a full disk) propagate so that the task retries.
        PlaylistArchive.objects.filter(pk=archive.pk).update(
            status=PlaylistArchiveStatus.FAILED, error=str(error)[:500]
        )
        return None
    # Conditional: a newer request (another fingerprint) wins over this build.
    updated = PlaylistArchive.objects.filter(
        pk=archive.pk, fingerprint__in=[archive.fingerprint, plan.fingerprint]
    ).update(
        status=PlaylistArchiveStatus.READY,
        fingerprint=plan.fingerprint,
        path=str(relative),
        size=size,
        sha256=sha256,
        error="",
    )
    if not updated:
        # A newer request won (or the playlist went): this zip is nobody's.
        destination.unlink(missing_ok=True)
        return None
    _remove_other_zips(destination)
    return PlaylistArchive.objects.get(pk=archive.pk)


def _remove_other_zips(keep: Path) -> None:
    prefix = keep.name.split("-", 1)[0] + "-"
    for other in keep.parent.glob(f"{prefix}*.zip"):
        if other != keep:
            other.unlink(missing_ok=True)


def delete_playlist_zips(playlist: Playlist) -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT) / zips_folder(playlist), ignore_errors=True)


def _write_zip(plan: ZipPlan, destination: Path) -> tuple[int, str]:
    """A stored zip with fixed dates and modes, so the same playlist gives the same
    bytes; replaced atomically. Return (size, sha256)."""
    licences = (
        f"{plan.folder}/{LICENCES_FILENAME}",
        plan.licences_text.encode("utf-8"),
    )
    written = write_zip([*plan.entries, licences], destination)
    return written.size, written.sha256
