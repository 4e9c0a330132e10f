"""What the index holds: plain records built by search.indexing from the models and
written by either backend. Nothing here knows Django models."""

import datetime
from dataclasses import dataclass, field

# Duration buckets of a whole album, in seconds: (code, lower bound inclusive).
DURATION_BUCKETS: tuple[tuple[str, float], ...] = (
    ("short", 0.0),
    ("medium", 20 * 60.0),
    ("long", 45 * 60.0),
)


def duration_bucket(seconds: float | None) -> str:
    """The bucket code of an album lasting seconds ("" when unknown)."""
    if seconds is None:
        return ""
    code = DURATION_BUCKETS[0][0]
    for candidate, lower in DURATION_BUCKETS:
        if seconds >= lower:
            code = candidate
    return code


@dataclass(frozen=True)
class TagRecord:
    slug: str
    name: str


@dataclass(frozen=True)
class TrackRecord:
    track_id: int
    album_id: int
    number: int
    title: str
    duration: float | None
    lyrics: str = ""
    stream: str = ""  # storage name of the rendition the player plays


@dataclass(frozen=True)
class AlbumRecord:
    album_id: int
    title: str
    slug: str
    artist_id: int
    artist_name: str
    artist_slug: str
    description: str
    cover: str
    licence: str
    allows_commercial: bool
    allows_remix: bool
    release_year: int | None
    formats: tuple[str, ...]
    duration: float | None
    published_at: datetime.datetime | None
    tags: tuple[TagRecord, ...] = ()
    tracks: tuple[TrackRecord, ...] = ()
    rating: float | None = None
    popularity: int = 0

    @property
    def decade(self) -> int | None:
        return None if self.release_year is None else self.release_year // 10 * 10

    @property
    def lossless(self) -> bool:
        return "flac" in self.formats

    @property
    def duration_bucket(self) -> str:
        return duration_bucket(self.duration)


@dataclass(frozen=True)
class ArtistRecord:
    artist_id: int
    name: str
    slug: str
    location: str = ""
    bio: str = ""
    album_count: int = 0
    tags: tuple[TagRecord, ...] = field(default=())
