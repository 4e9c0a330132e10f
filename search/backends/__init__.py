"""The two search backends behind one interface; settings pick one."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from search.query import SearchQuery, SearchResults, Suggestion
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
