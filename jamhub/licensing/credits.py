"""Who made what, under which licence: what the tags and the album texts say."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from jamhub.licensing.licences import Licence

SITE_NAME = "JamHub"


def _check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"album_url must be an absolute http(s) URL, not {url!r}")


def copyright_notice(
    *, artist: str, year: int | None, licence: Licence, album_url: str
) -> str:
    """The ID3 TCOP / Vorbis COPYRIGHT sentence, in the form Creative Commons
    recommends for embedded metadata ("verify at" points to the page that states the
    licence, so a tag alone cannot claim a freer licence than the artist chose)."""
    holder = artist if artist.endswith(".") else f"{artist}."  # "M.I.A.", not "M.I.A.."
    if year is not None:
        holder = f"{year} {holder}"
    return f"{holder} Licensed to the public under {licence.url} verify at {album_url}"


@dataclass(frozen=True, kw_only=True)
class TrackCredits:
    """What write_tags writes into one rendition of one track."""

    artist: str
    album: str
    title: str
    track_number: int
    track_total: int
    year: int | None
    licence: Licence
    album_url: str
    site_name: str = SITE_NAME
    disc_number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.track_number <= self.track_total:
            raise ValueError(
                f"track_number must be between 1 and track_total "
                f"({self.track_number}/{self.track_total})"
            )
        if self.disc_number < 1:
            raise ValueError(f"disc_number must be 1 or more, not {self.disc_number}")
        _check_public_url(self.album_url)

    @property
    def copyright(self) -> str:
        return copyright_notice(
            artist=self.artist,
            year=self.year,
            licence=self.licence,
            album_url=self.album_url,
        )


@dataclass(frozen=True, kw_only=True)
class AlbumCredits:
    """What LICENSE.txt and README.txt say about one album.

    tracks holds (track number, title, duration in seconds), in album order;
    formats says what the folder holds, e.g. "MP3 (VBR V0)"."""

    artist: str
    album: str
    year: int | None
    licence: Licence
    album_url: str
    tracks: Sequence[tuple[int, str, float]]
    formats: str
    site_name: str = SITE_NAME

    def __post_init__(self) -> None:
        _check_public_url(self.album_url)
        # A tuple, so that frozen credits are hashable and cannot change under us.
        object.__setattr__(self, "tracks", tuple(self.tracks))

    def track_credits(self) -> list[TrackCredits]:
        """One TrackCredits per track, numbered as in tracks, for write_tags."""
        return [
            TrackCredits(
                artist=self.artist,
                album=self.album,
                title=title,
                track_number=number,
                track_total=len(self.tracks),
                year=self.year,
                licence=self.licence,
                album_url=self.album_url,
                site_name=self.site_name,
            )
            for number, title, _duration in self.tracks
        ]
