"""bench/search: the catalogue query service on PostgreSQL against hand-written
PostgreSQL full-text SQL (the floor), same searches, same run.

Generates 100,000 published albums (20,000 artists, 1,000,000 tracks, tags, FLAC on
a quarter) straight into the catalogue tables, builds the search index through the
real rebuild service, then times 1,000 mixed searches (words, accents, facet
filters, sorts, pages) and 1,000 suggestions (2 to 5 letter prefixes) through
search.services, and the same ones as raw SQL on a psycopg connection: a
GROUPING SETS facet count and a ts_rank page, and two prefix queries. Prints
p50/p95/p99 of both, the data size and the ratios.

    .venv/bin/python -m bench.search [--database-url URL] [--albums 100000]

The data is kept in the database (default jamhub_search_bench, created when
missing) and reused by the next run when the counts match.

Goal on the database backend: ours p95 <= 1.5 x the floor's p95, for searches and
for suggestions.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jamhub_search_bench"
GOAL = 1.5
WORDS = (
    "night drive light rain river city dream ocean fire winter summer heart echo "
    "shadow silver golden blue red black white green morning evening dance song "
    "blues road home love lost found sky star moon sun wind storm garden forest "
    "mountain valley island desert glass paper stone iron velvet electric quiet "
    "loud slow fast deep high low open hidden secret broken wild calm free young "
    "old new last first little great long short sweet bitter café rêve étoile "
    "lumière forêt été hiver cœur océan nuit soleil pluie rivière jardin mémoire "
    "fenêtre chemin éclat sérénade ballade chanson printemps automne orage brume "
    "velours miroir sable vague île désert côte lune ciel vent feu neige été"
).split()
TAGS = (
    "ambient rock pop jazz electronic folk classical hiphop metal punk blues soul "
    "reggae techno house trance chill lofi acoustic piano guitar orchestral "
    "experimental noise world latin funk disco indie dream-pop shoegaze melancholic "
    "happy calm energetic dark uplifting romantic sad epic relaxing groovy "
    "cinematic minimal atmospheric vintage retro synthwave chanson french "
    "instrumental vocal live remix cover soundtrack meditation study workout"
).split()
# Made-up words (30^3 of them) give the long tail of a real catalogue's vocabulary,
# so that a common word matches a few per cent of the albums, not most of them.
SYLLABLES = (
    "ka lo mi ra tu ven sol dar mel ri no sa be ta ke lu po fa zi gra tre vo bri "
    "ska mon del fi ga ho jun"
).split()
LICENCES = [
    "cc-by-4.0",
    "cc-by-sa-4.0",
    "cc-by-nc-4.0",
    "cc-by-nc-sa-4.0",
    "cc-by-nd-4.0",
    "cc-by-nc-nd-4.0",
    "cc0-1.0",
    "free-art-1.3",
    "cc-by-3.0",
    "cc-by-nc-sa-3.0",
]


def setup_django(database_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jamhub.settings.dev",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL="memory://",
        REDIS_URL="",
        ELASTICSEARCH_URL="",
    )
    ensure_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _pick(array: str, skew: str = "2") -> str:
    """A random element of the array parameter, skewed toward the first ones."""
    return (
        f"(%({array})s::text[])[1 + floor(power(random(), {skew}) * "
        f"cardinality(%({array})s::text[]))::int]"
    )


def _made_up() -> str:
    """A random made-up word of three syllables."""
    pick = "(%(syllables)s::text[])[1 + floor(random() * 30)::int]"
    return f"({pick} || {pick} || {pick})"


def generate(albums: int, tracks_per_album: int) -> None:
    """Artists, albums, tracks, renditions and tags, made by PostgreSQL itself."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from jamhub.catalog.models import Album

    content_type = ContentType.objects.get_for_model(Album).pk
    artists = max(albums // 5, 1)
    params: dict[str, Any] = {
        "words": WORDS,
        "syllables": SYLLABLES,
        "tags": TAGS,
        "licences": LICENCES,
        "artists": artists,
        "albums": albums,
        "tracks": tracks_per_album,
        "ct": content_type,
    }
    word = _pick("words", "1.5")
    made_up = _made_up()
    description = " || ' ' || ".join([made_up] * 7 + [word])
    # A random() in a select list or a join is computed per row; in a WHERE on
    # generate_series alone PostgreSQL computes it once, hence "+ 0 * a.id".
    steps = [
        (
            "artists",
            f"INSERT INTO catalog_artist (name, slug, bio, location, links, image, "  # noqa: S608 - constant SQL
            f"is_trusted, created_at) SELECT initcap({word}) || ' ' || "
            f"initcap({made_up}) || ' ' || g, 'bench-artist-' || g, '', '', '[]', "
            "'', false, now() FROM generate_series(1, %(artists)s) g",
        ),
        (
            "albums",
            "INSERT INTO catalog_album (artist_id, title, slug, release_date, "  # noqa: S608 - constant SQL
            "licence, description, cover, status, status_reason, created_at, "
            "updated_at, published_at) "
            "SELECT (SELECT min(id) FROM catalog_artist) + (g %% %(artists)s), "
            f"initcap({word}) || CASE WHEN random() < 0.6 THEN ' ' || {made_up} "
            f"ELSE '' END || CASE WHEN random() < 0.3 THEN ' ' || {word} ELSE '' "
            "END, 'bench-album-' || g, date '1965-01-01' + (random() * 22000)::int, "
            f"{_pick('licences', '1.5')}, {description}, '', 'published', '', "
            "now(), now(), now() - random() * interval '3000 days' "
            "FROM generate_series(1, %(albums)s) g",
        ),
        (
            "tracks",
            "INSERT INTO catalog_track (album_id, number, title, duration, lyrics, "  # noqa: S608 - constant SQL
            f"state, error) SELECT a.id, n, initcap({made_up}) || CASE WHEN "
            f"random() < 0.3 THEN ' ' || {word} ELSE '' END, 90 + random() * 330, "
            "'', 'ready', '' "
            "FROM catalog_album a CROSS JOIN generate_series(1, %(tracks)s) n",
        ),
        (
            "renditions",
            "INSERT INTO catalog_rendition (track_id, format, codec, path, size, "
            "sha256, duration) SELECT t.id, f, f, 'bench/' || t.id || '.' || f, 1, "
            "'', t.duration FROM catalog_track t CROSS JOIN "
            "unnest(ARRAY['mp3', 'ogg', 'flac']) f WHERE t.number = 1 AND "
            "(f <> 'flac' OR t.album_id %% 4 = 0)",
        ),
        (
            "tags",
            "INSERT INTO taggit_tag (name, slug) SELECT t, t FROM unnest("
            "%(tags)s::text[]) t ON CONFLICT DO NOTHING",
        ),
        (
            "tagged items",
            "INSERT INTO taggit_taggeditem (tag_id, content_type_id, object_id) "  # noqa: S608 - constant SQL
            "SELECT DISTINCT tag.id, %(ct)s, x.album_id FROM (SELECT a.id AS album_id, "
            + _pick("tags", "1.5")
            + " AS slug FROM catalog_album a CROSS JOIN generate_series(1, 3) k "
            "WHERE k = 1 OR random() < 0.6 + 0 * a.id) x "
            "JOIN taggit_tag tag ON tag.slug = x.slug",
        ),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        for label, sql in steps:
            started = time.monotonic()
            cursor.execute(sql, params)
            print(
                f"  {label}: {cursor.rowcount:,} rows in "
                f"{time.monotonic() - started:.1f} s",
                file=sys.stderr,
            )


def prepare(albums: int, tracks_per_album: int) -> None:
    from django.db import connection

    from jamhub.catalog.models import Album
    from search import services
    from search.models import IndexedAlbum

    if Album.objects.count() != albums:
        if Album.objects.exists():
            sys.exit(
                "the bench database holds other albums: give another --database-url"
            )
        print(f"generating {albums:,} albums ...", file=sys.stderr)
        generate(albums, tracks_per_album)
    if IndexedAlbum.objects.count() != albums:
        print("building the index (search_index rebuild) ...", file=sys.stderr)
        started = time.monotonic()
        done = 0

        def progress(step: int) -> None:
            nonlocal done
            done += step
            if done % 10_000 < step:
                print(f"  {done:,} albums", file=sys.stderr)

        services.rebuild_index(progress=progress)
        elapsed = time.monotonic() - started
        print(
            f"  indexed in {elapsed:.0f} s ({albums / elapsed:,.0f} albums/s)",
            file=sys.stderr,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- the workload -------------------------------------------------------------


def make_searches(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Mixed searches: one or two words, accented words, words with filters,
    filters alone; different sorts and pages."""
    from search.query import Sort

    def word() -> str:
        return WORDS[min(int(rng.random() ** 2 * len(WORDS)), len(WORDS) - 1)]

    def tag() -> str:
        return TAGS[min(int(rng.random() ** 1.5 * len(TAGS)), len(TAGS) - 1)]

    searches = []
    for n in range(count):
        kind = n % 20
        spec: dict[str, Any] = {"page": 1 + (n % 7 == 0) + (n % 31 == 0)}
        if kind < 8:
            spec["text"] = word()
        elif kind < 12:
            spec["text"] = f"{word()} {word()}"
        elif kind < 15:
            spec.update(text=word(), tags=(tag(),), commercial=rng.random() < 0.7)
        elif kind < 18:
            spec.update(
                tags=(tag(),),
                decades=(rng.choice(range(1960, 2030, 10)),),
                remix=rng.random() < 0.5,
            )
        else:
            spec.update(text=word(), licences=(rng.choice(LICENCES),), lossless=True)
        spec["sort"] = rng.choice(
            [Sort.RELEVANCE] * 6 + [Sort.NEWEST, Sort.POPULAR, Sort.RATING]
        )
        searches.append(spec)
    return searches


def make_prefixes(count: int, rng: random.Random) -> list[str]:
    from search.text import normalise

    names = WORDS + [w for w in TAGS if w.isalpha()]
    prefixes = []
    for _ in range(count):
        text = normalise(rng.choice(names))
        prefixes.append(text[: rng.randint(2, min(5, max(len(text), 2)))])
    return prefixes


# --- the floor: hand-written PostgreSQL ---------------------------------------


def floor_search(connection: Any, spec: dict[str, Any]) -> int:
    """The same search by hand: a GROUPING SETS count of every facet, then a page."""
    from search.query import Sort
    from search.text import query_terms

    terms = query_terms(spec.get("text", ""))
    where, params = [], []
    if terms:
        where.append("document @@ to_tsquery('simple', %s)")
        params.append(" & ".join(terms))
    for slug in spec.get("tags", ()):
        where.append(
            "album_id IN (SELECT album_id FROM search_album_tag WHERE slug = %s)"
        )
        params.append(slug)
    if spec.get("licences"):
        where.append("licence = ANY(%s)")
        params.append(list(spec["licences"]))
    if spec.get("decades"):
        where.append("decade = ANY(%s)")
        params.append(list(spec["decades"]))
    for flag, column in (
        ("commercial", "allows_commercial"),
        ("remix", "allows_remix"),
        ("lossless", "lossless"),
    ):
        if spec.get(flag):
            where.append(f"{column}")
    condition = " AND ".join(where) or "true"
    facets = connection.execute(
        "SELECT licence, decade, year, duration_bucket, allows_commercial, "  # noqa: S608 - constant SQL
        "allows_remix, lossless, count(*) FROM search_album "
        f"WHERE {condition} GROUP BY GROUPING SETS ((), (licence), (decade), (year), "
        "(duration_bucket), (allows_commercial), (allows_remix), (lossless))",
        params,
    ).fetchall()
    connection.execute(
        "SELECT t.slug, count(*) FROM search_album_tag t JOIN search_album a "  # noqa: S608 - constant SQL
        f"USING (album_id) WHERE {condition.replace('document', 'a.document')} "
        "GROUP BY t.slug ORDER BY count(*) DESC LIMIT 30",
        params,
    ).fetchall()
    sort = spec.get("sort", Sort.RELEVANCE)
    order = "published_at DESC, album_id DESC"
    order_params: list[Any] = []
    if sort == Sort.RELEVANCE and terms:
        order = (
            "(search_title = %s) DESC, ts_rank(document, to_tsquery('simple', %s)) "
            "DESC, album_id DESC"
        )
        order_params = [" ".join(terms), " & ".join(terms)]
    elif sort == Sort.POPULAR:
        order = "popularity DESC, album_id DESC"
    elif sort == Sort.RATING:
        order = "rating DESC NULLS LAST, album_id DESC"
    rows = connection.execute(
        "SELECT album_id, title, slug, artist_name, artist_slug, cover, year, "  # noqa: S608 - constant SQL
        "licence, duration, lossless, rating, popularity, (SELECT string_agg("
        "t.name, ',') FROM search_album_tag t WHERE t.album_id = a.album_id) "
        f"FROM search_album a WHERE {condition} ORDER BY {order} LIMIT 20 OFFSET %s",
        [*params, *order_params, (spec.get("page", 1) - 1) * 20],
    ).fetchall()
    return len(facets) + len(rows)


def floor_suggest(connection: Any, prefix: str) -> int:
    query = f"{prefix}:*"
    artists = connection.execute(
        "SELECT name, slug FROM search_artist WHERE document @@ to_tsquery('simple', "
        "%s) ORDER BY album_count DESC, artist_id DESC LIMIT 5",
        [query],
    ).fetchall()
    albums = connection.execute(
        "SELECT title, slug, artist_name, artist_slug FROM search_album WHERE "
        "document @@ to_tsquery('simple', %s) ORDER BY popularity DESC, "
        "album_id DESC LIMIT 5",
        [f"{prefix}:*A"],
    ).fetchall()
    return len(artists) + len(albums)


# --- measuring ----------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)]


def timed(call: Callable[[Any], object], item: Any) -> float:
    started = time.perf_counter()
    call(item)
    return (time.perf_counter() - started) * 1000


def run_pairs(
    items: list[Any], ours: Callable[[Any], object], floor: Callable[[Any], object]
) -> tuple[list[float], list[float]]:
    """Alternate ours and the floor on each item (order flipped every other item)
    so both see the same cache state and machine load."""
    for item in items[:50]:  # warm both
        ours(item)
        floor(item)
    ours_ms, floor_ms = [], []
    for n, item in enumerate(items):
        if n % 2:
            floor_ms.append(timed(floor, item))
            ours_ms.append(timed(ours, item))
        else:
            ours_ms.append(timed(ours, item))
            floor_ms.append(timed(floor, item))
    return ours_ms, floor_ms


def line(label: str, values: list[float]) -> str:
    return (
        f"{label:<28} p50 {percentile(values, 0.50):7.2f} ms   "
        f"p95 {percentile(values, 0.95):7.2f} ms   "
        f"p99 {percentile(values, 0.99):7.2f} ms   "
        f"mean {statistics.fmean(values):6.2f} ms"
    )


def data_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM catalog_album), "
            "(SELECT count(*) FROM catalog_track), "
            "(SELECT count(*) FROM catalog_artist), "
            "(SELECT count(*) FROM taggit_taggeditem), "
            "pg_size_pretty(pg_total_relation_size('search_album') + "
            "pg_total_relation_size('search_album_tag') + "
            "pg_total_relation_size('search_artist')), "
            "pg_size_pretty(pg_database_size(current_database()))"
        )
        albums, tracks, artists, tagged, index, database = cursor.fetchone()
    return (
        f"data: {albums:,} albums, {tracks:,} tracks, {artists:,} artists, "
        f"{tagged:,} album tags; search tables {index}, database {database}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--albums", type=int, default=100_000)
    parser.add_argument("--tracks-per-album", type=int, default=10)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--suggestions", type=int, default=1000)
    options = parser.parse_args()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench.search measures the PostgreSQL backend: give a postgres:// URL")

    setup_django(options.database_url)
    prepare(options.albums, options.tracks_per_album)

    import psycopg

    from search import services
    from search.query import SearchQuery

    rng = random.Random(7)  # noqa: S311 - a reproducible workload
    searches = make_searches(options.queries, rng)
    prefixes = make_prefixes(options.suggestions, rng)
    with psycopg.connect(options.database_url, autocommit=True) as raw:
        print("measuring searches ...", file=sys.stderr)
        ours_search, floor_search_ms = run_pairs(
            searches,
            lambda spec: services.search_catalogue(SearchQuery(**spec)),
            lambda spec: floor_search(raw, spec),
        )
        print("measuring suggestions ...", file=sys.stderr)
        ours_suggest, floor_suggest_ms = run_pairs(
            prefixes,
            lambda prefix: services.suggest(prefix),
            lambda prefix: floor_suggest(raw, prefix),
        )

    print(data_size())
    print(
        f"workload: {len(searches):,} mixed searches (words, accents, facet filters, "
        f"sorts, pages), {len(prefixes):,} suggestions (2-5 letter prefixes)"
    )
    print(line("searches, ours", ours_search))
    print(line("searches, raw SQL (floor)", floor_search_ms))
    print(line("suggestions, ours", ours_suggest))
    print(line("suggestions, raw SQL (floor)", floor_suggest_ms))
    for label, ours, floor in (
        ("searches", ours_search, floor_search_ms),
        ("suggestions", ours_suggest, floor_suggest_ms),
    ):
        ratios = "  ".join(
            f"p{int(q * 100)} {percentile(ours, q) / percentile(floor, q):.2f}x"
            for q in (0.50, 0.95, 0.99)
        )
        p95 = percentile(ours, 0.95) / percentile(floor, 0.95)
        verdict = "met" if p95 <= GOAL else "NOT met"
        print(
            f"ratio ours / floor, {label}: {ratios}  (goal p95 <= {GOAL}x: {verdict})"
        )


if __name__ == "__main__":
    main()
