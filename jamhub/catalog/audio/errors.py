"""What we refuse in an audio upload, and the words we use to say so."""

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

MIN_DURATION = 1.0
MAX_DURATION = 60 * 60.0

MESSAGES: dict[str, Promise] = {
    "empty": _("This file is empty."),
    "not_audio": _("This file is not audio we can read."),
    "no_audio_stream": _("This file has no sound in it."),
    "unsupported_format": _(
        "We do not accept this kind of audio file. Please upload MP3, Ogg Vorbis, "
        "Opus, FLAC, WAV, AIFF or M4A (AAC or ALAC)."
    ),
    "too_short": format_lazy(
        _("This recording is shorter than {seconds:g} second."), seconds=MIN_DURATION
    ),
    "too_long": format_lazy(
        _("This recording is longer than {minutes:g} minutes, the most we accept."),
        minutes=MAX_DURATION / 60,
    ),
    "truncated": _(
        "Part of this recording is missing: the file stops before its end, as if the "
        "upload or the export was cut short. Please export it again and upload it."
    ),
    "corrupt": _("This file is damaged: parts of it cannot be played."),
    "timeout": _("Reading this file took too long. Please try again later."),
    "rendition_failed": _("We could not convert this recording."),
}


class AudioError(Exception):
    """An audio file we refuse. `code` is stable (a key of MESSAGES), `message` is for
    the artist, `detail` (ffmpeg's own words) is for the logs only."""

    def __init__(
        self, code: str, message: Promise | str | None = None, detail: str = ""
    ):
        super().__init__(code)
        self.code = code
        self.message = message if message is not None else MESSAGES[code]
        self.detail = detail

    def __str__(self) -> str:
        return str(self.message)
