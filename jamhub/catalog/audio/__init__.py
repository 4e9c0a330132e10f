"""Reading, checking, converting and making audio with ffprobe and ffmpeg.

This package is the only code that runs ffprobe or ffmpeg (see `ffmpeg.py` for how).
Files are typed by their content, never by their name.
"""

from jamhub.catalog.audio.errors import (
    MAX_DURATION,
    MESSAGES,
    MIN_DURATION,
    AudioError,
)
from jamhub.catalog.audio.ffmpeg import INPUT_FORMATS, ffmpeg_version
from jamhub.catalog.audio.probing import (
    AudioInfo,
    decode_and_measure,
    decode_check,
    probe,
)
from jamhub.catalog.audio.renditions import (
    RenditionResult,
    RenditionTarget,
    make_renditions,
)
from jamhub.catalog.audio.synthesis import synthesize

__all__ = [
    "INPUT_FORMATS",
    "MAX_DURATION",
    "MESSAGES",
    "MIN_DURATION",
    "AudioError",
    "AudioInfo",
    "RenditionResult",
    "RenditionTarget",
    "decode_and_measure",
    "decode_check",
    "ffmpeg_version",
    "make_renditions",
    "probe",
    "synthesize",
]
