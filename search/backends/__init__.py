"""The two search backends behind one interface; settings pick one."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from search.query import (
    ArtistHit,
    SearchQuery,
    SearchResults,
    Suggestion,
    TagCount,
    TrackHit,
)
from search.records import AlbumRecord, ArtistRecord

Progress = Callable[[int], None]


@dataclass(frozen=True)
class IndexStatus:
    backend: str
    albums: int
    artists: int
    tracks: int | None
    last_indexed_at: datetime.datetime | None
    detail: str = ""


class SearchBackend(Protocol):
    name: str

    def search(self, query: SearchQuery) -> SearchResults: ...

    def suggest(self, text: str, *, limit: int) -> list[Suggestion]: ...

    # Found by their own names: every word, or with prefix the start of a word.
    def find_artists(
        self, text: str, *, limit: int, prefix: bool
    ) -> list[ArtistHit]: ...

    def find_tracks(self, text: str, *, limit: int, prefix: bool) -> list[TrackHit]: ...

    def find_tags(self, text: str, *, limit: int, prefix: bool) -> list[TagCount]: ...

    def index_albums(self, records: Iterable[AlbumRecord]) -> None: ...

    def delete_albums(self, album_ids: Iterable[int]) -> None: ...

    def index_artists(self, records: Iterable[ArtistRecord]) -> None: ...

    def delete_artists(self, artist_ids: Iterable[int]) -> None: ...

    def rebuild(
        self,
        albums: Iterable[AlbumRecord],
        artists: Iterable[ArtistRecord],
        *,
        progress: Progress,
    ) -> None: ...

    def status(self) -> IndexStatus: ...


@cache
def _backend(elasticsearch_url: str, prefix: str) -> SearchBackend:
    if elasticsearch_url:
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(elasticsearch_url, prefix=prefix)
    from search.backends.database import DatabaseBackend

    return DatabaseBackend()


def get_backend() -> SearchBackend:
    """Elasticsearch when ELASTICSEARCH_URL is set, else the database."""
    from django.conf import settings

    return _backend(
        str(getattr(settings, "ELASTICSEARCH_URL", "") or ""),
        str(getattr(settings, "SEARCH_INDEX_PREFIX", "jamhub") or "jamhub"),
    )
