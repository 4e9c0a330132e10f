# ruff: noqa: S608 - table names come from model metadata; every value is bound.
"""The one module of charts that reads other apps' tables: it turns raw events into
the per-album aggregates the pure formula takes (jamhub.charts.ranking).

The heavy work is one SQL pass over the events (distinct people per album, kind and
day, capped, then summed per window) and one over the ratings (weighted per rater,
the artist's own members left out). Python only combines one row per album.

Ratings come from jamhub.community's Review, imported lazily: without that app,
charts count engagement alone. Torrent completions come from catalog's daily
TorrentCompletion table when it exists; without it they count as zero (the
cumulative AlbumTorrent.completed has no day, so it cannot be windowed).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection

from jamhub.charts.ranking import FORMULA, AlbumInputs, Formula, Period

# Windows of the aggregates, in the column order of the SQL below.
WINDOWS = ("week", "month", "all", "baseline")


@dataclass(frozen=True)
class Windows:
    """The first day of each window, for charts computed on `today`."""

    today: datetime.date
    week: datetime.date
    month: datetime.date
    trending: datetime.date  # first day of the trending baseline
    recent: datetime.date  # first day of trending's recent week

    @classmethod
    def ending(cls, today: datetime.date, formula: Formula = FORMULA) -> "Windows":
        def back(days: int) -> datetime.date:
            return today - datetime.timedelta(days=days - 1)

        return cls(
            today=today,
            week=back(formula.week_days),
            month=back(formula.month_days),
            trending=back(
                formula.trending_recent_days + formula.trending_baseline_days
            ),
            recent=back(formula.trending_recent_days),
        )

    def start(self, period: Period) -> datetime.date | None:
        return {
            Period.WEEK: self.week,
            Period.MONTH: self.month,
            Period.ALL_TIME: None,
            Period.TRENDING: self.trending,
        }[period]


def review_model() -> Any | None:
    """jamhub.community's Review, or None while that app is not installed."""
    try:
        return apps.get_model("community", "Review")
    except LookupError:
        return None


def completion_model() -> Any | None:
    """catalog's daily TorrentCompletion, or None while it does not exist."""
    try:
        model = apps.get_model("catalog", "TorrentCompletion")
    except LookupError:
        return None
    # The model may be declared before its migration has run.
    if model._meta.db_table not in connection.introspection.table_names():
        return None
    return model


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if _is_postgres() else f"MIN({a}, {b})"


def _utc_day(column: str) -> str:
    if _is_postgres():
        return f"(({column}) AT TIME ZONE 'UTC')::date"
    return f"date({column})"


def _younger_than(later: str, earlier: str) -> str:
    """SQL true when `later` is less than %(new_days)s days after `earlier`."""
    if _is_postgres():
        return f"{later} - {earlier} < make_interval(days => %(new_days)s)"
    return f"julianday({later}) - julianday({earlier}) < %(new_days)s"


def _table(app_label: str, model: str) -> str:
    return connection.ops.quote_name(apps.get_model(app_label, model)._meta.db_table)


def _window_sums(value: str, *, kind: int | None) -> str:
    """SUM(value) over the four windows: week, month, all, and the fourth one:
    trending's baseline weeks for engagement (kind given), trending's whole window
    for ratings."""
    only = f"kind = {kind} AND " if kind is not None else ""
    fourth = "day >= %(trending)s" + (
        " AND day < %(recent)s" if kind is not None else ""
    )
    filters = [
        f"{only}day >= %(week)s",
        f"{only}day >= %(month)s",
        only.removesuffix(" AND ") or "TRUE",
        f"{only}{fourth}",
    ]
    # PostgreSQL sums integers into numeric (Decimal in Python): cast them back.
    cast = "::float8" if _is_postgres() else ""
    return ", ".join(f"(SUM({value}) FILTER (WHERE {f})){cast}" for f in filters)


def engagement_sql(*, one_album: bool) -> str:
    """Per album: plays, downloads and completions in person-days, for each window."""
    play, track = _table("catalog", "TrackPlay"), _table("catalog", "Track")
    download = _table("catalog", "DownloadEvent")
    album_filter = "AND t.album_id = %(album)s" if one_album else ""
    parts = [
        f"""SELECT t.album_id AS album_id, p.day AS day, 0 AS kind,
                {_least("COUNT(DISTINCT p.listener_key)", "%(cap)s")} AS people
            FROM {play} p JOIN {track} t ON t.id = p.track_id
            WHERE TRUE {album_filter}
            GROUP BY t.album_id, p.day""",
        f"""SELECT d.album_id, {_utc_day("d.created_at")}, 1,
                {_least("COUNT(DISTINCT d.listener_key)", "%(cap)s")}
            FROM {download} d
            WHERE TRUE {album_filter.replace("t.", "d.")}
            GROUP BY d.album_id, {_utc_day("d.created_at")}""",
    ]
    completions = completion_model()
    if completions is not None:
        table = connection.ops.quote_name(completions._meta.db_table)
        parts.append(
            f"""SELECT c.album_id, c.day, 2, {_least("SUM(c.count)", "%(cap)s")}
                FROM {table} c
                WHERE TRUE {album_filter.replace("t.", "c.")}
                GROUP BY c.album_id, c.day"""
        )
    union = "\nUNION ALL\n".join(parts)
    return f"""
        WITH engagement AS ({union})
        SELECT album_id, {_window_sums("people", kind=0)},
               {_window_sums("people", kind=1)}, {_window_sums("people", kind=2)}
        FROM engagement
        GROUP BY album_id"""


def ratings_sql(review: Any, *, one_album: bool) -> str:
    """Per album: rating count, weight and weighted stars, for each window."""
    table = connection.ops.quote_name(review._meta.db_table)
    user, album = _table("accounts", "User"), _table("catalog", "Album")
    member = _table("catalog", "ArtistMembership")
    email = connection.ops.quote_name(
        apps.get_model("account", "EmailAddress")._meta.db_table
    )
    verified = "TRUE" if _is_postgres() else "1"
    album_filter = "AND r.album_id = %(album)s" if one_album else ""
    return f"""
        WITH weighted AS (
            SELECT r.album_id AS album_id, r.rating AS rating,
                {_utc_day("r.created_at")} AS day,
                CASE
                    WHEN v.user_id IS NULL THEN %(unverified)s
                    WHEN {_younger_than("r.created_at", "u.date_joined")}
                    THEN %(new_weight)s
                    ELSE 1.0
                END AS weight
            FROM {table} r
            JOIN {user} u ON u.id = r.author_id
            JOIN {album} a ON a.id = r.album_id
            LEFT JOIN (
                SELECT DISTINCT user_id FROM {email} WHERE verified = {verified}
            ) v ON v.user_id = r.author_id
            WHERE r.status = 'visible' {album_filter}
              AND NOT EXISTS (
                SELECT 1 FROM {member} m
                WHERE m.artist_id = a.artist_id AND m.user_id = r.author_id
              )
        )
        SELECT album_id, {_window_sums("1", kind=None)},
               {_window_sums("weight", kind=None)},
               {_window_sums("weight * rating", kind=None)}
        FROM weighted
        GROUP BY album_id"""


def _params(
    windows: Windows, formula: Formula, album_id: int | None
) -> dict[str, object]:
    return {
        "week": windows.week.isoformat(),
        "month": windows.month.isoformat(),
        "trending": windows.trending.isoformat(),
        "recent": windows.recent.isoformat(),
        "cap": formula.daily_cap,
        "unverified": formula.unverified_weight,
        "new_weight": formula.new_account_weight,
        "new_days": formula.new_account_days,
        "album": album_id,
    }


def _rows(sql: str, params: dict[str, object]) -> Iterable[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _published_album_ids(album_id: int | None) -> set[int]:
    album = apps.get_model("catalog", "Album")
    albums = album.objects.published()
    if album_id is not None:
        albums = albums.filter(pk=album_id)
    return set(albums.values_list("pk", flat=True))


def read_inputs(
    today: datetime.date,
    *,
    album_id: int | None = None,
    formula: Formula = FORMULA,
) -> dict[Period, list[AlbumInputs]]:
    """Per period, the inputs of every published album with some activity in the
    window (or of one album only)."""
    windows = Windows.ending(today, formula)
    params = _params(windows, formula, album_id)
    one = album_id is not None
    engagement = {
        row[0]: row[1:] for row in _rows(engagement_sql(one_album=one), params)
    }
    review = review_model()
    ratings = (
        {row[0]: row[1:] for row in _rows(ratings_sql(review, one_album=one), params)}
        if review is not None
        else {}
    )
    published = _published_album_ids(album_id)
    empty = (None,) * 12
    result: dict[Period, list[AlbumInputs]] = {period: [] for period in Period}
    for pk in sorted(published & (engagement.keys() | ratings.keys())):
        e = [int(v or 0) for v in engagement.get(pk, empty)]
        r = [v or 0 for v in ratings.get(pk, empty)]
        # e: plays, downloads, completions x (week, month, all, baseline);
        # r: count, weight, weighted stars x (week, month, all, trending).
        for index, period in enumerate(
            (Period.WEEK, Period.MONTH, Period.ALL_TIME, Period.TRENDING)
        ):
            column = 0 if period == Period.TRENDING else index
            item = AlbumInputs(
                album_id=pk,
                rating_count=int(r[index]),
                rating_weight=float(r[4 + index]),
                rating_sum=float(r[8 + index]),
                plays=e[column],
                downloads=e[4 + column],
                completions=e[8 + column],
                baseline_plays=e[3] if period == Period.TRENDING else 0,
                baseline_downloads=e[7] if period == Period.TRENDING else 0,
                baseline_completions=e[11] if period == Period.TRENDING else 0,
            )
            if item.rating_count or item.plays or item.downloads or item.completions:
                result[period].append(item)
            elif period == Period.TRENDING and (
                item.baseline_plays or item.baseline_downloads
            ):
                result[period].append(item)
    return result
