"""Files into a draft album: audio tracks (one by one, or a zip) and the cover.

Every file lands in the album's private folder, is typed by its content and checked
before a Track exists; a refused file leaves nothing behind and the rest of the upload
is kept."""

import hashlib
import secrets
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from jamhub.accounts.models import User
from jamhub.catalog.audio import AudioError, probe
from jamhub.catalog.layout import originals_folder
from jamhub.catalog.models import Album, Original, Track
from jamhub.catalog.services.access import require_member
from jamhub.catalog.services.albums import (
    WorkflowError,
    _require_editable,
    next_track_number,
)
from jamhub.catalog.validation import (
    ImageError,
    ZipError,
    clean_tag_text,
    extract_zip,
    normalise_cover,
)

AUDIO_SUFFIXES = {
    ".mp3",
    ".ogg",
    ".oga",
    ".opus",
    ".flac",
    ".wav",
    ".aif",
    ".aiff",
    ".m4a",
    ".mp4",
}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
CHUNK = 1024 * 1024
# What most file systems take for one name; Django also cuts uploaded names there,
# silently, so a longer name is refused with a reason rather than changed.
MAX_FILE_NAME_CHARS = 255


def max_file_bytes() -> int:
    return int(getattr(settings, "JAMHUB_MAX_AUDIO_BYTES", 800 * 1024**2))


def max_zip_bytes() -> int:
    return int(getattr(settings, "JAMHUB_MAX_ZIP_BYTES", 2 * 1024**3))


def max_tracks() -> int:
    return int(getattr(settings, "JAMHUB_MAX_TRACKS_PER_ALBUM", 60))


def quota_bytes() -> int:
    return int(getattr(settings, "JAMHUB_UPLOAD_QUOTA_BYTES", 10 * 1024**3))


@dataclass(frozen=True)
class Refusal:
    """One file that was not accepted, and why, in words for the artist."""

    file_name: str
    reason: str


class UploadRefused(Exception):
    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.refusal = Refusal(file_name, reason)


def used_bytes(user: User) -> int:
    """What the user's uploads take: the originals of the albums they created."""
    total = Original.objects.filter(track__album__created_by=user).aggregate(
        s=Sum("size")
    )["s"]
    return int(total or 0)


def check_room(
    user: User, album: Album, *, incoming_bytes: int, file_name: str
) -> None:
    """Refuse before reading a body that could not be accepted anyway."""
    if incoming_bytes > max_file_bytes():
        raise UploadRefused(
            file_name,
            _("The file is larger than %(limit)s.")
            % {"limit": filesizeformat(max_file_bytes())},
        )
    if used_bytes(user) + incoming_bytes > quota_bytes():
        raise UploadRefused(
            file_name,
            _("Your upload space (%(limit)s) is full.")
            % {"limit": filesizeformat(quota_bytes())},
        )
    if album.tracks.count() >= max_tracks():
        raise UploadRefused(
            file_name,
            _("An album has at most %(count)s tracks.") % {"count": max_tracks()},
        )


def check_file_name(file_name: str) -> None:
    """Refuse a file name too long to keep, saying the limit."""
    if len(file_name) > MAX_FILE_NAME_CHARS:
        raise UploadRefused(
            shortened_name(file_name),
            _(
                "The file name is %(length)s characters long; names may have at "
                "most %(limit)s. Rename the file and upload it again."
            )
            % {"length": len(file_name), "limit": MAX_FILE_NAME_CHARS},
        )


def shortened_name(file_name: str, *, keep: int = 60) -> str:
    """A long name cut in the middle for display, keeping its end (the extension)."""
    if len(file_name) <= keep:
        return file_name
    return f"{file_name[: keep - 12]}…{file_name[-10:]}"


def _display_name(name: str) -> str:
    return clean_tag_text(PurePosixPath(name.replace("\\", "/")).name, 255) or "file"


def add_track(
    album: Album, *, source: Path | Iterable[bytes], file_name: str, by: User
) -> Track:
    """Check one audio file and add it to a draft as the next track.

    `source` is a file path (moved into place) or an iterable of chunks (an upload).
    Raises UploadRefused with the reason when the file is not accepted."""
    require_member(by, album.artist)
    _require_editable(album)
    name = _display_name(file_name)
    folder = Path(settings.MEDIA_ROOT) / originals_folder(album)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{secrets.token_urlsafe(12)}.upload"
    try:
        size, digest = _store(source, target, file_name=name)
        check_room(by, album, incoming_bytes=size, file_name=name)
        try:
            info = probe(target)
        except AudioError as exc:
            raise UploadRefused(name, str(exc)) from exc
        with transaction.atomic():
            locked = Album.objects.select_for_update().get(pk=album.pk)
            _require_editable(locked)
            title = clean_tag_text(info.tags.get("title", ""), 200) or clean_tag_text(
                PurePosixPath(name).stem.replace("_", " "), 200
            )
            track = Track.objects.create(
                album=locked,
                number=next_track_number(locked),
                title=title or _("Untitled"),
                duration=info.duration,
            )
            Original.objects.create(
                track=track,
                path=str(target.relative_to(settings.MEDIA_ROOT)),
                original_name=name,
                size=size,
                sha256=digest,
                format_name=info.format_name,
                codec=info.codec,
                duration=info.duration,
                lossless=info.lossless,
                sample_rate=info.sample_rate or None,
                channels=info.channels or None,
                bits_per_sample=info.bits_per_sample,
                bit_rate=info.bit_rate,
                tags={k: clean_tag_text(v, 500) for k, v in info.tags.items()},
            )
        return track
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def add_tracks_from_zip(
    album: Album, *, zip_path: Path, file_name: str, by: User
) -> tuple[list[Track], list[Refusal]]:
    """Add every audio file of a zip (and its cover image, if the album has none).

    The zip as a whole is refused only when it is unreadable or too big; each bad
    member is reported and the others are kept."""
    require_member(by, album.artist)
    _require_editable(album)
    name = _display_name(file_name)
    (Path(settings.MEDIA_ROOT) / "private").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(
        dir=Path(settings.MEDIA_ROOT) / "private", prefix="unzip-"
    ) as scratch:
        try:
            members, rejections = extract_zip(
                zip_path,
                Path(scratch),
                allowed_suffixes=AUDIO_SUFFIXES | IMAGE_SUFFIXES,
                max_total_bytes=max_zip_bytes(),
                max_member_bytes=max_file_bytes(),
            )
        except ZipError as exc:
            raise UploadRefused(name, str(exc)) from exc
        refusals = [Refusal(f"{name}: {r.name}", str(r.reason)) for r in rejections]
        tracks = []
        audio = sorted(
            (m for m in members if Path(m.name).suffix.lower() in AUDIO_SUFFIXES),
            key=lambda m: m.name.lower(),
        )
        for member in audio:
            try:
                tracks.append(
                    add_track(album, source=member.path, file_name=member.name, by=by)
                )
            except UploadRefused as exc:
                refusals.append(exc.refusal)
        images = [m for m in members if Path(m.name).suffix.lower() in IMAGE_SUFFIXES]
        if images and not album.cover:
            try:
                set_cover(album, data=images[0].path.read_bytes(), by=by)
            except UploadRefused as exc:
                refusals.append(exc.refusal)
    return tracks, refusals


def set_cover(
    album: Album, *, data: bytes, by: User, file_name: str = "cover"
) -> Album:
    """Re-encode and store the album's cover (replacing the old one)."""
    require_member(by, album.artist)
    _require_editable(album)
    try:
        jpeg = normalise_cover(data)
    except ImageError as exc:
        raise UploadRefused(_display_name(file_name), str(exc)) from exc
    old = album.cover.name if album.cover else ""
    album.cover.save("cover.jpg", ContentFile(jpeg), save=False)
    album.save(update_fields=["cover"])
    if old:
        storage = album.cover.storage
        transaction.on_commit(lambda: storage.delete(old))
    return album


def delete_original_file(original: Original) -> None:
    path = Path(settings.MEDIA_ROOT) / original.path
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def _store(
    source: Path | Iterable[bytes], target: Path, *, file_name: str
) -> tuple[int, str]:
    """Copy or stream the file to target, counting bytes and hashing as it goes; stop
    as soon as it passes the size limit."""
    limit = max_file_bytes()
    digest = hashlib.sha256()
    size = 0
    if isinstance(source, Path):
        shutil.move(source, target)
        with target.open("rb") as handle:
            while block := handle.read(CHUNK):
                size += len(block)
                digest.update(block)
                if size > limit:
                    break
    else:
        with target.open("wb") as handle:
            for block in source:
                size += len(block)
                if size > limit:
                    break
                digest.update(block)
                handle.write(block)
    if size > limit:
        raise UploadRefused(
            file_name,
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
        )
    if size == 0:
        raise UploadRefused(file_name, _("The file is empty."))
    return size, digest.hexdigest()


__all__ = [
    "Refusal",
    "UploadRefused",
    "WorkflowError",
    "add_track",
    "add_tracks_from_zip",
    "set_cover",
]
