"""Where an album's files live. The public folder of one format is exactly what its zip
and its torrent contain, and its URL is the torrent's web seed (BEP 19):
<MEDIA_URL>albums/<album id>/<folder name>/<file name>."""

import re
import unicodedata
from pathlib import PurePosixPath

from jamhub.catalog.models import Album, Track

FORMAT_LABELS = {"mp3": "MP3", "ogg": "OGG", "flac": "FLAC"}
FORMAT_SUFFIXES = {"mp3": ".mp3", "ogg": ".ogg", "flac": ".flac"}
MAX_NAME_LENGTH = 120
# Characters that Windows, macOS or a shell treat specially in file names.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def safe_name(text: str, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """A file or folder name that is valid on every common file system."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return text[:max_length].rstrip(" .") or "_"


def album_root(album: Album) -> PurePosixPath:
    """Relative to MEDIA_ROOT: the album's public folders live below it."""
    return PurePosixPath("albums") / str(album.pk)


def folder_name(album: Album, fmt: str) -> str:
    year = f" ({album.year})" if album.year else ""
    return safe_name(
        f"{album.artist.name} - {album.title}{year} [{FORMAT_LABELS[fmt]}]",
        max_length=200,
    )


def album_folder(album: Album, fmt: str) -> PurePosixPath:
    return album_root(album) / folder_name(album, fmt)


def track_file_name(track: Track, fmt: str) -> str:
    return f"{track.number:02d} - {safe_name(track.title)}{FORMAT_SUFFIXES[fmt]}"


def zip_path(album: Album, fmt: str) -> PurePosixPath:
    return PurePosixPath("zips") / str(album.pk) / f"{folder_name(album, fmt)}.zip"


def originals_folder(album: Album) -> PurePosixPath:
    """Private: never under a served URL."""
    return PurePosixPath("private") / "originals" / str(album.pk)
