"""Licence and attribution in every rendition's tags, and reading them back.

Formats are told apart by content, never by file name: mutagen.File scores the name
too, and picks MP3 for a FLAC file named ".mp3".
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import mutagen
import mutagen._vorbis
import mutagen.apev2
import mutagen.flac
import mutagen.id3
import mutagen.mp3
import mutagen.mp4
import mutagen.oggflac
import mutagen.oggopus
import mutagen.oggspeex
import mutagen.oggvorbis
from PIL import Image

from jamhub.licensing.credits import (
    AlbumCredits,
    TrackCredits,
    copyright_notice,
)
from jamhub.licensing.licences import Licence, licence_from_name, licence_from_url
from jamhub.licensing.texts import licence_txt, readme_txt, write_album_texts

__all__ = [
    "AlbumCredits",
    "ReadLicence",
    "TagError",
    "TagFormat",
    "TrackCredits",
    "copyright_notice",
    "detect_format",
    "licence_txt",
    "read_licence",
    "readme_txt",
    "write_album_texts",
    "write_tags",
]

TagFormat = Literal["mp3", "ogg", "flac"]

# mutagen ships a py.typed marker, yet most of its API has no annotations. It is used
# through these Any handles so that mypy's untyped-call check stays on for the rest.
flac: Any = mutagen.flac
id3: Any = mutagen.id3
mp3: Any = mutagen.mp3
mp4: Any = mutagen.mp4
oggvorbis: Any = mutagen.oggvorbis
vorbis: Any = mutagen._vorbis  # VCommentDict: documented, in a private module


class TagError(Exception):
    """A file whose tags cannot be written or read: not the format it claims, or
    damaged."""


@dataclass(frozen=True)
class ReadLicence:
    """What a file's tags say about its licence.

    licence_url is the licence tag as found (WCOP, else TXXX:LICENSE, or the Vorbis
    LICENSE): a URL in what write_tags writes, sometimes a name in imported files.
    licence is None when neither it nor the copyright names a licence of the table."""

    licence_url: str | None
    copyright: str | None
    contact: str | None
    licence: Licence | None


def write_tags(
    path: Path,
    fmt: TagFormat,
    credits: TrackCredits,
    *,
    cover_jpeg: bytes | None = None,
) -> None:
    """Replace every tag of the file at path with credits (and the front cover).

    mutagen edits files in place, so the tags are written into a copy that then
    replaces the file: a failure leaves the original untouched and no partial file.
    Raises TagError when the file is not fmt by content or cannot be parsed."""
    found = detect_format(path)
    if found != fmt:
        raise TagError(f"{path} holds {found or 'no known audio format'}, not {fmt}")
    picture = _front_cover(cover_jpeg) if cover_jpeg is not None else None
    try:
        with _replaced_atomically(path) as copy:
            if fmt == "mp3":
                _write_id3(copy, credits, picture)
            elif fmt == "ogg":
                _write_ogg_vorbis(copy, credits, picture)
            else:
                _write_flac(copy, credits, picture)
    except mutagen.MutagenError as error:
        raise TagError(f"cannot write the tags of {path}: {error}") from error


def read_licence(path: Path) -> ReadLicence:
    """The licence, copyright and contact tags of any audio file mutagen reads.

    The licence comes from the licence tag (a URL, a short name or a code), else
    from the first licence URL in the copyright tag, as imported files often have."""
    audio = _open_by_content(path)
    tags = audio.tags if audio is not None else None
    licence_tag: str | None = None
    notice: str | None = None
    contact: str | None = None
    if isinstance(tags, id3.ID3):  # MP3, and also WAVE and AIFF
        licence_tag = _id3_url(tags, "WCOP") or _id3_text(tags, "TXXX:LICENSE")
        notice = _id3_text(tags, "TCOP")
        contact = _id3_url(tags, "WOAF")
    elif isinstance(tags, vorbis.VCommentDict):  # FLAC, Ogg Vorbis, Opus, Speex
        licence_tag = _first(tags.get("LICENSE"))
        notice = _first(tags.get("COPYRIGHT"))
        contact = _first(tags.get("CONTACT"))
    elif isinstance(tags, mp4.MP4Tags):
        notice = _first(tags.get("cprt"))
    return ReadLicence(
        licence_url=licence_tag,
        copyright=notice,
        contact=contact,
        licence=_licence_named_in(licence_tag, notice),
    )


def detect_format(path: Path) -> TagFormat | None:
    """The format by content: "mp3", "ogg" (Vorbis) or "flac", else None."""
    with path.open("rb") as file:
        header = file.read(10)
        if header.startswith(b"ID3") and len(header) == 10:
            # An ID3v2 tag in front: skip it (size is syncsafe, plus a footer
            # when flag 0x10 is set) and look at what follows.
            size = sum(
                (byte & 0x7F) << (7 * (3 - i)) for i, byte in enumerate(header[6:])
            )
            file.seek(10 + size + (10 if header[5] & 0x10 else 0))
            after = file.read(4)
            return "flac" if after == b"fLaC" else "mp3"
        header += file.read(60)
    if header.startswith(b"fLaC"):
        return "flac"
    if header.startswith(b"OggS"):
        return "ogg" if b"\x01vorbis" in header else None
    # An MPEG audio frame: 11 sync bits, then a layer other than 0 (which is AAC).
    if len(header) >= 2 and header[0] == 0xFF and header[1] & 0xE0 == 0xE0:
        return "mp3" if header[1] & 0x06 else None
    return None


@contextmanager
def _replaced_atomically(path: Path) -> Iterator[Path]:
    """A copy of path to change; on a clean exit it replaces path in one rename."""
    descriptor, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    os.close(descriptor)
    copy = Path(name)
    try:
        shutil.copyfile(path, copy)
        shutil.copymode(path, copy)
        yield copy
        with copy.open("rb") as file:
            os.fsync(file.fileno())
        os.replace(copy, path)
    finally:
        copy.unlink(missing_ok=True)


def _front_cover(jpeg: bytes) -> Any:
    try:
        with Image.open(io.BytesIO(jpeg)) as image:
            if image.format != "JPEG":
                raise ValueError(f"cover_jpeg is {image.format}, not JPEG")
            width, height = image.size
            depth = {"L": 8, "RGB": 24, "CMYK": 32}.get(image.mode, 24)
    except OSError as error:
        raise ValueError(f"cover_jpeg is not an image: {error}") from error
    picture = flac.Picture()
    picture.type = id3.PictureType.COVER_FRONT
    picture.mime = "image/jpeg"
    picture.desc = ""
    picture.width, picture.height, picture.depth = width, height, depth
    picture.data = jpeg
    return picture


def _write_id3(path: Path, credits: TrackCredits, cover: Any) -> None:
    mp3.MP3(path)  # Raises unless MPEG audio frames are found.
    # A new ID3 object rather than clearing the old one: clear() keeps frames that
    # mutagen could not parse, and those would be written back.
    tags = id3.ID3()
    utf8 = id3.Encoding.UTF8
    tags.add(id3.TIT2(encoding=utf8, text=[credits.title]))
    tags.add(id3.TPE1(encoding=utf8, text=[credits.artist]))
    tags.add(id3.TPE2(encoding=utf8, text=[credits.artist]))
    tags.add(id3.TALB(encoding=utf8, text=[credits.album]))
    tags.add(
        id3.TRCK(encoding=utf8, text=[f"{credits.track_number}/{credits.track_total}"])
    )
    tags.add(id3.TPOS(encoding=utf8, text=[str(credits.disc_number)]))
    if credits.year is not None:
        tags.add(id3.TDRC(encoding=utf8, text=[str(credits.year)]))
    tags.add(id3.TCOP(encoding=utf8, text=[credits.copyright]))
    tags.add(id3.WCOP(url=credits.licence.url))
    tags.add(id3.WOAF(url=credits.album_url))
    tags.add(id3.TXXX(encoding=utf8, desc="LICENSE", text=[credits.licence.short_name]))
    if cover is not None:
        tags.add(
            id3.APIC(
                encoding=utf8,
                mime=cover.mime,
                type=cover.type,
                desc=cover.desc,
                data=cover.data,
            )
        )
    tags.save(path, v1=id3.ID3v1SaveOptions.REMOVE, v2_version=4)
    mutagen.apev2.delete(path)


def _vorbis_comments(credits: TrackCredits) -> dict[str, str]:
    comments = {
        "TITLE": credits.title,
        "ARTIST": credits.artist,
        "ALBUMARTIST": credits.artist,
        "ALBUM": credits.album,
        "TRACKNUMBER": str(credits.track_number),
        "TRACKTOTAL": str(credits.track_total),
        "DISCNUMBER": str(credits.disc_number),
    }
    if credits.year is not None:
        comments["DATE"] = str(credits.year)
    comments |= {
        "LICENSE": credits.licence.url,
        "COPYRIGHT": credits.copyright,
        "CONTACT": credits.album_url,
        "ORGANIZATION": credits.site_name,
    }
    return comments


def _write_ogg_vorbis(path: Path, credits: TrackCredits, cover: Any) -> None:
    audio = oggvorbis.OggVorbis(path)
    audio.tags.clear()  # The vendor string stays: it names the encoder, not a tag.
    for key, value in _vorbis_comments(credits).items():
        audio.tags[key] = [value]
    if cover is not None:
        # Ogg has no picture block: the FLAC one goes in a comment, base64-encoded.
        audio.tags["METADATA_BLOCK_PICTURE"] = [
            base64.b64encode(cover.write()).decode("ascii")
        ]
    audio.save()


def _write_flac(path: Path, credits: TrackCredits, cover: Any) -> None:
    audio = flac.FLAC(path)
    audio.clear_pictures()
    if audio.tags is None:
        audio.add_tags()
    else:
        audio.tags.clear()
    for key, value in _vorbis_comments(credits).items():
        audio.tags[key] = [value]
    if cover is not None:
        audio.add_picture(cover)
    audio.save(deleteid3=True)


def _open_by_content(path: Path) -> Any:
    kinds: list[type[Any]] | None = None  # MP4, WAVE, AIFF: scored by content.
    found = detect_format(path)
    if found == "mp3":
        kinds = [mp3.MP3]
    elif found == "flac":
        kinds = [flac.FLAC]
    else:
        with path.open("rb") as file:
            if file.read(4) == b"OggS":
                kinds = [
                    mutagen.oggvorbis.OggVorbis,
                    mutagen.oggopus.OggOpus,
                    mutagen.oggflac.OggFLAC,
                    mutagen.oggspeex.OggSpeex,
                ]
    try:
        return mutagen.File(path, options=kinds) if kinds else mutagen.File(path)
    except mutagen.MutagenError as error:
        raise TagError(f"cannot read the tags of {path}: {error}") from error


def _first(values: list[Any] | None) -> str | None:
    return str(values[0]) if values else None


def _id3_text(tags: Any, key: str) -> str | None:
    frame = tags.get(key)
    return str(frame.text[0]) if frame is not None and frame.text else None


def _id3_url(tags: Any, key: str) -> str | None:
    frames = tags.getall(key)
    return str(frames[0].url) if frames else None


_URL = re.compile(r"https?://[^\s<>\"']+")


def _licence_named_in(licence_tag: str | None, notice: str | None) -> Licence | None:
    if licence_tag:
        licence = licence_from_url(licence_tag) or licence_from_name(licence_tag)
        if licence is not None:
            return licence
    for url in _URL.findall(notice or ""):
        licence = licence_from_url(url.rstrip(".,;)"))
        if licence is not None:
            return licence
    return None
