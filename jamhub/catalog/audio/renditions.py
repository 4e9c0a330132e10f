"""The files listeners get: MP3, Ogg Vorbis and FLAC made from an original."""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jamhub.catalog.audio.errors import AudioError
from jamhub.catalog.audio.ffmpeg import (
    ffprobe,
    input_arguments,
    run,
    tail,
    to_float,
    to_int,
)
from jamhub.catalog.audio.probing import AudioInfo, probe

RENDITION_TIMEOUT = 1200.0


@dataclass(frozen=True)
class RenditionTarget:
    fmt: Literal["mp3", "ogg", "flac"]
    path: Path


@dataclass(frozen=True)
class RenditionResult:
    fmt: str
    path: Path
    codec: str
    bit_rate: int | None
    duration: float
    size: int
    sha256: str


def make_renditions(
    source: Path,
    targets: list[RenditionTarget],
    *,
    expected_duration: float | None = None,
    source_info: AudioInfo | None = None,
    timeout: float = RENDITION_TIMEOUT,
) -> list[RenditionResult]:
    """Encode `source` into every target in one ffmpeg run (one decode, several
    encoders), results in the order of `targets`.

    Outputs carry no metadata and no cover; each appears at its path only complete.
    With `expected_duration`, an output more than 1% or 0.2 s off raises AudioError
    and no output is written. Pass `source_info` to save probing the source again."""
    paths = [target.path for target in targets]
    if not targets or len(set(paths)) != len(paths):
        raise ValueError("targets must be a non-empty list of distinct paths")
    info = source_info or probe(source)
    temporaries: list[Path] = []
    try:
        arguments = [*input_arguments(source), "-xerror"]
        for target in targets:
            descriptor, name = tempfile.mkstemp(
                dir=target.path.parent, prefix=f".{target.path.name}.", suffix=".part"
            )
            os.close(descriptor)
            temporaries.append(Path(name))
            arguments += [*_output_arguments(target.fmt, info), f"file:{name}"]
        result = run(arguments, timeout=timeout)
        if result.returncode != 0:
            raise AudioError("corrupt", detail=tail(result.stderr))
        results = [
            _measure(target, temporary, expected_duration)
            for target, temporary in zip(targets, temporaries, strict=True)
        ]
        for temporary, target in zip(temporaries, targets, strict=True):
            os.replace(temporary, target.path)
        return results
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def _output_arguments(fmt: str, source: AudioInfo) -> list[str]:
    # bitexact keeps version strings and random Ogg serial numbers out of the files,
    # so the same source always gives the same bytes (and the same torrent).
    common = (
        "-map 0:a:0 -map_metadata -1 -map_chapters -1 -vn -sn -dn"
        " -fflags +bitexact -flags:a +bitexact"
    ).split()
    # The lossy renditions are for listening: stereo at most, and at most 48 kHz.
    listening = ["-ac", "2"] if source.channels > 2 else []
    if fmt == "mp3":
        encoder = "-c:a libmp3lame -q:a 0 -f mp3".split()
    elif fmt == "ogg":
        if source.sample_rate > 48000:
            listening += ["-ar", "48000"]
        encoder = "-c:a libvorbis -q:a 6 -f ogg".split()
    elif fmt == "flac":
        # A lossless source keeps its sample format and rate; a lossy one decodes to
        # float, which the FLAC encoder would store as 24 bits for nothing.
        listening = [] if source.lossless else ["-sample_fmt", "s16"]
        encoder = "-c:a flac -compression_level 5 -f flac".split()
    else:
        raise ValueError(f"unknown rendition format {fmt!r}")
    return [*common, *listening, *encoder]


def _measure(
    target: RenditionTarget, temporary: Path, expected_duration: float | None
) -> RenditionResult:
    data = ffprobe(temporary, formats=target.fmt)
    stream = next(s for s in data["streams"] if s.get("codec_type") == "audio")
    duration = to_float(data["format"].get("duration")) or 0.0
    if expected_duration is not None:
        tolerance = max(expected_duration * 0.01, 0.2)
        if abs(duration - expected_duration) > tolerance:
            raise AudioError(
                "rendition_failed",
                detail=f"{target.fmt}: {duration:.3f}s of {expected_duration:.3f}s",
            )
    with temporary.open("rb") as handle:
        sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
    return RenditionResult(
        fmt=target.fmt,
        path=target.path,
        codec=stream.get("codec_name", ""),
        bit_rate=to_int(data["format"].get("bit_rate")),
        duration=duration,
        size=temporary.stat().st_size,
        sha256=sha256,
    )
