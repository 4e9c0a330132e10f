"""Audio made from a formula, for the demo catalogue and for tests."""

import os
import tempfile
from pathlib import Path

from jamhub.catalog.audio.ffmpeg import binary, run, tail

SYNTHESIS_TIMEOUT = 120.0
_ENCODERS = {
    ".mp3": "-c:a libmp3lame -q:a 2 -f mp3",
    ".ogg": "-c:a libvorbis -q:a 5 -f ogg",
    ".flac": "-c:a flac -f flac",
    ".wav": "-c:a pcm_s16le -f wav",
}


def synthesize(
    path: Path,
    *,
    expression: str,
    seconds: float,
    tags: dict[str, str] | None = None,
    sample_rate: int = 44100,
) -> Path:
    """Write `seconds` of stereo audio whose samples are the ffmpeg aevalsrc
    `expression` of t, in the format the suffix of `path` names (mp3, ogg, flac,
    wav), with `tags`. Only for expressions written in our code, never a user's."""
    encoder = _ENCODERS.get(path.suffix.lower())
    if encoder is None:
        raise ValueError(f"cannot synthesize {path.suffix!r} files")
    if "'" in expression or "\\" in expression:
        raise ValueError("the expression may not contain quotes or backslashes")
    # Quoted, the expression's commas and colons are not filtergraph syntax.
    source = f"aevalsrc=exprs='{expression}':c=stereo:s={sample_rate}:d={seconds}"
    metadata = [f"{key}={value}" for key, value in (tags or {}).items()]
    descriptor, name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    os.close(descriptor)
    temporary = Path(name)
    try:
        result = run(
            [
                binary("ffmpeg"),
                *"-nostdin -hide_banner -nostats -loglevel error -y -f lavfi".split(),
                *("-i", source),
                *[option for item in metadata for option in ("-metadata", item)],
                *encoder.split(),
                f"file:{temporary}",
            ],
            timeout=SYNTHESIS_TIMEOUT,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"ffmpeg could not synthesize audio: {tail(result.stderr)}"
            )
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
