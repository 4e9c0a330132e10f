"""The query service's contract: what a search asks and what it answers, the same
for every backend."""

from dataclasses import dataclass, field, replace
from enum import StrEnum

PER_PAGE = 20
MAX_PAGE = 500
SUGGESTIONS = 5
TAG_FACET_SIZE = 30
# Artists, tracks and tags shown above the albums on the first results page.
SECTION_SIZE = 6


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    RATING = "rating"
    POPULAR = "popular"


class FacetName(StrEnum):
    TAG = "tag"
    LICENCE = "licence"
    COMMERCIAL = "commercial"
    REMIX = "remix"
    DECADE = "decade"
    YEAR = "year"
    LOSSLESS = "lossless"
    DURATION = "duration"


# Facets that count albums having one property: their only value is "yes".
FLAG_FACETS = (FacetName.COMMERCIAL, FacetName.REMIX, FacetName.LOSSLESS)
YES = "yes"


@dataclass(frozen=True)
class SearchQuery:
    """Text, filters (values within a facet are alternatives, facets combine), sort
    and page."""

    text: str = ""
    tags: tuple[str, ...] = ()
    licences: tuple[str, ...] = ()
    commercial: bool = False
    remix: bool = False
    lossless: bool = False
    decades: tuple[int, ...] = ()
    years: tuple[int, ...] = ()
    durations: tuple[str, ...] = ()
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def has_filters(self) -> bool:
        return bool(
            self.tags
            or self.licences
            or self.commercial
            or self.remix
            or self.lossless
            or self.decades
            or self.years
            or self.durations
        )

    def with_page(self, page: int) -> "SearchQuery":
        return replace(self, page=page)


@dataclass(frozen=True)
class TagHit:
    slug: str
    name: str


@dataclass(frozen=True)
class AlbumHit:
    album_id: int
    title: str
    slug: str
    artist_name: str
    artist_slug: str
    cover: str
    year: int | None
    licence: str
    duration: float | None
    lossless: bool
    rating: float | None
    popularity: int
    tags: tuple[TagHit, ...] = ()
    # Field name -> HTML fragments with matches in <mark>, the rest escaped.
    highlights: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    label: str = ""


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[AlbumHit]
    facets: dict[FacetName, list[FacetValue]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass(frozen=True)
class ArtistHit:
    artist_id: int
    name: str
    slug: str
    album_count: int


@dataclass(frozen=True)
class TrackHit:
    track_id: int
    title: str
    number: int
    duration: float | None
    album_id: int
    album_title: str
    album_slug: str
    artist_name: str
    artist_slug: str
    cover: str  # storage name of the album's cover, or ""
    stream: str  # storage name of the rendition the player plays, or ""


@dataclass(frozen=True)
class TagCount:
    """A tag and the number of published albums carrying it (artists' tags and
    listeners' community tags together)."""

    slug: str
    name: str
    album_count: int


@dataclass(frozen=True)
class Sections:
    """What a text matches besides albums, each by its own name."""

    artists: list[ArtistHit] = field(default_factory=list)
    tracks: list[TrackHit] = field(default_factory=list)
    tags: list[TagCount] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.artists or self.tracks or self.tags)


class SuggestionKind(StrEnum):
    ARTIST = "artist"
    ALBUM = "album"
    TRACK = "track"
    TAG = "tag"


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    label: str
    artist_slug: str = ""
    slug: str = ""  # the album's for albums and tracks, the tag's for tags
    detail: str = ""  # the artist's name, for albums and tracks
    track: TrackHit | None = None
    count: int = 0  # albums carrying a tag
