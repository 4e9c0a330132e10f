"""Ingest: from checked originals to the public album folders.

For each format the album gets a folder `<Artist> - <Album> (<year>) [<FORMAT>]`
holding `NN - Title.ext`, cover.jpg, LICENSE.txt and README.txt: exactly what its zip
and its torrent contain. Every step is idempotent: a track whose renditions are on
disk with the recorded checksums is skipped, so a killed ingest resumes where it
stopped and a second run changes nothing."""

import hashlib
import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from jamhub.catalog.audio import (
    AudioError,
    RenditionTarget,
    decode_and_measure,
    make_renditions,
    probe,
)
from jamhub.catalog.layout import album_folder, album_root, track_file_name
from jamhub.catalog.models import (
    Album,
    AlbumStatus,
    Original,
    OriginalStatus,
    Rendition,
    Track,
)
from jamhub.catalog.models.tracks import TrackState
from jamhub.catalog.services.albums import fail_processing, finish_processing
from jamhub.core.files import write_atomic
from jamhub.licensing.licences import get_licence
from jamhub.licensing.tags import (
    AlbumCredits,
    TrackCredits,
    write_album_texts,
    write_tags,
)

logger = logging.getLogger(__name__)

LOSSY_FORMATS = ["mp3", "ogg"]
INGEST_LOCK_SECONDS = 4 * 60 * 60
SITE_NAME = "JamHub"


def formats_for(album: Album) -> list[str]:
    """MP3 and Ogg for every album; FLAC too when every source is lossless."""
    originals = Original.objects.filter(track__album=album)
    lossless = originals.exists() and not originals.filter(lossless=False).exists()
    return [*LOSSY_FORMATS, "flac"] if lossless else list(LOSSY_FORMATS)


def media_path(relative: str | os.PathLike[str]) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def ingest_album(album_id: int) -> Album | None:
    """Make the renditions of a processing album, then hand it to review or publish
    it. Safe to run twice and to re-run after a crash."""
    album = Album.objects.select_related("artist").filter(pk=album_id).first()
    if album is None or album.status != AlbumStatus.PROCESSING:
        return album
    # One ingest per album at a time: a redelivered task or the import command may
    # start a second one while the first is still transcoding.
    lock = f"catalog:ingest:{album_id}"
    if not cache.add(lock, "1", timeout=INGEST_LOCK_SECONDS):
        return album
    try:
        return _ingest_locked(album)
    finally:
        cache.delete(lock)


def _ingest_locked(album: Album) -> Album:
    formats = formats_for(album)
    cover = _cover_bytes(album)
    jobs = []
    for track in album.tracks.select_related("original").order_by("number"):
        job = plan_track(track, formats=formats, cover_jpeg=cover)
        if job is not None:
            jobs.append((track, job))
    Track.objects.filter(pk__in=[t.pk for t, _job in jobs]).update(
        state=TrackState.PROCESSING, error=""
    )
    failures = []
    # Transcoding runs in threads (ffmpeg processes, one core each); every database
    # write stays on this thread, as results arrive.
    with ThreadPoolExecutor(max_workers=ingest_parallelism()) as pool:
        futures = {
            pool.submit(make_track_files, job): (track, job) for track, job in jobs
        }
        for future in as_completed(futures):
            track, job = futures[future]
            outcome = future.result()
            record_track(track, job, outcome)
            if outcome.error:
                failures.append((track.number, f"{track.number:02d}. {track.title}"))
    album.refresh_from_db()
    if album.status != AlbumStatus.PROCESSING:
        return album  # a moderator or the artist acted meanwhile
    if failures:
        return fail_processing(
            album, reason="\n".join(text for _n, text in sorted(failures))
        )
    write_album_documents(album, formats=formats, cover_jpeg=cover)
    prune_album_folders(album, formats=formats)
    return finish_processing(album)


def ingest_parallelism() -> int:
    configured = getattr(settings, "JAMHUB_INGEST_PARALLELISM", 0)
    return max(1, configured or min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class TrackJob:
    """What one track's file work needs; no database access from here on."""

    source: Path
    targets: tuple[RenditionTarget, ...]
    relative: dict[str, str]
    credits: TrackCredits
    cover_jpeg: bytes | None


@dataclass
class RenditionFile:
    fmt: str
    codec: str
    bit_rate: int | None
    duration: float
    size: int
    sha256: str


@dataclass
class TrackOutcome:
    decoded: float = 0.0
    loudness: float | None = None
    files: list[RenditionFile] = field(default_factory=list)
    error: str = ""


def plan_track(
    track: Track, *, formats: list[str], cover_jpeg: bytes | None
) -> TrackJob | None:
    """The work a track needs, or None when its renditions are on disk with the
    recorded checksums (a damaged file is remade)."""
    album = track.album
    original = track.original
    wanted = {
        fmt: album_folder(album, fmt) / track_file_name(track, fmt) for fmt in formats
    }
    existing = {r.format: r for r in track.renditions.all()}
    if (
        all(
            fmt in existing
            and existing[fmt].path == str(path)
            and media_path(path).is_file()
            and media_path(path).stat().st_size == existing[fmt].size
            and sha256_of(media_path(path)) == existing[fmt].sha256
            for fmt, path in wanted.items()
        )
        and original.status == OriginalStatus.VALID
    ):
        return None
    return TrackJob(
        source=media_path(original.path),
        targets=tuple(
            RenditionTarget(fmt=fmt, path=media_path(path))
            for fmt, path in wanted.items()
        ),
        relative={fmt: str(path) for fmt, path in wanted.items()},
        credits=_track_credits(track),
        cover_jpeg=cover_jpeg,
    )


def make_track_files(job: TrackJob) -> TrackOutcome:
    """Decode-check the original, make the renditions, write their tags."""
    try:
        info = probe(job.source)
        decoded, loudness = decode_and_measure(job.source, info)
        for target in job.targets:
            target.path.parent.mkdir(parents=True, exist_ok=True)
        results = make_renditions(
            job.source, list(job.targets), expected_duration=decoded, source_info=info
        )
        files = []
        for result in results:
            write_tags(result.path, result.fmt, job.credits, cover_jpeg=job.cover_jpeg)
            files.append(
                RenditionFile(
                    fmt=result.fmt,
                    codec=result.codec,
                    bit_rate=result.bit_rate,
                    duration=result.duration,
                    size=result.path.stat().st_size,
                    sha256=sha256_of(result.path),
                )
            )
    except AudioError as exc:
        # The code, not the message: this thread has no language, and the artist
        # reads the reason later in theirs (Track.error_message).
        return TrackOutcome(error=exc.code)
    return TrackOutcome(decoded=decoded, loudness=loudness, files=files)


@transaction.atomic
def record_track(track: Track, job: TrackJob, outcome: TrackOutcome) -> None:
    """Store what make_track_files did (renditions, or the reason it failed)."""
    if outcome.error:
        Original.objects.filter(pk=track.original.pk).update(
            status=OriginalStatus.REJECTED, error=outcome.error[:500]
        )
        Track.objects.filter(pk=track.pk).update(
            state=TrackState.FAILED, error=outcome.error[:500]
        )
        return
    for made in outcome.files:
        Rendition.objects.update_or_create(
            track=track,
            format=made.fmt,
            defaults={
                "codec": made.codec,
                "bit_rate": made.bit_rate,
                "path": job.relative[made.fmt],
                "size": made.size,
                "sha256": made.sha256,
                "duration": made.duration,
            },
        )
    track.renditions.exclude(format__in=list(job.relative)).delete()
    Original.objects.filter(pk=track.original.pk).update(
        status=OriginalStatus.VALID, error=""
    )
    Track.objects.filter(pk=track.pk).update(
        state=TrackState.READY,
        error="",
        duration=outcome.decoded,
        loudness=outcome.loudness,
    )


def write_album_documents(
    album: Album, *, formats: list[str], cover_jpeg: bytes | None
) -> None:
    """cover.jpg, LICENSE.txt and README.txt in every format folder."""
    licence = get_licence(album.licence)
    tracks = list(album.tracks.order_by("number"))
    for fmt in formats:
        folder = media_path(album_folder(album, fmt))
        folder.mkdir(parents=True, exist_ok=True)
        credits = AlbumCredits(
            artist=album.artist.name,
            album=album.title,
            year=album.year,
            licence=licence,
            album_url=settings.SITE_URL + album.get_absolute_url(),
            site_name=SITE_NAME,
            tracks=[(t.number, t.title, t.duration or 0.0) for t in tracks],
            formats=_format_description(fmt),
        )
        write_album_texts(folder, credits)
        if cover_jpeg:
            write_atomic(folder / "cover.jpg", cover_jpeg)
        else:
            (folder / "cover.jpg").unlink(missing_ok=True)


def prune_album_folders(album: Album, *, formats: list[str]) -> None:
    """Remove files and folders a previous ingest left that this one did not make
    (renamed or removed tracks, a format no longer offered)."""
    root = media_path(album_root(album))
    if not root.is_dir():
        return
    keep_folders = {media_path(album_folder(album, fmt)) for fmt in formats}
    keep_files = {
        media_path(r.path) for r in Rendition.objects.filter(track__album=album)
    }
    for folder in root.iterdir():
        if folder not in keep_folders:
            _remove_tree(folder)
            continue
        for entry in folder.iterdir():
            if entry.name in {"LICENSE.txt", "README.txt", "cover.jpg"}:
                continue
            if entry not in keep_files:
                entry.unlink()


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _cover_bytes(album: Album) -> bytes | None:
    if not album.cover:
        return None
    with album.cover.open("rb") as handle:
        return handle.read()


def _format_description(fmt: str) -> str:
    return {
        "mp3": "MP3, VBR V0 (LAME)",
        "ogg": "Ogg Vorbis, quality 6",
        "flac": "FLAC, lossless",
    }[fmt]


def _track_credits(track: Track) -> TrackCredits:
    album = track.album
    return TrackCredits(
        artist=album.artist.name,
        album=album.title,
        title=track.title,
        track_number=track.number,
        track_total=album.tracks.count(),
        year=album.year,
        licence=get_licence(album.licence),
        album_url=settings.SITE_URL + album.get_absolute_url(),
        site_name=SITE_NAME,
    )


__all__ = ["ingest_album", "make_track_files", "plan_track", "record_track"]
