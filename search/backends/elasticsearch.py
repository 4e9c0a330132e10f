"""The Elasticsearch backend (client 8.x, which speaks to Elasticsearch 8 and 9).

Each kind (albums, artists, tracks) lives in a concrete index
`<prefix>-<kind>-<stamp>` reached through the alias `<prefix>-<kind>`; a rebuild
fills new indices, then moves every alias in one atomic call, then drops the old
indices, so searches never see a half-built index."""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import Index
from elasticsearch.helpers import streaming_bulk

from search.backends import IndexStatus, Progress
from search.documents import DOCUMENTS, AlbumDocument, ArtistDocument, TrackDocument
from search.es_queries import (
    album_search_body,
    artists_body,
    read_album_suggestions,
    read_artist_suggestions,
    read_artists,
    read_search,
    read_tags,
    read_tracks,
    suggest_body,
    tags_body,
    tracks_body,
)
from search.query import (
    ArtistHit,
    FacetName,
    SearchQuery,
    SearchResults,
    Suggestion,
    TagCount,
    TrackHit,
)
from search.records import AlbumRecord, ArtistRecord
from search.text import clean, tokens

KINDS = tuple(DOCUMENTS)
Action = dict[str, Any]


def index_body(kind: str) -> dict[str, Any]:
    """Settings (analyzers) and mappings of a new index of kind."""
    index = Index(f"unused-{kind}")
    index.settings(number_of_shards=1)
    index.document(DOCUMENTS[kind])
    return index.to_dict()


def _now() -> str:
    return datetime.datetime.now(tz=datetime.UTC).isoformat()


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "jamhub",
        client: Elasticsearch | None = None,
    ) -> None:
        self.client = client or Elasticsearch(url, request_timeout=30)
        self.prefix = prefix

    def alias(self, kind: str) -> str:
        return f"{self.prefix}-{kind}"

    # --- indices ----------------------------------------------------------------

    def _create_indices(self) -> dict[str, str]:
        stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        names = {}
        for kind in KINDS:
            name = f"{self.alias(kind)}-{stamp}"
            body = index_body(kind)
            self.client.indices.create(
                index=name, settings=body["settings"], mappings=body["mappings"]
            )
            names[kind] = name
        return names

    def _ensure_indices(self) -> None:
        if self.client.indices.exists_alias(name=self.alias("albums")):
            return
        names = self._create_indices()
        self.client.indices.update_aliases(
            actions=[
                {"add": {"index": names[kind], "alias": self.alias(kind)}}
                for kind in KINDS
            ]
        )

    def _aliased_indices(self, kind: str) -> list[str]:
        try:
            answer = self.client.indices.get_alias(name=self.alias(kind))
        except NotFoundError:
            return []
        return sorted(answer.body)

    def refresh(self) -> None:
        self.client.indices.refresh(index=",".join(self.alias(k) for k in KINDS))

    def drop(self) -> None:
        """Delete every index of this prefix (tests)."""
        for kind in KINDS:
            for name in self._aliased_indices(kind):
                self.client.indices.delete(index=name)

    # --- writes -----------------------------------------------------------------

    def _album_actions(
        self, records: Iterable[AlbumRecord], names: dict[str, str]
    ) -> Iterator[Action]:
        now = _now()
        for record in records:
            yield {
                "_index": names["albums"],
                "_id": record.album_id,
                "_source": AlbumDocument.source(record, indexed_at=now),
            }
            for track in record.tracks:
                yield {
                    "_index": names["tracks"],
                    "_id": track.track_id,
                    "_source": TrackDocument.source(track, album=record),
                }

    def _artist_actions(
        self, records: Iterable[ArtistRecord], names: dict[str, str]
    ) -> Iterator[Action]:
        now = _now()
        for record in records:
            yield {
                "_index": names["artists"],
                "_id": record.artist_id,
                "_source": ArtistDocument.source(record, indexed_at=now),
            }

    def _bulk(
        self, actions: Iterable[Action], progress: Progress | None = None
    ) -> None:
        for ok, item in streaming_bulk(
            self.client, actions, chunk_size=500, raise_on_error=False
        ):
            operation, result = next(iter(item.items()))
            if not ok and not (operation == "delete" and result.get("status") == 404):
                raise RuntimeError(f"Elasticsearch refused a document: {item}")
            if progress is not None and operation == "index" and ok:
                if result.get("_index", "").startswith(self.alias("albums")):
                    progress(1)

    def _aliases(self) -> dict[str, str]:
        return {kind: self.alias(kind) for kind in KINDS}

    def index_albums(self, records: Iterable[AlbumRecord]) -> None:
        self._ensure_indices()
        records = list(records)
        if not records:
            return
        self.client.delete_by_query(
            index=self.alias("tracks"),
            query={"terms": {"album_id": [r.album_id for r in records]}},
            conflicts="proceed",
        )
        self._bulk(self._album_actions(records, self._aliases()))

    def delete_albums(self, album_ids: Iterable[int]) -> None:
        self._ensure_indices()
        ids = list(album_ids)
        self._bulk(
            {"_op_type": "delete", "_index": self.alias("albums"), "_id": album_id}
            for album_id in ids
        )
        self.client.delete_by_query(
            index=self.alias("tracks"),
            query={"terms": {"album_id": ids}},
            conflicts="proceed",
        )

    def index_artists(self, records: Iterable[ArtistRecord]) -> None:
        self._ensure_indices()
        self._bulk(self._artist_actions(records, self._aliases()))

    def delete_artists(self, artist_ids: Iterable[int]) -> None:
        self._ensure_indices()
        self._bulk(
            {"_op_type": "delete", "_index": self.alias("artists"), "_id": artist_id}
            for artist_id in artist_ids
        )

    def rebuild(
        self,
        albums: Iterable[AlbumRecord],
        artists: Iterable[ArtistRecord],
        *,
        progress: Progress,
    ) -> None:
        names = self._create_indices()
        self._bulk(self._album_actions(albums, names), progress)
        self._bulk(self._artist_actions(artists, names))
        self.client.indices.refresh(index=",".join(names.values()))
        old = {kind: self._aliased_indices(kind) for kind in KINDS}
        actions: list[Action] = []
        for kind in KINDS:
            actions += [
                {"remove": {"index": name, "alias": self.alias(kind)}}
                for name in old[kind]
            ]
            actions.append({"add": {"index": names[kind], "alias": self.alias(kind)}})
        # One call: every alias moves at once.
        self.client.indices.update_aliases(actions=actions)
        for kind in KINDS:
            for name in old[kind]:
                self.client.indices.delete(index=name)

    # --- reads ------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        try:
            response = self.client.search(
                index=self.alias("albums"), body=album_search_body(query)
            )
        except NotFoundError:
            return SearchResults(
                query=query, total=0, hits=[], facets={name: [] for name in FacetName}
            )
        return read_search(query, response.body)

    def suggest(self, text: str, *, limit: int) -> list[Suggestion]:
        text = clean(text)
        if not tokens(text):
            return []
        try:
            artists = self.client.search(
                index=self.alias("artists"),
                body=suggest_body(text, field="name", sort="album_count", size=limit),
            )
            albums = self.client.search(
                index=self.alias("albums"),
                body=suggest_body(text, field="title", sort="popularity", size=limit),
            )
        except NotFoundError:
            return []
        return read_artist_suggestions(artists.body) + read_album_suggestions(
            albums.body
        )

    def _search(self, kind: str, body: dict[str, Any]) -> dict[str, Any] | None:
        """The answer of a search in kind's index; None before any index exists."""
        try:
            answer: dict[str, Any] = self.client.search(
                index=self.alias(kind), body=body
            ).body
        except NotFoundError:
            return None
        return answer

    def find_artists(self, text: str, *, limit: int, prefix: bool) -> list[ArtistHit]:
        if not tokens(text):
            return []
        answer = self._search("artists", artists_body(text, prefix=prefix, size=limit))
        return read_artists(answer) if answer else []

    def find_tracks(self, text: str, *, limit: int, prefix: bool) -> list[TrackHit]:
        if not tokens(text):
            return []
        answer = self._search("tracks", tracks_body(text, prefix=prefix, size=limit))
        return read_tracks(answer) if answer else []

    def find_tags(self, text: str, *, limit: int, prefix: bool) -> list[TagCount]:
        if not tokens(text):
            return []
        answer = self._search("albums", tags_body(text, prefix=prefix))
        return read_tags(answer, text, prefix=prefix, size=limit) if answer else []

    def status(self) -> IndexStatus:
        try:
            counts = {
                kind: int(self.client.count(index=self.alias(kind)).body["count"])
                for kind in KINDS
            }
            last = self.client.search(
                index=self.alias("albums"),
                body={"size": 0, "aggs": {"last": {"max": {"field": "indexed_at"}}}},
            ).body["aggregations"]["last"]
        except NotFoundError:
            return IndexStatus(self.name, 0, 0, 0, None, detail="no index yet")
        last_indexed = None
        if last.get("value") is not None:
            last_indexed = datetime.datetime.fromtimestamp(
                float(last["value"]) / 1000, tz=datetime.UTC
            )
        return IndexStatus(
            backend=self.name,
            albums=counts["albums"],
            artists=counts["artists"],
            tracks=counts["tracks"],
            last_indexed_at=last_indexed,
            detail=", ".join(
                name for kind in KINDS for name in self._aliased_indices(kind)
            ),
        )
