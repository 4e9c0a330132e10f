"""Zip uploads (a whole album): the files we want, extracted flat, and nothing else.

Sizes in a zip are claims: the central directory can understate or overstate them.
Declared sizes only let us refuse early; the bytes actually written are what count.
"""

import lzma
import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jamhub.catalog.validation.text import clean_tag_text

NESTED_ARCHIVE_SUFFIXES = frozenset(
    {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst"}
)
_ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",  # zip (and docx, jar, ...)
    b"PK\x05\x06",  # empty zip
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",  # zstandard
)
_TAR_SIGNATURE_OFFSET = 257  # "ustar"
_JUNK_FILE_NAMES = frozenset({"thumbs.db", "desktop.ini"})
# Below this many bytes written a member may compress as well as it likes: a few
# seconds of silence in a WAV compress a thousand times and harm nobody.
RATIO_GRACE_BYTES = 1024 * 1024
_CHUNK_BYTES = 1024 * 1024
_ENCRYPTED = 0x1
_STRONG_ENCRYPTION = 0x40
_UTF8_NAME = 0x800
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
_UNSAFE_FILE_NAME_CHARACTERS = re.compile(r'[/\\:*?"<>|]')
_MAX_FILE_NAME_BYTES = 200  # under the usual 255, leaving room for " (2)" and ".part"
# Inflating damaged data fails in the decompressor, not in zipfile.
_DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError)

REASONS: dict[str, Promise] = {
    "unsafe_name": _("Its name points outside the folder of the zip."),
    "symlink": _("It is a link to another file, not a file."),
    "encrypted": _("It is protected by a password."),
    "nested_archive": _(
        "It is an archive inside the archive: please zip the files themselves."
    ),
    "unsupported_compression": _("It is compressed in a way we cannot read."),
}


class ZipError(Exception):
    """A zip refused as a whole; `code` is stable, `message` is for the artist."""

    def __init__(self, code: str, message: Promise | str):
        super().__init__(code)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass
class ZipMember:
    name: str  # the path inside the zip, cleaned for display
    path: Path
    size: int


@dataclass
class ZipRejection:
    name: str
    reason: Promise | str
    code: str = ""


def extract_zip(
    zip_path: Path,
    dest: Path,
    *,
    allowed_suffixes: set[str],
    max_entries: int = 200,
    max_total_bytes: int = 2 * 1024**3,
    max_member_bytes: int = 700 * 1024**2,
    max_ratio: float = 200.0,
) -> tuple[list[ZipMember], list[ZipRejection]]:
    """Extract the members of `zip_path` whose suffix is allowed into `dest`, flat and
    under unique names; report the members refused, skip hidden files silently.

    Raises ZipError for a zip refused as a whole, leaving nothing in `dest`."""
    allowed = {suffix.lower() for suffix in allowed_suffixes}
    too_many = ZipError(
        "too_many_entries",
        format_lazy(_("This zip holds more than {count} files."), count=max_entries),
    )
    with zip_path.open("rb") as handle:
        declared = _declared_entry_count(handle)
        # Checked before zipfile reads the central directory, which costs memory
        # for every entry: a small zip can list millions.
        if declared is not None and declared > max_entries:
            raise too_many
        try:
            archive = zipfile.ZipFile(handle)
        except (*_DAMAGED, ValueError, NotImplementedError) as exc:
            raise ZipError(
                "not_zip", _("This file is not a zip archive we can open.")
            ) from exc
        with archive:
            entries = archive.infolist()
            if len(entries) > max_entries:
                raise too_many
            wanted, rejections = _sort_entries(entries, dest, allowed)
            extraction = _Extraction(
                archive, dest, max_total_bytes, max_member_bytes, max_ratio
            )
            extraction.check_declared_sizes([info for _name, info in wanted])
            members: list[ZipMember] = []
            try:
                for name, info in wanted:
                    member = extraction.extract(name, info)
                    if isinstance(member, ZipRejection):
                        rejections.append(member)
                    else:
                        members.append(member)
            except BaseException:
                extraction.remove_extracted()
                raise
    return members, rejections


def _sort_entries(
    entries: list[zipfile.ZipInfo], dest: Path, allowed: set[str]
) -> tuple[list[tuple[str, zipfile.ZipInfo]], list[ZipRejection]]:
    """The entries to extract (with their cleaned names) and those refused by name,
    type or flags, in the order of the zip."""
    wanted: list[tuple[str, zipfile.ZipInfo]] = []
    rejections: list[ZipRejection] = []
    for info in entries:
        raw_name = _decoded_name(info)
        # We never create folders from a zip. (ZipInfo.is_dir() raises IndexError on
        # an empty name.)
        if raw_name.endswith("/"):
            continue
        name = clean_tag_text(raw_name, 1000)
        suffix = PurePosixPath(name).suffix.lower()
        if _is_unsafe(raw_name, dest):
            code = "unsafe_name"
        elif _is_junk(raw_name):
            continue
        elif stat.S_ISLNK(info.external_attr >> 16):
            code = "symlink"
        elif info.flag_bits & (_ENCRYPTED | _STRONG_ENCRYPTION):
            code = "encrypted"
        elif suffix in NESTED_ARCHIVE_SUFFIXES:
            code = "nested_archive"
        elif suffix not in allowed:
            rejections.append(_not_allowed(name, allowed))
            continue
        else:
            wanted.append((name, info))
            continue
        rejections.append(ZipRejection(name, REASONS[code], code))
    return wanted, rejections


class _Extraction:
    """Streams members into `dest` while counting the bytes really written."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        dest: Path,
        max_total_bytes: int,
        max_member_bytes: int,
        max_ratio: float,
    ):
        self.archive = archive
        self.dest = dest
        self.max_total_bytes = max_total_bytes
        self.max_member_bytes = max_member_bytes
        self.max_ratio = max_ratio
        self.total = 0
        self.extracted: list[Path] = []
        self.taken: set[str] = set()

    def check_declared_sizes(self, entries: list[zipfile.ZipInfo]) -> None:
        """Refuse at once what the zip itself admits to be too large."""
        for info in entries:
            if info.file_size > self.max_member_bytes:
                raise self._member_too_large(info)
        if sum(info.file_size for info in entries) > self.max_total_bytes:
            raise self._too_large()

    def extract(self, name: str, info: zipfile.ZipInfo) -> ZipMember | ZipRejection:
        self.dest.mkdir(parents=True, exist_ok=True)
        descriptor, temporary_name = tempfile.mkstemp(
            dir=self.dest, prefix=".", suffix=".part"
        )
        temporary = Path(temporary_name)
        try:
            with os.fdopen(descriptor, "wb") as output:
                written = self._copy(info, output)
            if written is None:
                temporary.unlink()
                code = "nested_archive"
                return ZipRejection(name, REASONS[code], code)
            path = self._unique_path(name)
            os.replace(temporary, path)
        except NotImplementedError:  # a compression method zipfile lacks
            temporary.unlink(missing_ok=True)
            code = "unsupported_compression"
            return ZipRejection(name, REASONS[code], code)
        except _DAMAGED as exc:
            temporary.unlink(missing_ok=True)
            raise ZipError(
                "corrupt",
                format_lazy(
                    _("This zip is damaged: “{name}” cannot be unpacked."), name=name
                ),
            ) from exc
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        self.extracted.append(path)
        return ZipMember(name=name, path=path, size=written)

    def remove_extracted(self) -> None:
        for path in self.extracted:
            path.unlink(missing_ok=True)
        self.extracted.clear()

    def _copy(self, info: zipfile.ZipInfo, output: BinaryIO) -> int | None:
        """Copy one member; None when its content is an archive, whatever its name."""
        written = 0
        with self.archive.open(info) as source:
            while chunk := source.read(_CHUNK_BYTES):
                if written == 0 and _is_archive(chunk):
                    return None
                written += len(chunk)
                self.total += len(chunk)
                if written > self.max_member_bytes:
                    raise self._member_too_large(info)
                if self.total > self.max_total_bytes:
                    raise self._too_large()
                if (
                    written > RATIO_GRACE_BYTES
                    and written / max(info.compress_size, 1) > self.max_ratio
                ):
                    raise ZipError(
                        "zip_bomb",
                        _(
                            "This zip unpacks to far more data than it holds, as a "
                            "zip bomb does, so we did not unpack it."
                        ),
                    )
                output.write(chunk)
        return written

    def _unique_path(self, name: str) -> Path:
        base = _safe_file_name(name)
        stem, suffix = os.path.splitext(base)
        candidate, number = base, 2
        # Case-insensitively: the files may be copied to a case-insensitive disk.
        while candidate.casefold() in self.taken or (self.dest / candidate).exists():
            candidate, number = f"{stem} ({number}){suffix}", number + 1
        self.taken.add(candidate.casefold())
        return self.dest / candidate

    def _member_too_large(self, info: zipfile.ZipInfo) -> ZipError:
        return ZipError(
            "member_too_large",
            format_lazy(
                _("“{name}” in this zip is larger than we accept."),
                name=clean_tag_text(_decoded_name(info), 200),
            ),
        )

    def _too_large(self) -> ZipError:
        return ZipError(
            "too_large", _("Unpacked, this zip would be larger than we accept.")
        )


def _decoded_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author typed it. Zips made on macOS hold UTF-8 names
    without the flag that says so, which zipfile then reads as cp437 mojibake.
    `orig_filename` keeps what zipfile cuts at a NUL byte."""
    name = info.orig_filename
    if not info.flag_bits & _UTF8_NAME:
        try:
            name = name.encode("cp437").decode("utf-8")
        except UnicodeError:
            pass
    return name


def _is_unsafe(name: str, dest: Path) -> bool:
    if "\x00" in name or "\\" in name or name.startswith("/"):
        return True
    if not PurePosixPath(name).name:  # "", ".": nothing to name a file after
        return True
    if _DRIVE_LETTER.match(name) or ".." in name.split("/"):
        return True
    return not (dest / name).resolve().is_relative_to(dest.resolve())


def _is_junk(name: str) -> bool:
    """Hidden files, macOS resource forks (__MACOSX/, ._*) and Windows thumbnails."""
    parts = PurePosixPath(name).parts
    return any(part.startswith(".") or part == "__MACOSX" for part in parts) or (
        parts[-1].lower() in _JUNK_FILE_NAMES
    )


def _is_archive(head: bytes) -> bool:
    offset = _TAR_SIGNATURE_OFFSET
    return head.startswith(_ARCHIVE_SIGNATURES) or head[offset : offset + 5] == b"ustar"


def _not_allowed(name: str, allowed: set[str]) -> ZipRejection:
    reason = format_lazy(
        _("We only accept these kinds of file here: {suffixes}."),
        suffixes=", ".join(sorted(allowed)),
    )
    return ZipRejection(name, reason, "not_allowed")


def _safe_file_name(name: str) -> str:
    """The base name of `name`, usable as a file name on any system."""
    base = _UNSAFE_FILE_NAME_CHARACTERS.sub("_", PurePosixPath(name).name).lstrip(". ")
    stem, suffix = os.path.splitext(base)
    while len((stem + suffix).encode()) > _MAX_FILE_NAME_BYTES and stem:
        stem = stem[:-1]
    return (stem + suffix) if stem else f"file{suffix}"


def _declared_entry_count(handle: BinaryIO) -> int | None:
    """The entry count in the zip's end record (zip64 aware), or None if unreadable.

    The record is the last 22 bytes unless a comment (up to 64 KiB) follows it."""
    handle.seek(0, os.SEEK_END)
    tail_start = max(0, handle.tell() - (22 + 0xFFFF))
    handle.seek(tail_start)
    tail = handle.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return None
    (count,) = struct.unpack_from("<H", tail, end + 10)
    if count != 0xFFFF:
        return int(count)
    locator = end - 20
    if locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
        return None
    (zip64_end,) = struct.unpack_from("<Q", tail, locator + 8)
    handle.seek(zip64_end)
    record = handle.read(56)
    if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
        return None
    (count64,) = struct.unpack_from("<Q", record, 32)
    return int(count64)
