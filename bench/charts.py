# ruff: noqa: S608 - table names are fixed or come from model metadata.
"""bench/charts: a full recompute of every chart against the floor, one plain SQL pass
aggregating the same events and ratings per album, in the same run; then one album's
incremental update after a new rating.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jamhub_bench_charts \\
        .venv/bin/python -m bench.charts [--scale 1.0] [--fresh]

At --scale 1: 100,000 albums, 1,000,000 ratings and 10,000,000 events (8.5 M plays,
1.5 M downloads; plus daily torrent completions when catalog has that table),
generated in PostgreSQL with generate_series. The database is created and migrated if
missing; data of the same scale is reused unless --fresh.

Goals: full recompute <= 2x the floor; one album's update <= 1% of the full recompute.
"""

import argparse
import os
import statistics
import sys
import time
from urllib.parse import urlsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jamhub_bench_charts"


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamhub.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def sizes(scale: float) -> dict[str, int]:
    def n(value: float, floor: int = 10) -> int:
        return max(floor, int(value * scale))

    return {
        "albums": n(100_000),
        "artists": n(20_000),
        "users": n(100_000, 100),
        "listeners": n(300_000, 1000),
        "ratings": n(1_000_000),
        "plays": n(8_500_000),
        "downloads": n(1_500_000),
        "completion_days": n(500_000),
    }


LICENCES = ["cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc0-1.0"]


def generate(cursor, size: dict[str, int], completions_table: str | None) -> None:  # type: ignore[no-untyped-def]
    """Fill the tables with generate_series; uniqueness holds by construction."""
    licences = "ARRAY[" + ",".join(f"'{code}'" for code in LICENCES) + "]"
    cursor.execute("SET session_replication_role = replica")  # no FK triggers
    statements = [
        """TRUNCATE accounts_user, catalog_artist, catalog_album, charts_chartsnapshot,
               charts_chartentry RESTART IDENTITY CASCADE""",
        # Users: joined up to 800 days ago; one in ten never verified its address.
        """INSERT INTO accounts_user (id, password, is_superuser, is_staff, is_active,
               date_joined, public_id, email, display_name, avatar, locale)
           SELECT i, '!', false, false, true,
               now() - make_interval(days => (i * 7) %% 800),
               gen_random_uuid(), 'u' || i || '@bench.test', '', '', 'en'
           FROM generate_series(1, %(users)s) i""",
        """INSERT INTO account_emailaddress (email, verified, "primary", user_id)
           SELECT 'u' || i || '@bench.test', i %% 10 <> 0, true, i
           FROM generate_series(1, %(users)s) i""",
        """INSERT INTO catalog_artist (id, name, slug, bio, location, links, image,
               is_trusted, created_at)
           SELECT i, 'Artist ' || i, 'artist-' || i, '', '', '[]', '', true, now()
           FROM generate_series(1, %(artists)s) i""",
        # User i owns artist i: some of them rate their own albums (never counted).
        """INSERT INTO catalog_artistmembership (role, created_at, artist_id, user_id)
           SELECT 'owner', now(), i, i FROM generate_series(1, %(artists)s) i""",
        f"""INSERT INTO catalog_album (id, title, slug, release_date, licence,
               description, cover, status, status_reason, created_at, updated_at,
               published_at, artist_id)
           SELECT i, 'Album ' || i, 'album-' || i, current_date,
               ({licences})[1 + i %% 5], '', '', 'published', '', now(), now(),
               now() - interval '400 days', 1 + i %% %(artists)s
           FROM generate_series(1, %(albums)s) i""",
        """INSERT INTO catalog_track (number, title, duration, lyrics, state, error,
               album_id)
           SELECT n, 'Track ' || n, 180, '', 'ready', '', a
           FROM generate_series(1, %(albums)s) a, generate_series(1, 2) n""",
        # Ratings: author i %% users rates album (q * 7919 + author * 31) %% albums,
        # unique per author for q < albums; each album has its own quality.
        """INSERT INTO community_review (rating, body, status, status_reason,
               created_at, updated_at, album_id, author_id)
           SELECT LEAST(5, GREATEST(1, round(1 + 4 * ((album * 2654435761) %% 1000)
                   / 1000.0 + random() * 2 - 1)))::int,
               '', CASE WHEN i %% 100 = 0 THEN 'hidden' ELSE 'visible' END, '',
               stamp, stamp, album, author
           FROM (
               SELECT i, 1 + i %% %(users)s AS author,
                   1 + ((i / %(users)s) * 7919 + (i %% %(users)s) * 31) %% %(albums)s
                       AS album,
                   now() - random() * make_interval(
                       days => GREATEST(1, ((1 + i %% %(users)s) * 7) %% 800)) AS stamp
               FROM generate_series(0, %(ratings)s - 1) i
           ) r""",
        # Plays: listener i %% L on day (q * 13 + listener) %% 365, q = i / L: one play
        # per listener and day, so (track, listener, day) is unique; tracks skewed
        # toward a popular head.
        """INSERT INTO catalog_trackplay (listener_key, day, created_at, track_id)
           SELECT 'user:' || (i %% %(listeners)s),
               current_date - ((i / %(listeners)s) * 13 + i %% %(listeners)s) %% 365,
               now(), 1 + floor(2 * %(albums)s * power(random(), 3))::bigint
           FROM generate_series(0, %(plays)s - 1) i""",
        """INSERT INTO catalog_downloadevent (format, listener_key, created_at,
               album_id)
           SELECT 'mp3', 'user:' || (i %% %(listeners)s),
               now() - random() * interval '365 days',
               1 + floor(%(albums)s * power(random(), 3))::bigint
           FROM generate_series(0, %(downloads)s - 1) i""",
    ]
    if completions_table:
        statements.append(
            f"""INSERT INTO {completions_table} (album_id, day, count)
               SELECT 1 + i %% %(albums)s, current_date - (i / %(albums)s) %% 365,
                   1 + floor(random() * 4)::int
               FROM generate_series(0, %(completion_days)s - 1) i"""
        )
    for sql in statements:
        started = time.perf_counter()
        cursor.execute(sql, size)
        first_line = " ".join(sql.split()[:3])
        print(
            f"  {first_line:<40} {time.perf_counter() - started:6.1f} s",
            file=sys.stderr,
        )
    cursor.execute("SET session_replication_role = DEFAULT")
    for table in (
        "accounts_user",
        "catalog_album",
        "catalog_track",
        "community_review",
    ):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT max(id) FROM {table}))"
        )
    cursor.execute("ANALYZE")


def floor_sql(completions_table: str | None) -> str:
    """The same events and ratings aggregated per album in one plain pass: people per
    album and day, summed per album; ratings counted and averaged per album."""
    completions = (
        f"UNION ALL SELECT album_id, day, SUM(count) FROM {completions_table} "
        "GROUP BY album_id, day"
        if completions_table
        else ""
    )
    return f"""
        WITH engagement AS (
            SELECT t.album_id, p.day, COUNT(DISTINCT p.listener_key) AS people
            FROM catalog_trackplay p JOIN catalog_track t ON t.id = p.track_id
            GROUP BY t.album_id, p.day
            UNION ALL
            SELECT album_id, (created_at AT TIME ZONE 'UTC')::date,
                COUNT(DISTINCT listener_key)
            FROM catalog_downloadevent
            GROUP BY album_id, (created_at AT TIME ZONE 'UTC')::date
            {completions}
        ), per_album AS (
            SELECT album_id, SUM(people) AS people FROM engagement GROUP BY album_id
        ), ratings AS (
            SELECT album_id, COUNT(*) AS n, AVG(rating) AS mean
            FROM community_review WHERE status = 'visible' GROUP BY album_id
        )
        SELECT album_id, people, n, mean
        FROM per_album FULL JOIN ratings USING (album_id)"""


def count(cursor, table: str) -> int:  # type: ignore[no-untyped-def]
    cursor.execute(f"SELECT COUNT(*) FROM {table}")
    return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--fresh", action="store_true", help="regenerate the data")
    parser.add_argument("--updates", type=int, default=5)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "bench.charts needs PostgreSQL: set DATABASE_URL=postgres://..."
        )
    ensure_database(url)
    setup_django(url)

    from django.db import connection

    from jamhub.charts import inputs
    from jamhub.charts.services import compute_charts, refresh_album_charts

    completions = inputs.completion_model()
    completions_table = completions._meta.db_table if completions else None
    size = sizes(options.scale)
    with connection.cursor() as cursor:
        if (
            options.fresh
            or count(cursor, "catalog_album") != size["albums"]
            or count(cursor, "community_review") != size["ratings"]
        ):
            print(f"generating data at scale {options.scale} ...", file=sys.stderr)
            started = time.perf_counter()
            generate(cursor, size, completions_table)
            print(
                f"  generated in {time.perf_counter() - started:.0f} s", file=sys.stderr
            )
        actual = {
            "albums": count(cursor, "catalog_album"),
            "ratings": count(cursor, "community_review"),
            "plays": count(cursor, "catalog_trackplay"),
            "downloads": count(cursor, "catalog_downloadevent"),
            "completion days": count(cursor, completions_table)
            if completions_table
            else 0,
        }

    def timed_floor() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(floor_sql(completions_table))
            cursor.fetchall()
        return time.perf_counter() - started

    def timed_full() -> float:
        started = time.perf_counter()
        snapshots.extend(compute_charts())
        return time.perf_counter() - started

    # Interleaved, twice each, best of two: the first pass warms the cache, and a
    # load that comes and goes on a shared machine hits both sides alike.
    snapshots: list[object] = []
    floors, fulls = [], []
    for round_number in (1, 2):
        print(f"round {round_number}: floor ...", file=sys.stderr)
        floors.append(timed_floor())
        print(f"round {round_number}: full recompute ...", file=sys.stderr)
        fulls.append(timed_full())
    floor, full = min(floors), min(fulls)
    snapshots = snapshots[-4:]

    from django.apps import apps

    review = apps.get_model("community", "Review")
    user = apps.get_model("accounts", "User")
    updates = []
    for n in range(options.updates):
        rater = user.objects.create_user(
            email=f"bench-rater-{time.time_ns()}@bench.test"
        )
        album_id = 1 + (n * 7919) % size["albums"]
        review.objects.create(album_id=album_id, author=rater, rating=5)
        started = time.perf_counter()
        refresh_album_charts(album_id)
        updates.append(time.perf_counter() - started)
    update = statistics.median(updates)
    # Leave the generated data as it was, to be reused by the next run.
    user.objects.filter(email__startswith="bench-rater-").delete()

    events = actual["plays"] + actual["downloads"] + actual["completion days"]
    print(
        "\ndata: "
        + ", ".join(f"{value:,} {name}" for name, value in actual.items())
        + f" ({events:,} events)"
    )
    if not completions_table:
        print("torrent completions: no TorrentCompletion table, counted as zero")
    print(
        "entries per chart: "
        + ", ".join(f"{s.period} {s.album_count:,}" for s in snapshots)
    )
    runs = ", ".join(f"{t:.2f}" for t in floors)
    print(f"{'floor: one SQL pass, per album':<44} {floor:8.2f} s  (runs: {runs})")
    runs = ", ".join(f"{t:.2f}" for t in fulls)
    print(
        f"{'full recompute of every chart (4 periods)':<44} {full:8.2f} s"
        f"  (runs: {runs})"
    )
    print(
        f"{'one album after a new rating (median of ' + str(len(updates)) + ')':<44} "
        f"{update * 1000:8.1f} ms"
    )
    print(f"full / floor: {full / floor:.2f} (goal <= 2)")
    print(f"update / full: {100 * update / full:.3f} % (goal <= 1 %)")


if __name__ == "__main__":
    main()
