"""Search: the query service for both backends, and explicit indexing (called by
search.tasks, which catalogue services queue after commit)."""

import datetime
from dataclasses import dataclass, replace

from django.utils import timezone

from search import indexing
from search.backends import IndexStatus, Progress, get_backend
from search.query import (
    SECTION_SIZE,
    SUGGESTIONS,
    SearchQuery,
    SearchResults,
    Sections,
    Suggestion,
    SuggestionKind,
    TagCount,
)
from search.text import clean

MAX_VALUE_LENGTH = 100


def _cleaned(query: SearchQuery) -> SearchQuery:
    """The query without control characters or overlong values, whoever built it:
    filter values reach the database as parameters, and PostgreSQL refuses a NUL
    in any of them."""

    def values(items: tuple[str, ...]) -> tuple[str, ...]:
        kept = (clean(item, limit=MAX_VALUE_LENGTH) for item in items)
        return tuple(item for item in kept if item)

    return replace(
        query,
        text=clean(query.text),
        tags=values(query.tags),
        licences=values(query.licences),
        durations=values(query.durations),
    )


def search_catalogue(query: SearchQuery) -> SearchResults:
    """Albums matching the query's text and filters, sorted and paged, with the
    facet counts of every match."""
    return get_backend().search(_cleaned(query))


def search_sections(text: str, *, limit: int = SECTION_SIZE) -> Sections:
    """Artists, tracks and tags whose own names hold every word of text."""
    backend = get_backend()
    text = clean(text)
    return Sections(
        artists=backend.find_artists(text, limit=limit, prefix=False),
        tracks=backend.find_tracks(text, limit=limit, prefix=False),
        tags=backend.find_tags(text, limit=limit, prefix=False),
    )


def suggest(text: str, *, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Artists, albums, tracks, then tags, whose names start with the words typed
    so far (at most limit of each)."""
    backend = get_backend()
    text = clean(text)
    names = backend.suggest(text, limit=limit)
    tracks = [
        Suggestion(
            SuggestionKind.TRACK,
            track.title,
            artist_slug=track.artist_slug,
            slug=track.album_slug,
            detail=track.artist_name,
            track=track,
        )
        for track in backend.find_tracks(text, limit=limit, prefix=True)
    ]
    tags = [
        Suggestion(SuggestionKind.TAG, tag.name, slug=tag.slug, count=tag.album_count)
        for tag in backend.find_tags(text, limit=limit, prefix=True)
    ]
    return names + tracks + tags


def suggest_tags(text: str, *, limit: int = SUGGESTIONS * 2) -> list[TagCount]:
    """Tags whose names start with the words typed (the tag filter's suggestions)."""
    return get_backend().find_tags(clean(text), limit=limit, prefix=True)


def index_artist(artist_id: int) -> None:
    """Index the artist, or remove it once it has no published album."""
    backend = get_backend()
    record = indexing.published_artist_record(artist_id)
    if record is None:
        backend.delete_artists([artist_id])
    else:
        backend.index_artists([record])


def index_album(album_id: int) -> None:
    """Index a published album (and its artist); remove one that is not published."""
    backend = get_backend()
    record = indexing.published_album_record(album_id)
    if record is None:
        backend.delete_albums([album_id])
    else:
        backend.index_albums([record])
    artist_id = indexing.album_artist_id(album_id)
    if artist_id is not None:
        index_artist(artist_id)


def remove_album(album_id: int) -> None:
    """Remove a hidden or deleted album from the index (idempotent)."""
    get_backend().delete_albums([album_id])
    artist_id = indexing.album_artist_id(album_id)
    if artist_id is not None:
        index_artist(artist_id)


def index_artist_albums(artist_id: int) -> None:
    """Reindex an artist and its published albums (after a rename, say)."""
    get_backend().index_albums(indexing.published_album_records(artist_id=artist_id))
    index_artist(artist_id)


def rebuild_index(*, progress: Progress) -> int:
    """Build a new index of every published album and artist and switch to it;
    the number of albums indexed."""
    count = 0

    def counted(step: int) -> None:
        nonlocal count
        count += step
        progress(step)

    get_backend().rebuild(
        indexing.published_album_records(),
        indexing.published_artist_records(),
        progress=counted,
    )
    return count


@dataclass(frozen=True)
class IndexReport:
    status: IndexStatus
    published_albums: int
    # Albums published since the index last changed: a lag the tasks should close.
    lag: datetime.timedelta | None


def index_report() -> IndexReport:
    status = get_backend().status()
    newest = indexing.newest_publication()
    lag = None
    if newest is not None:
        indexed = status.last_indexed_at
        lag = newest - indexed if indexed is not None else timezone.now() - newest
        lag = max(datetime.timedelta(0), lag)
    return IndexReport(
        status=status,
        published_albums=indexing.published_album_count(),
        lag=lag,
    )
