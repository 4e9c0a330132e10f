"""Running ffprobe and ffmpeg, and nothing else may.

Every run takes an argument list (never a shell), a timeout, stdin from /dev/null,
`-protocol_whitelist file` and a `-format_whitelist` of the containers we accept:
without them a text HLS playlist or concat list named `.mp3` makes ffmpeg open the
files it names (FACTS.md). Paths go in as `file:` URLs, so that no name is ever read
as another protocol.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from jamhub.catalog.audio.errors import AudioError

PROBE_TIMEOUT = 30.0

LINEAR_PCM = frozenset(
    {"pcm_u8", "pcm_s8"}
    | {f"pcm_s{bits}{order}" for bits in (16, 24, 32) for order in ("le", "be")}
    | {f"pcm_f{bits}{order}" for bits in (32, 64) for order in ("le", "be")}
)
# ffmpeg's demuxer name (the first of its comma-separated names) -> our name for the
# container and the codecs we accept in it.
ACCEPTED: dict[str, tuple[str, frozenset[str]]] = {
    "mp3": ("mp3", frozenset({"mp3"})),
    "ogg": ("ogg", frozenset({"vorbis", "opus"})),
    "flac": ("flac", frozenset({"flac"})),
    "wav": ("wav", LINEAR_PCM),
    "aiff": ("aiff", LINEAR_PCM),
    "mov": ("mp4", frozenset({"aac", "alac"})),
}
INPUT_FORMATS = ",".join(ACCEPTED)
LOSSLESS_CODECS = LINEAR_PCM | {"flac", "alac"}
# Audio containers ffmpeg knows that we refuse: "we do not accept this kind" reads
# better than "this is not audio" to someone who uploaded a WMA file.
_OTHER_AUDIO_FORMATS = frozenset(
    "aac ac3 amr ape asf au caf dsf dts eac3 matroska mpc mpc8 tta w64 wv xwma".split()
)
_NOT_ON_WHITELIST = re.compile(r"\[([\w,]+) @ 0x[0-9a-f]+\] Format not on whitelist")


def ffmpeg_version() -> str:
    """The version of the installed ffmpeg, e.g. "5.1.9-0+deb12u1"."""
    result = run([binary("ffmpeg"), "-hide_banner", "-version"], timeout=10)
    first_line = result.stdout.decode(errors="replace").partition("\n")[0]
    return first_line.removeprefix("ffmpeg version ").partition(" ")[0]


def ffprobe(path: Path, *, formats: str = INPUT_FORMATS) -> dict[str, Any]:
    """ffprobe's JSON for `path` (format and streams), read only if it is one of
    `formats`; AudioError when ffprobe cannot read it."""
    # ffprobe has no -nostdin (that is an ffmpeg option): run() gives it /dev/null.
    result = run(
        [
            binary("ffprobe"),
            *"-hide_banner -loglevel error -protocol_whitelist file".split(),
            *("-format_whitelist", formats),
            *"-print_format json -show_format -show_streams".split(),
            f"file:{path}",
        ],
        timeout=PROBE_TIMEOUT,
    )
    stderr = result.stderr.decode(errors="replace")
    if result.returncode != 0:
        refused = _NOT_ON_WHITELIST.search(stderr)
        if refused and refused.group(1).split(",")[0] in _OTHER_AUDIO_FORMATS:
            raise AudioError("unsupported_format", detail=refused.group(1))
        raise AudioError("not_audio", detail=tail(result.stderr))
    data: dict[str, Any] = json.loads(result.stdout.decode(errors="replace"))
    if "format" not in data:
        raise AudioError("not_audio", detail=stderr)
    return data


def input_arguments(path: Path, *, loglevel: str = "error") -> list[str]:
    """ffmpeg, its safe options, and `path` as its only input."""
    options = (
        f"-nostdin -hide_banner -nostats -loglevel {loglevel} -y"
        f" -protocol_whitelist file -format_whitelist {INPUT_FORMATS}"
    )
    return [binary("ffmpeg"), *options.split(), "-i", f"file:{path}"]


def run(arguments: list[str], *, timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run a program (never through a shell); on timeout it is killed."""
    try:
        return subprocess.run(  # noqa: S603 -- argument list, no shell, fixed binaries
            arguments,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise AudioError("timeout", detail=f"{arguments[0]} ran {timeout}s") from exc


def binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed (apt-get install ffmpeg)")
    return path


def tail(stderr: bytes, lines: int = 5) -> str:
    """The last lines ffmpeg wrote, for AudioError.detail."""
    return "\n".join(stderr.decode(errors="replace").strip().splitlines()[-lines:])


def to_int(value: Any) -> int | None:
    """ffprobe's numbers are strings, absent or "N/A"; 0 means unknown as well."""
    try:
        return int(value) or None
    except (TypeError, ValueError):
        return None


def to_float(value: Any) -> float | None:
    try:
        return float(value) or None
    except (TypeError, ValueError):
        return None
