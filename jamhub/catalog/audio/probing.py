"""What an uploaded audio file is (probe) and whether it plays to its end."""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jamhub.catalog.audio.errors import (
    MAX_DURATION,
    MESSAGES,
    MIN_DURATION,
    AudioError,
)
from jamhub.catalog.audio.ffmpeg import (
    ACCEPTED,
    LOSSLESS_CODECS,
    ffprobe,
    input_arguments,
    run,
    tail,
    to_float,
    to_int,
)

DECODE_TIMEOUT = 300.0
# A decode that stops before this share of the declared duration is a truncated file:
# a half-truncated MP3 still declares its full length and decodes with exit status 0.
MIN_DECODED_SHARE = 0.98
# Less the slack of MP3 framing: ffprobe counts whole frames, encoder delay and end
# padding included, which is 0.045 s at 44.1 kHz but 0.17 s at 8 kHz, more than 2%
# of a short file.
DECODE_SLACK_SECONDS = 0.25
_MP4_PLUMBING = frozenset(
    {"major_brand", "minor_version", "compatible_brands", "handler_name", "vendor_id"}
)


@dataclass(frozen=True)
class AudioInfo:
    format_name: str  # our container name: mp3, ogg, flac, wav, aiff or mp4
    codec: str
    duration: float
    bit_rate: int | None
    sample_rate: int
    channels: int
    bits_per_sample: int | None
    lossless: bool
    tags: dict[str, str]


def probe(path: Path) -> AudioInfo:
    """What `path` contains, or AudioError when it is not audio we accept."""
    if path.stat().st_size == 0:
        raise AudioError("empty")
    data = ffprobe(path)
    demuxer = data["format"]["format_name"].split(",")[0]
    container, codecs = ACCEPTED.get(demuxer, ("", frozenset()))
    streams = data.get("streams", [])
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if audio is None:
        raise AudioError("not_audio", MESSAGES["no_audio_stream"])
    codec = audio.get("codec_name", "")
    if codec not in codecs:
        raise AudioError("unsupported_format", detail=f"{codec} in {demuxer}")
    duration = to_float(data["format"].get("duration")) or to_float(
        audio.get("duration")
    )
    if duration is None:
        raise AudioError("corrupt", detail="no duration")
    if duration < MIN_DURATION:
        raise AudioError("too_short")
    if duration > MAX_DURATION:
        raise AudioError("too_long")
    bits = to_int(audio.get("bits_per_raw_sample")) or to_int(
        audio.get("bits_per_sample")
    )
    return AudioInfo(
        format_name=container,
        codec=codec,
        duration=duration,
        bit_rate=to_int(data["format"].get("bit_rate"))
        or to_int(audio.get("bit_rate")),
        sample_rate=to_int(audio.get("sample_rate")) or 0,
        channels=to_int(audio.get("channels")) or 0,
        bits_per_sample=bits if codec in LOSSLESS_CODECS and bits else None,
        lossless=codec in LOSSLESS_CODECS,
        tags=_tags(data["format"], audio),
    )


def decode_check(
    path: Path, info: AudioInfo, *, timeout: float = DECODE_TIMEOUT
) -> float:
    """Decode the whole first audio stream; return the decoded duration in seconds.

    Raises AudioError "truncated" when the audio stops before 98% of the duration
    the file declares (less MP3 framing), "corrupt" when the decoder meets damaged
    data."""
    return decode_and_measure(path, info, timeout=timeout)[0]


def decode_and_measure(
    path: Path, info: AudioInfo, *, timeout: float = DECODE_TIMEOUT
) -> tuple[float, float | None]:
    """decode_check, and the integrated loudness (EBU R 128, in LUFS) measured in the
    same decoding pass; None when ffmpeg did not report it."""
    least = info.duration * MIN_DECODED_SHARE - DECODE_SLACK_SECONDS
    strict = _decode(path, timeout=timeout, stop_on_error=True, measure=True)
    if strict.returncode != 0:
        # -xerror stops at the first damaged frame, so its progress says nothing about
        # where the audio ends: decode again, skipping errors, to tell a file cut short
        # (a truncated FLAC fails here) from one damaged in the middle.
        lenient = _decode(path, timeout=timeout, stop_on_error=False)
        decoded = _decoded_seconds(lenient.stdout)
        code = "truncated" if decoded < least else "corrupt"
        raise AudioError(code, detail=tail(strict.stderr))
    decoded = _decoded_seconds(strict.stdout)
    if decoded < least:
        raise AudioError(
            "truncated", detail=f"decoded {decoded:.3f}s of {info.duration:.3f}s"
        )
    return decoded, _integrated_loudness(strict.stderr)


def _decode(
    path: Path, *, timeout: float, stop_on_error: bool, measure: bool = False
) -> subprocess.CompletedProcess[bytes]:
    # ebur128 writes its summary at the info level (its per-frame lines go to
    # verbose, which stays silent); errors still end stderr, as tail() expects.
    arguments = input_arguments(path, loglevel="info" if measure else "error")
    if stop_on_error:
        arguments.append("-xerror")
    arguments += ["-map", "0:a:0"]
    if measure:
        arguments += ["-af", "ebur128=framelog=verbose"]
    arguments += ["-f", "null", "-progress", "pipe:1", "-"]
    return run(arguments, timeout=timeout)


def _integrated_loudness(stderr: bytes) -> float | None:
    """The "I: -14.2 LUFS" line of ebur128's summary (the last one it printed)."""
    values = re.findall(rb"^\s*I:\s+(-?\d+(?:\.\d+)?) LUFS", stderr, flags=re.MULTILINE)
    return float(values[-1]) if values else None


def _decoded_seconds(progress: bytes) -> float:
    """The last out_time_us of ffmpeg's -progress output, in seconds."""
    values = re.findall(rb"^out_time_us=(\d+)$", progress, flags=re.MULTILINE)
    return int(values[-1]) / 1_000_000 if values else 0.0


def _tags(*sources: dict[str, Any]) -> dict[str, str]:
    """Container tags first, then the audio stream's (Ogg keeps them there), without
    the MP4 plumbing nobody typed."""
    tags: dict[str, str] = {}
    for source in sources:
        for key, value in source.get("tags", {}).items():
            if key.lower() not in _MP4_PLUMBING:
                tags.setdefault(key.lower(), str(value))
    return tags
