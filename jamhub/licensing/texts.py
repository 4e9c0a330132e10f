"""LICENSE.txt and README.txt: the licence and the credits that travel with an album
in its folder, and so in every zip and torrent.

Plain UTF-8, "\\n" line endings, at most 78 columns (wide characters count two), in
English whatever the active language. The same credits always give the same bytes,
since the files are part of each torrent's info-hash.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from django.utils import translation

from jamhub.core.files import write_atomic
from jamhub.licensing.credits import AlbumCredits
from jamhub.licensing.licences import Licence

WIDTH = 78
LICENCE_FILENAME = "LICENSE.txt"
README_FILENAME = "README.txt"


def licence_txt(album: AlbumCredits) -> str:
    """The text of LICENSE.txt: the licence, its links, and how to credit the artist."""
    licence = album.licence
    lines = [
        *_wrap(f"{album.album} by {album.artist}"),
        "",
        *_field("Licence:", f"{licence.name} ({licence.short_name})"),
        *_field("Deed:", licence.url),
        *_field("Legal code:", licence.legal_code_url),
        *_field("Album page:", album.album_url),
        "",
        *_wrap(_attribution_line(album)),
        "",
        "What the licence allows",
        *_wrap(_english(licence.summary)),
        *_wrap(
            "This is a summary, not the licence: the legal code above is what counts."
        ),
        "",
        "How to credit the artist",
        *_wrap(_credit_request(licence)),
        "",
        *_wrap(_tasl_credit(album), indent="    "),
        "",
        *_wrap(_credit_notes(licence)),
    ]
    return _text(lines)


def readme_txt(album: AlbumCredits) -> str:
    """The text of README.txt: what the album is, its tracks, licence and origin."""
    licence = album.licence
    by_line = f"by {album.artist}" + (
        f", {album.year}" if album.year is not None else ""
    )
    number_width = max((len(str(number)) for number, _t, _d in album.tracks), default=1)
    track_lines = []
    for number, title, seconds in album.tracks:
        label = f"{number:>{number_width}}. "
        track_lines += _wrap(
            f"{label}{title} ({_minutes(seconds)})",
            indent="  ",
            hanging="  " + " " * len(label),
        )
    total = sum(seconds for _number, _title, seconds in album.tracks)
    lines = [
        *_wrap(album.album),
        *_wrap(by_line),
        "",
        "Tracks",
        *track_lines,
        f"Total: {_minutes(total)}",
        "",
        *_wrap(f"Formats: {album.formats}", hanging="  "),
        "",
        *_wrap(f"Licence: {licence.short_name} ({licence.url})", hanging="  "),
        *_wrap(_english(licence.summary)),
        *_wrap(f"{LICENCE_FILENAME} in this folder says how to credit the artist."),
        "",
        *_wrap(
            f"This album comes from {album.site_name}, where you can stream it, "
            f"download it and write about it: {album.album_url}"
        ),
        "",
        "Sharing it with BitTorrent",
        *_wrap(
            "This folder is also published as a torrent: the album page has the "
            "torrent file and the magnet link. Keep your BitTorrent client seeding "
            "after your download ends, so that other listeners get the album from "
            f"you too, and keep {LICENCE_FILENAME} and {README_FILENAME} with the "
            "music wherever you share it."
        ),
    ]
    return _text(lines)


def write_album_texts(folder: Path, album: AlbumCredits) -> tuple[Path, Path]:
    """Write LICENSE.txt and README.txt into folder, each replaced in one rename."""
    licence_path, readme_path = folder / LICENCE_FILENAME, folder / README_FILENAME
    write_atomic(licence_path, licence_txt(album).encode("utf-8"))
    write_atomic(readme_path, readme_txt(album).encode("utf-8"))
    return licence_path, readme_path


def _under(licence: Licence) -> str:
    if licence.public_domain:
        return f"dedicated to the public domain under {licence.short_name}"
    return f"licensed under {licence.short_name}"


def _attribution_line(album: AlbumCredits) -> str:
    year = f", {album.year}" if album.year is not None else ""
    return (
        f"{album.album} by {album.artist}{year}, "
        f"{_under(album.licence)}: {album.licence.url}"
    )


def _credit_request(licence: Licence) -> str:
    if not licence.requires_attribution:
        return (
            f"{licence.short_name} does not require credit, but artists are glad of "
            "it. Copy this line (title, author, source, licence):"
        )
    uses = (
        "share, play in public or remix"
        if licence.allows_derivatives
        else "share or play in public"
    )
    return (
        f"When you {uses} this music, credit the artist: copy this line (title, "
        "author, source, licence) where your audience sees it:"
    )


def _tasl_credit(album: AlbumCredits) -> str:
    """Title, Author, Source, Licence: the attribution Creative Commons recommends."""
    return (
        f"\u201c{album.album}\u201d by {album.artist} ({album.album_url}), "
        f"{_under(album.licence)} ({album.licence.url})"
    )


def _credit_notes(licence: Licence) -> str:
    notes = "To credit one track, name it the same way, with the album page as source."
    if licence.requires_attribution and licence.allows_derivatives:
        # The 4.0 licences and Free Art require saying that the work was changed.
        notes += (
            " If you changed or remixed the music, say so after the credit, for "
            "example \u201cremixed by\u201d and your name."
        )
    return notes


def _english(text: object) -> str:
    with translation.override("en"):
        return str(text)


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _columns(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _field(label: str, value: str) -> list[str]:
    """The value wrapped after its label, the values of a block in one column."""
    return _wrap(value, indent=f"{label:<12}", hanging=" " * 12)


def _wrap(text: str, *, indent: str = "", hanging: str | None = None) -> list[str]:
    """Greedy word wrap to WIDTH display columns. A single word wider than the line
    (a long URL) stays whole on its own line: a broken URL is worse than a long line.
    """
    later_indent = indent if hanging is None else hanging
    lines: list[str] = []
    line = indent
    has_word = False
    for word in text.split():
        candidate = f"{line} {word}" if has_word else f"{line}{word}"
        if has_word and _columns(candidate) > WIDTH:
            lines.append(line)
            line, has_word = f"{later_indent}{word}", True
        else:
            line, has_word = candidate, True
    lines.append(line)
    return lines


def _text(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines) + "\n"
