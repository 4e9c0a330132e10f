"""SQL of the database backend (built from constant fragments; every value is a
parameter): one statement for the page of hits, one for every
facet count at once (a CTE of the matching albums, then UNION ALL of GROUP BYs).
Only the full-text match differs between SQLite FTS5 and PostgreSQL."""

from dataclasses import dataclass, field
from typing import Any

from search.query import FacetName, SearchQuery, Sort
from search.text import tag_keys

Params = list[Any]

_HIT_COLUMNS = (
    "a.album_id, a.title, a.slug, a.artist_name, a.artist_slug, a.cover, a.year, "
    "a.licence, a.duration, a.lossless, a.rating, a.popularity"
)


@dataclass
class Match:
    """The full-text part of a statement: a join, a condition, a rank."""

    join: str = ""
    where: str = ""
    rank: str = "0"
    params: Params = field(default_factory=list)  # join, then where parameters
    rank_params: Params = field(default_factory=list)


class Dialect:
    vendor = ""
    # Whether suggestions first walk the popularity index (see WALK).
    walks_popularity = False

    def album_match(self, terms: list[str], *, prefix: bool, title: bool) -> Match:
        raise NotImplementedError

    def artist_match(self, terms: list[str], *, prefix: bool = True) -> Match:
        raise NotImplementedError

    def track_match(self, terms: list[str], *, prefix: bool) -> Match:
        raise NotImplementedError


class SQLiteDialect(Dialect):
    vendor = "sqlite"
    # bm25 column weights: title, artist, tags, tracks, description.
    _WEIGHTS = "10.0, 5.0, 4.0, 2.0, 1.0"

    @staticmethod
    def _expression(terms: list[str], *, prefix: bool, column: str = "") -> str:
        star = "*" if prefix else ""
        scope = f"{column} : " if column else ""
        # Terms are letters and digits only (search.text), so quoting is enough.
        return " AND ".join(f'{scope}"{term}"{star}' for term in terms)

    def album_match(self, terms: list[str], *, prefix: bool, title: bool) -> Match:
        expression = self._expression(
            terms, prefix=prefix, column="search_title" if title else ""
        )
        return Match(
            join=(
                "JOIN (SELECT rowid AS album_id, "  # noqa: S608 - constant SQL, values are parameters
                f"bm25(search_album_fts, {self._WEIGHTS}) AS score "
                "FROM search_album_fts WHERE search_album_fts MATCH %s) f "
                "ON f.album_id = a.album_id"
            ),
            rank="-f.score",
            params=[expression],
        )

    def artist_match(self, terms: list[str], *, prefix: bool = True) -> Match:
        return Match(
            join=(
                "JOIN (SELECT rowid AS artist_id FROM search_artist_fts "
                "WHERE search_artist_fts MATCH %s) f ON f.artist_id = a.artist_id"
            ),
            params=[self._expression(terms, prefix=prefix)],
        )

    def track_match(self, terms: list[str], *, prefix: bool) -> Match:
        return Match(
            join=(
                "JOIN (SELECT rowid AS track_id, bm25(search_track_fts) AS score "
                "FROM search_track_fts WHERE search_track_fts MATCH %s) f "
                "ON f.track_id = a.track_id"
            ),
            rank="-f.score",
            params=[self._expression(terms, prefix=prefix)],
        )


class PostgreSQLDialect(Dialect):
    vendor = "postgresql"
    walks_popularity = True

    @staticmethod
    def _tsquery(terms: list[str], *, prefix: bool) -> str:
        # Terms are letters and digits only (search.text), so quoting is enough.
        suffix = ":*" if prefix else ""
        return " & ".join(f"'{term}'{suffix}" for term in terms)

    def album_match(self, terms: list[str], *, prefix: bool, title: bool) -> Match:
        tsquery = self._tsquery(terms, prefix=prefix)
        column = "a.title_document" if title else "a.document"
        return Match(
            where=f"{column} @@ to_tsquery('simple', %s)",
            rank=f"ts_rank({column}, to_tsquery('simple', %s))",
            params=[tsquery],
            rank_params=[tsquery],
        )

    def artist_match(self, terms: list[str], *, prefix: bool = True) -> Match:
        return Match(
            where="a.document @@ to_tsquery('simple', %s)",
            params=[self._tsquery(terms, prefix=prefix)],
        )

    def track_match(self, terms: list[str], *, prefix: bool) -> Match:
        tsquery = self._tsquery(terms, prefix=prefix)
        return Match(
            where="a.document @@ to_tsquery('simple', %s)",
            rank="ts_rank(a.document, to_tsquery('simple', %s))",
            params=[tsquery],
            rank_params=[tsquery],
        )


def dialect_for(vendor: str) -> Dialect:
    if vendor == "sqlite":
        return SQLiteDialect()
    if vendor == "postgresql":
        return PostgreSQLDialect()
    raise RuntimeError(f"The database search backend does not support {vendor}.")


def _in(column: str, values: tuple[object, ...]) -> tuple[str, Params]:
    marks = ", ".join(["%s"] * len(values))
    return f"{column} IN ({marks})", list(values)


def filters(query: SearchQuery) -> tuple[list[str], Params]:
    """WHERE conditions of the query's filters on search_album a."""
    conditions: list[str] = []
    params: Params = []
    for value in query.tags:
        keys = tag_keys(value)
        if not keys:
            continue
        # A slug or a folded name, whatever the case typed: ?tag=Ambient is ambient.
        condition, keys_params = _in("slug", keys)
        names, names_params = _in("search_name", keys)
        conditions.append(
            "a.album_id IN (SELECT album_id FROM search_album_tag "  # noqa: S608 - constant SQL, values are parameters
            f"WHERE {condition} OR {names})"
        )
        params += keys_params + names_params
    for column, values in (
        ("a.licence", query.licences),
        ("a.decade", query.decades),
        ("a.year", query.years),
        ("a.duration_bucket", query.durations),
    ):
        if values:
            condition, values_params = _in(column, tuple(values))
            conditions.append(condition)
            params += values_params
    for column, wanted in (
        ("a.allows_commercial", query.commercial),
        ("a.allows_remix", query.remix),
        ("a.lossless", query.lossless),
    ):
        if wanted:
            conditions.append(f"{column} = %s")
            params.append(True)
    return conditions, params


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Params


def _base(query: SearchQuery, match: Match | None) -> tuple[str, str, Params]:
    """FROM ... WHERE ... of the matching albums, and its parameters."""
    conditions, params = filters(query)
    join = ""
    head: Params = []
    if match is not None:
        join = match.join
        head = list(match.params) if match.join else []
        if match.where:
            conditions.insert(0, match.where)
            params = list(match.params) + params
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"FROM search_album a {join}", where, head + params


def hits_statement(
    query: SearchQuery, match: Match | None, *, exact_title: str
) -> Statement:
    source, where, params = _base(query, match)
    order_params: Params = []
    sort = query.sort
    if sort == Sort.RELEVANCE and match is None:
        sort = Sort.NEWEST
    if sort == Sort.RELEVANCE:
        assert match is not None  # noqa: S101 - narrowed just above
        order = f"(a.search_title = %s) DESC, {match.rank} DESC, a.album_id DESC"
        order_params = [exact_title, *match.rank_params]
    elif sort == Sort.NEWEST:
        order = "a.published_at DESC, a.album_id DESC"
    elif sort == Sort.RATING:
        # NULLs last on both engines without NULLS LAST.
        order = "(a.rating IS NULL), a.rating DESC, a.album_id DESC"
    else:
        order = "a.popularity DESC, a.album_id DESC"
    sql = f"SELECT {_HIT_COLUMNS} {source} {where} ORDER BY {order} LIMIT %s OFFSET %s"
    return Statement(sql, [*params, *order_params, query.per_page, query.offset])


def _group(name: FacetName, expression: str) -> str:
    return (
        f"SELECT '{name}', CAST({expression} AS TEXT), COUNT(*) FROM m "  # noqa: S608 - constant SQL, values are parameters
        f"WHERE {expression} IS NOT NULL GROUP BY {expression}"
    )


def _flag(name: FacetName, column: str) -> str:
    return f"SELECT '{name}', 'yes', COUNT(*) FROM m WHERE {column} = %s"  # noqa: S608 - constant SQL, values are parameters


def facets_statement(
    query: SearchQuery, match: Match | None, *, tag_limit: int
) -> Statement:
    """Rows (facet, value, count); the facet "total" counts every match."""
    source, where, params = _base(query, match)
    parts = [
        "SELECT 'total', CAST(NULL AS TEXT), COUNT(*) FROM m",
        _group(FacetName.LICENCE, "licence"),
        _flag(FacetName.COMMERCIAL, "allows_commercial"),
        _flag(FacetName.REMIX, "allows_remix"),
        _flag(FacetName.LOSSLESS, "lossless"),
        _group(FacetName.DECADE, "decade"),
        _group(FacetName.YEAR, "year"),
        _group(FacetName.DURATION, "NULLIF(duration_bucket, '')"),
        # The slug has no space: "slug name" carries the label in the same column.
        "SELECT * FROM (SELECT 'tag', t.slug || ' ' || MIN(t.name), COUNT(*) FROM m "
        "JOIN search_album_tag t ON t.album_id = m.album_id GROUP BY t.slug "
        "ORDER BY COUNT(*) DESC, t.slug LIMIT %s) tags",
    ]
    sql = (
        "WITH m AS (SELECT a.album_id, a.licence, a.allows_commercial, "
        "a.allows_remix, a.lossless, a.decade, a.year, a.duration_bucket "
        f"{source} {where}) " + " UNION ALL ".join(parts)
    )
    return Statement(sql, [*params, True, True, True, tag_limit])


# Suggestions are the most popular matches of a prefix. A common prefix is best
# found by walking the popularity index until enough rows match; a rare one through
# the full-text index. PostgreSQL cannot tell which (a prefix's selectivity is a
# guess), so the walk goes first, bounded to the WALK most popular rows: when it
# finds enough matches they are the exact answer, else the full-text query runs.
WALK = 1000

_ALBUM_WALK = (
    "(SELECT album_id, title, slug, artist_name, artist_slug, popularity, "
    "title_document FROM search_album "
    "ORDER BY popularity DESC, album_id DESC LIMIT %s) a"
)
_ARTIST_WALK = (
    "(SELECT artist_id, name, slug, album_count, document FROM search_artist "
    "ORDER BY album_count DESC, artist_id DESC LIMIT %s) a"
)


def _suggest_statement(
    columns: str, source: str, order: str, match: Match, limit: int, walk: int | None
) -> Statement:
    where = f"WHERE {match.where}" if match.where else ""
    head: Params = []
    if walk is not None:
        head = [walk]
    else:
        # Few rows match: "+ 0" keeps the planner off the popularity index walk.
        order = order.replace(" DESC,", " + 0 DESC,", 1)
    return Statement(
        f"SELECT {columns} FROM {source} {match.join} {where} "  # noqa: S608 - constant SQL, values are parameters
        f"ORDER BY {order} LIMIT %s",
        [*head, *match.params, limit],
    )


def suggest_albums_statement(
    match: Match, *, limit: int, walk: int | None = None
) -> Statement:
    """Albums by popularity; walk: only among that many most popular (PostgreSQL)."""
    return _suggest_statement(
        "a.title, a.slug, a.artist_name, a.artist_slug",
        _ALBUM_WALK if walk is not None else "search_album a",
        "a.popularity DESC, a.album_id DESC",
        match,
        limit,
        walk,
    )


def suggest_artists_statement(
    match: Match, *, limit: int, walk: int | None = None
) -> Statement:
    """Artists by album count; walk as for albums."""
    return _suggest_statement(
        "a.name, a.slug",
        _ARTIST_WALK if walk is not None else "search_artist a",
        "a.album_count DESC, a.artist_id DESC",
        match,
        limit,
        walk,
    )


# Sections: artists, tracks and tags found by their own names.

_TRACK_COLUMNS = (
    "a.track_id, a.title, a.number, a.duration, a.album_id, a.album_title, "
    "a.album_slug, a.artist_name, a.artist_slug, a.cover, a.stream"
)


def _where(match: Match) -> str:
    return f"WHERE {match.where}" if match.where else ""


def artists_statement(match: Match, *, exact_name: str, limit: int) -> Statement:
    """Artists whose names hold the words; the exact name first, then by albums."""
    return Statement(
        "SELECT a.artist_id, a.name, a.slug, a.album_count FROM search_artist a "  # noqa: S608 - constant SQL, values are parameters
        f"{match.join} {_where(match)} "
        "ORDER BY (a.search_name = %s) DESC, a.album_count DESC, a.artist_id DESC "
        "LIMIT %s",
        [*match.params, exact_name, limit],
    )


def tracks_statement(match: Match, *, exact_title: str, limit: int) -> Statement:
    """Tracks whose titles hold the words; the exact title first, then by rank and
    the album's popularity."""
    return Statement(
        f"SELECT {_TRACK_COLUMNS} FROM search_track a {match.join} {_where(match)} "  # noqa: S608 - constant SQL, values are parameters
        f"ORDER BY (a.search_title = %s) DESC, {match.rank} DESC, "
        "a.popularity DESC, a.track_id DESC LIMIT %s",
        [*match.params, exact_title, *match.rank_params, limit],
    )


def tags_statement(terms: list[str], *, prefix: bool, limit: int) -> Statement:
    """Tags whose folded names hold every term as a word (or a word's start, with
    prefix), with their album counts; the exact name first. Terms are letters and
    digits only (search.text), so no LIKE wildcard comes from the visitor."""
    padded = "(' ' || search_name || ' ')"
    conditions = " AND ".join([f"{padded} LIKE %s"] * len(terms))
    patterns = [f"% {term}%" if prefix else f"% {term} %" for term in terms]
    return Statement(
        "SELECT slug, MIN(name), COUNT(DISTINCT album_id) FROM search_album_tag "  # noqa: S608 - constant SQL, values are parameters
        f"WHERE {conditions} GROUP BY slug "
        "ORDER BY (MIN(search_name) = %s) DESC, COUNT(DISTINCT album_id) DESC, slug "
        "LIMIT %s",
        [*patterns, " ".join(terms), limit],
    )
