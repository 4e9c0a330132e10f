"""The database backend: SQLite FTS5 or PostgreSQL full-text search over the
denormalised search_album / search_artist tables."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from search.backends import IndexStatus, Progress
from search.backends.sql import (
    WALK,
    Dialect,
    Match,
    Statement,
    artists_statement,
    dialect_for,
    facets_statement,
    hits_statement,
    suggest_albums_statement,
    suggest_artists_statement,
    tags_statement,
    tracks_statement,
)
from search.models import IndexedAlbum, IndexedAlbumTag, IndexedArtist, IndexedTrack
from search.query import (
    TAG_FACET_SIZE,
    AlbumHit,
    ArtistHit,
    FacetName,
    FacetValue,
    SearchQuery,
    SearchResults,
    Suggestion,
    SuggestionKind,
    TagCount,
    TagHit,
    TrackHit,
)
from search.records import AlbumRecord, ArtistRecord
from search.text import normalise, query_terms

BATCH = 1000
SETTLED_INDEXES = (
    "search_album_document",
    "search_album_title_document",
    "search_artist_document",
    "search_track_document",
)
T = TypeVar("T")


def _batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _album_row(record: AlbumRecord, now: datetime.datetime) -> IndexedAlbum:
    return IndexedAlbum(
        album_id=record.album_id,
        title=record.title,
        slug=record.slug,
        artist_id=record.artist_id,
        artist_name=record.artist_name,
        artist_slug=record.artist_slug,
        cover=record.cover,
        licence=record.licence,
        allows_commercial=record.allows_commercial,
        allows_remix=record.allows_remix,
        year=record.release_year,
        decade=record.decade,
        lossless=record.lossless,
        formats=",".join(record.formats),
        duration=record.duration,
        duration_bucket=record.duration_bucket,
        rating=record.rating,
        popularity=record.popularity,
        published_at=record.published_at,
        indexed_at=now,
        search_title=normalise(record.title),
        search_artist=normalise(record.artist_name),
        search_tags=" ".join(normalise(tag.name) for tag in record.tags),
        search_tracks=" ".join(normalise(track.title) for track in record.tracks),
        search_description=normalise(record.description),
    )


def _track_rows(record: AlbumRecord) -> list[IndexedTrack]:
    return [
        IndexedTrack(
            track_id=track.track_id,
            album_id=record.album_id,
            number=track.number,
            title=track.title,
            duration=track.duration,
            album_title=record.title,
            album_slug=record.slug,
            artist_name=record.artist_name,
            artist_slug=record.artist_slug,
            cover=record.cover,
            stream=track.stream,
            popularity=record.popularity,
            search_title=normalise(track.title),
        )
        for track in record.tracks
    ]


def _artist_row(record: ArtistRecord, now: datetime.datetime) -> IndexedArtist:
    return IndexedArtist(
        artist_id=record.artist_id,
        name=record.name,
        slug=record.slug,
        album_count=record.album_count,
        indexed_at=now,
        search_name=normalise(record.name),
    )


class DatabaseBackend:
    name = "database"

    # --- reads ------------------------------------------------------------------

    def _fetch(self, statement: Statement) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            return list(cursor.fetchall())

    def search(self, query: SearchQuery) -> SearchResults:
        dialect = dialect_for(connection.vendor)
        terms = query_terms(query.text)
        facets: dict[FacetName, list[FacetValue]] = {name: [] for name in FacetName}
        if query.text.strip() and not terms:
            # Only punctuation or symbols: nothing to look for (as on Elasticsearch,
            # whose analyzers leave no token either), not every album.
            return SearchResults(query=query, total=0, hits=[], facets=facets)
        match = dialect.album_match(terms, prefix=False, title=False) if terms else None
        total = 0
        for facet, value, count in self._fetch(
            facets_statement(query, match, tag_limit=TAG_FACET_SIZE)
        ):
            if facet == "total":
                total = int(count)  # type: ignore[call-overload]
                continue
            if not count:
                continue
            name = FacetName(str(facet))
            label = ""
            text = str(value)
            if name == FacetName.TAG:
                text, _space, label = text.partition(" ")
            facets[name].append(FacetValue(text, int(count), label))  # type: ignore[call-overload]
        hits: list[AlbumHit] = []
        if total and query.offset < total:
            rows = self._fetch(
                hits_statement(query, match, exact_title=" ".join(terms))
            )
            hits = self._hits(rows)
        return SearchResults(query=query, total=total, hits=hits, facets=facets)

    def _hits(self, rows: list[tuple[object, ...]]) -> list[AlbumHit]:
        ids = [int(row[0]) for row in rows]  # type: ignore[call-overload]
        tags: dict[int, list[TagHit]] = {}
        for tag in IndexedAlbumTag.objects.filter(album_id__in=ids).order_by("name"):
            tags.setdefault(tag.album_id, []).append(TagHit(tag.slug, tag.name))
        return [
            AlbumHit(
                album_id=int(row[0]),  # type: ignore[call-overload]
                title=str(row[1]),
                slug=str(row[2]),
                artist_name=str(row[3]),
                artist_slug=str(row[4]),
                cover=str(row[5] or ""),
                year=None if row[6] is None else int(row[6]),  # type: ignore[call-overload]
                licence=str(row[7]),
                duration=None if row[8] is None else float(row[8]),  # type: ignore[arg-type]
                lossless=bool(row[9]),
                rating=None if row[10] is None else float(row[10]),  # type: ignore[arg-type]
                popularity=int(row[11]),  # type: ignore[call-overload]
                tags=tuple(tags.get(int(row[0]), ())),  # type: ignore[call-overload]
            )
            for row in rows
        ]

    def suggest(self, text: str, *, limit: int) -> list[Suggestion]:
        terms = query_terms(text)
        if not terms:
            return []
        dialect = dialect_for(connection.vendor)
        artists = self._suggest_rows(
            suggest_artists_statement, dialect.artist_match(terms), limit, dialect
        )
        albums = self._suggest_rows(
            suggest_albums_statement,
            dialect.album_match(terms, prefix=True, title=True),
            limit,
            dialect,
        )
        return [
            Suggestion(SuggestionKind.ARTIST, str(name), artist_slug=str(slug))
            for name, slug in artists
        ] + [
            Suggestion(
                SuggestionKind.ALBUM,
                str(title),
                artist_slug=str(artist_slug),
                slug=str(slug),
                detail=str(artist_name),
            )
            for title, slug, artist_name, artist_slug in albums
        ]

    def _suggest_rows(
        self,
        statement: Callable[..., Statement],
        match: Match,
        limit: int,
        dialect: Dialect,
    ) -> list[tuple[object, ...]]:
        if dialect.walks_popularity:
            rows = self._fetch(statement(match, limit=limit, walk=WALK))
            if len(rows) == limit:
                return rows
        return self._fetch(statement(match, limit=limit))

    def find_artists(self, text: str, *, limit: int, prefix: bool) -> list[ArtistHit]:
        terms = query_terms(text)
        if not terms:
            return []
        dialect = dialect_for(connection.vendor)
        rows = self._fetch(
            artists_statement(
                dialect.artist_match(terms, prefix=prefix),
                exact_name=" ".join(terms),
                limit=limit,
            )
        )
        return [
            ArtistHit(int(row[0]), str(row[1]), str(row[2]), int(row[3]))  # type: ignore[call-overload]
            for row in rows
        ]

    def find_tracks(self, text: str, *, limit: int, prefix: bool) -> list[TrackHit]:
        terms = query_terms(text)
        if not terms:
            return []
        dialect = dialect_for(connection.vendor)
        rows = self._fetch(
            tracks_statement(
                dialect.track_match(terms, prefix=prefix),
                exact_title=" ".join(terms),
                limit=limit,
            )
        )
        return [
            TrackHit(
                track_id=int(row[0]),  # type: ignore[call-overload]
                title=str(row[1]),
                number=int(row[2]),  # type: ignore[call-overload]
                duration=None if row[3] is None else float(row[3]),  # type: ignore[arg-type]
                album_id=int(row[4]),  # type: ignore[call-overload]
                album_title=str(row[5]),
                album_slug=str(row[6]),
                artist_name=str(row[7]),
                artist_slug=str(row[8]),
                cover=str(row[9] or ""),
                stream=str(row[10] or ""),
            )
            for row in rows
        ]

    def find_tags(self, text: str, *, limit: int, prefix: bool) -> list[TagCount]:
        terms = query_terms(text)
        if not terms:
            return []
        rows = self._fetch(tags_statement(terms, prefix=prefix, limit=limit))
        return [TagCount(str(row[0]), str(row[1]), int(row[2])) for row in rows]  # type: ignore[call-overload]

    # --- writes -----------------------------------------------------------------

    def index_albums(self, records: Iterable[AlbumRecord]) -> None:
        for batch in _batches(records):
            with transaction.atomic():
                self.delete_albums(record.album_id for record in batch)
                self._insert_albums(batch)

    def _insert_albums(self, batch: list[AlbumRecord]) -> None:
        now = timezone.now()
        IndexedAlbum.objects.bulk_create([_album_row(r, now) for r in batch])
        IndexedAlbumTag.objects.bulk_create(
            [
                IndexedAlbumTag(
                    album_id=r.album_id,
                    slug=tag.slug,
                    name=tag.name,
                    search_name=normalise(tag.name),
                )
                for r in batch
                for tag in r.tags
            ]
        )
        IndexedTrack.objects.bulk_create(
            [row for record in batch for row in _track_rows(record)]
        )

    def delete_albums(self, album_ids: Iterable[int]) -> None:
        ids = list(album_ids)
        with transaction.atomic():
            IndexedTrack.objects.filter(album_id__in=ids).delete()
            IndexedAlbumTag.objects.filter(album_id__in=ids).delete()
            IndexedAlbum.objects.filter(album_id__in=ids).delete()

    def index_artists(self, records: Iterable[ArtistRecord]) -> None:
        for batch in _batches(records):
            with transaction.atomic():
                self.delete_artists(record.artist_id for record in batch)
                now = timezone.now()
                IndexedArtist.objects.bulk_create([_artist_row(r, now) for r in batch])

    def delete_artists(self, artist_ids: Iterable[int]) -> None:
        IndexedArtist.objects.filter(artist_id__in=list(artist_ids)).delete()

    def rebuild(
        self,
        albums: Iterable[AlbumRecord],
        artists: Iterable[ArtistRecord],
        *,
        progress: Progress,
    ) -> None:
        """Replace every row in one transaction: readers see the old index until it
        commits, then the new one."""
        with transaction.atomic():
            IndexedTrack.objects.all().delete()
            IndexedAlbumTag.objects.all().delete()
            IndexedAlbum.objects.all().delete()
            IndexedArtist.objects.all().delete()
            for batch in _batches(albums):
                self._insert_albums(batch)
                progress(len(batch))
            now = timezone.now()
            for artist_batch in _batches(artists):
                IndexedArtist.objects.bulk_create(
                    [_artist_row(r, now) for r in artist_batch]
                )
            self._settle()

    def _settle(self) -> None:
        """After a bulk load on PostgreSQL: merge the GIN indexes' pending lists
        (searches would scan them whole until autovacuum does) and refresh the
        planner's statistics."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for index in SETTLED_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            for table in (
                "search_album",
                "search_album_tag",
                "search_artist",
                "search_track",
            ):
                cursor.execute(f"ANALYZE {table}")

    def status(self) -> IndexStatus:
        return IndexStatus(
            backend=self.name,
            albums=IndexedAlbum.objects.count(),
            artists=IndexedArtist.objects.count(),
            tracks=IndexedTrack.objects.count(),
            last_indexed_at=IndexedAlbum.objects.aggregate(last=Max("indexed_at"))[
                "last"
            ],
            detail=connection.vendor,
        )
