"""Tiny real media files, made by the tests themselves (ffmpeg, Pillow)."""

import shutil
import subprocess
from pathlib import Path

from PIL import Image

# Extension -> the ffmpeg output options that make that format.
AUDIO_FORMATS: dict[str, list[str]] = {
    ".mp3": ["-c:a", "libmp3lame", "-b:a", "128k"],
    ".ogg": ["-c:a", "libvorbis", "-q:a", "3"],
    ".flac": ["-c:a", "flac"],
    ".wav": ["-c:a", "pcm_s16le"],
    ".m4a": ["-c:a", "aac", "-b:a", "96k"],
    ".opus": ["-c:a", "libopus", "-b:a", "64k"],
}


def ffmpeg() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        raise RuntimeError("ffmpeg is not installed (apt-get install ffmpeg)")
    return path


def make_audio(
    path: Path,
    *,
    seconds: float = 2.0,
    frequency: int = 440,
    sample_rate: int = 44100,
    channels: int = 2,
    tags: dict[str, str] | None = None,
    fmt: str | None = None,
) -> Path:
    """Write a sine tone; the format comes from `fmt` (an extension) or the name."""
    suffix = fmt or path.suffix
    options = AUDIO_FORMATS[suffix]
    muxer = {
        ".mp3": "mp3",
        ".ogg": "ogg",
        ".flac": "flac",
        ".wav": "wav",
        ".m4a": "ipod",
        ".opus": "ogg",
    }[suffix]
    metadata: list[str] = []
    for key, value in (tags or {}).items():
        metadata += ["-metadata", f"{key}={value}"]
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            ffmpeg(),
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={frequency}:duration={seconds}",
            "-ar",
            str(sample_rate),
            "-ac",
            str(channels),
            *options,
            *metadata,
            "-f",
            muxer,
            str(path),
        ],
        check=True,
    )
    return path


def truncate(path: Path, fraction: float = 0.5) -> Path:
    """Cut a file to `fraction` of its bytes, as an interrupted upload would."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def make_image(
    path: Path,
    *,
    size: tuple[int, int] = (600, 600),
    fmt: str = "PNG",
    color: tuple[int, int, int] = (200, 80, 20),
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, format=fmt)
    return path
