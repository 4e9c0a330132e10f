"""Byte-for-byte reproducible zips of album folders.

The same files always give the same zip, so its sha256 can be published and the zip
can sit in a torrent or a web seed whose hashes must not drift when a folder is
copied, restored from a backup or checked out again.
"""

import hashlib
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Every entry carries this date instead of its file's mtime: mtimes change on copy,
# restore, rsync without -t or a fresh checkout while the music does not, and the
# newest mtime would still vary. 2000 rather than the DOS epoch (1980-01-01), which
# some unzip tools shift into 1979 when converting from local time.
ENTRY_DATE_TIME = (2000, 1, 1, 0, 0, 0)
# Regular file, rw-r--r--, in the high 16 bits as Unix zip tools write it.
ENTRY_EXTERNAL_ATTR = (stat.S_IFREG | 0o644) << 16
_UNIX = 3  # "version made by" host system, so unzip reads the Unix mode bits
_CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipInfo:
    """A finished album zip: where it is, its size, its sha256 (hex), how many files."""

    path: Path
    size: int
    sha256: str
    file_count: int


def build_folder_zip(folder: Path, destination: Path) -> ZipInfo:
    """Write a stored (uncompressed) zip of `folder` to `destination`, entries named
    "<folder name>/<relative path>" in UTF-8 byte order; replaces `destination`
    atomically.

    Raises ValueError for a symlink, a special file or an empty subfolder inside
    `folder`, an empty `folder`, or a `destination` inside it."""
    folder = Path(os.path.abspath(folder))
    destination = Path(os.path.abspath(destination))
    if not folder.name:
        raise ValueError(f"{folder} has no name to use as the zip's top folder")
    if destination.is_relative_to(folder):
        raise ValueError(f"{destination} is inside the folder being zipped")
    entries = _folder_entries(folder)
    if not entries:
        raise ValueError(f"{folder} holds no files")

    return write_zip(entries, destination)


def write_zip(
    entries: Sequence[tuple[str, Path | bytes]], destination: Path
) -> ZipInfo:
    """Write a stored zip of `entries` (entry name, then a file's path or the bytes
    themselves), in the order given, with fixed dates and modes; replaces
    `destination` atomically."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp"
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "w+b") as output:
            with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as archive:
                for name, source in entries:
                    if isinstance(source, bytes):
                        archive.writestr(_entry_info(name, len(source)), source)
                    else:
                        _add_file(archive, name, source)
            output.flush()
            # On disk before the rename, so a crash never leaves a short zip under
            # the final name.
            os.fsync(output.fileno())
            output.seek(0)
            sha256 = hashlib.file_digest(output, "sha256").hexdigest()
            size = output.tell()
        # mkstemp makes the file 0600; nginx and the seeder read it as other users.
        temporary.chmod(0o644)
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return ZipInfo(path=destination, size=size, sha256=sha256, file_count=len(entries))


def _folder_entries(folder: Path) -> list[tuple[str, Path]]:
    """(entry name, path) for every file under `folder`, sorted by UTF-8 name."""
    entries: list[tuple[str, Path]] = []
    pending = [folder]
    while pending:
        directory = pending.pop()
        with os.scandir(directory) as scan:
            children = list(scan)
        if directory != folder and not children:
            raise ValueError(f"{directory} is empty and a zip of files cannot keep it")
        for child in children:
            path = Path(child.path)
            if child.is_symlink():
                raise ValueError(f"{path} is a symlink")
            if child.is_dir(follow_symlinks=False):
                pending.append(path)
            elif child.is_file(follow_symlinks=False):
                name = path.relative_to(folder.parent).as_posix()
                entries.append((name, path))
            else:
                raise ValueError(f"{path} is not a regular file")
    # str order is code point order, which is UTF-8 byte order; encoding also turns
    # a name that is not valid UTF-8 (a surrogate escape) into an error here.
    try:
        return sorted(entries, key=lambda entry: entry[0].encode("utf-8"))
    except UnicodeEncodeError as error:
        raise ValueError(f"a file name under {folder} is not UTF-8") from error


def _entry_info(name: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ENTRY_DATE_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = _UNIX
    info.external_attr = ENTRY_EXTERNAL_ATTR
    # zipfile sets flag bit 11 (UTF-8 name) itself on every name that is not ASCII,
    # and resets flag_bits when writing, so there is nothing to set here.
    # The size decides up front whether the entry needs ZIP64 fields.
    info.file_size = size
    return info


def _add_file(archive: zipfile.ZipFile, name: str, source: Path) -> None:
    # O_NOFOLLOW: a file swapped for a symlink after the folder was listed is refused
    # rather than followed out of the folder.
    descriptor = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as contents:
        info = _entry_info(name, os.fstat(contents.fileno()).st_size)
        with archive.open(info, "w") as entry:
            shutil.copyfileobj(contents, entry, _CHUNK_SIZE)
