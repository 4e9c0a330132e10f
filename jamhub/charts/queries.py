"""Reading charts for pages and dumps: the latest snapshot, positions in a scope (a
tag, a licence) and movement against the snapshot of the day before."""

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from django.db import connection

from jamhub.catalog.models import Track
from jamhub.charts.models import ChartEntry, ChartSnapshot
from jamhub.charts.ranking import DUMP_FIELDS, Movement, movement
from jamhub.community.player import queue_entries

# Movement is shown against the newest snapshot at least this much older.
MOVEMENT_GAP = datetime.timedelta(hours=20)


@dataclass(frozen=True)
class ChartRow:
    position: int
    entry: ChartEntry
    movement: Movement | None  # None: no earlier chart to compare with
    # Where the album's first track is in the page's player queue (None: nothing
    # to play).
    play_index: int | None = None


def latest_snapshot(period: str) -> ChartSnapshot | None:
    return ChartSnapshot.objects.for_period(period).latest_first().first()


def previous_snapshot(snapshot: ChartSnapshot) -> ChartSnapshot | None:
    return (
        ChartSnapshot.objects.for_period(snapshot.period)
        .filter(computed_at__lte=snapshot.computed_at - MOVEMENT_GAP)
        .latest_first()
        .first()
    )


def _positions(
    snapshot: ChartSnapshot, album_ids: list[int], *, tag: str, licence: str
) -> dict[int, int]:
    """Positions of these albums within the scope of an earlier snapshot."""
    if not album_ids:
        return {}
    ranked = (
        snapshot.entries.in_scope(tag=tag, licence=licence)
        .with_position()
        .values("album_id", "position")
    )
    sql, params = ranked.query.sql_with_params()
    marks = ", ".join(["%s"] * len(album_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT album_id, position FROM ({sql}) ranked "  # noqa: S608 - ids bound
            f"WHERE album_id IN ({marks})",
            (*params, *album_ids),
        )
        return dict(cursor.fetchall())


def chart_rows(
    snapshot: ChartSnapshot,
    *,
    tag: str = "",
    licence: str = "",
    offset: int = 0,
    limit: int = 50,
) -> list[ChartRow]:
    """One page of a chart, with each album's movement in the same scope."""
    entries = list(
        snapshot.entries.in_scope(tag=tag, licence=licence)
        .with_position()
        .select_related("album__artist")
        .order_by("position")[offset : offset + limit]
    )
    previous = previous_snapshot(snapshot)
    before = (
        _positions(previous, [e.album_id for e in entries], tag=tag, licence=licence)
        if previous
        else None
    )
    return [
        ChartRow(
            position=e.position,
            entry=e,
            movement=movement(e.position, before.get(e.album_id))
            if before is not None
            else None,
        )
        for e in entries
    ]


def with_player_queue(
    rows: Sequence[ChartRow],
) -> tuple[list[ChartRow], list[dict[str, object]]]:
    """The page's player queue (every track of its albums, in chart order) and the
    rows with the queue index of each album's first track, for its play button."""
    album_ids = [row.entry.album_id for row in rows]
    tracks_by_album: dict[int, list[Track]] = {}
    for track in (
        Track.objects.filter(album_id__in=album_ids)
        .select_related("album__artist")
        .prefetch_related("renditions")
        .order_by("number", "id")
    ):
        tracks_by_album.setdefault(track.album_id, []).append(track)
    queue: list[dict[str, object]] = []
    indexed = []
    for row in rows:
        entries = queue_entries(tracks_by_album.get(row.entry.album_id, []))
        indexed.append(replace(row, play_index=len(queue) if entries else None))
        queue.extend(entries)
    return indexed, queue


def scope_size(snapshot: ChartSnapshot, *, tag: str = "", licence: str = "") -> int:
    return snapshot.entries.in_scope(tag=tag, licence=licence).count()


def dump_rows(snapshot: ChartSnapshot) -> Iterator[tuple[object, ...]]:
    """Every entry of the snapshot, best first, as the dumps publish it."""
    return (
        snapshot.entries.order_by("rank")
        .values_list(*DUMP_FIELDS)
        .iterator(chunk_size=5000)
    )


def dump_header(snapshot: ChartSnapshot) -> dict[str, object]:
    return {
        "period": snapshot.period,
        "computed_at": snapshot.computed_at.isoformat(),
        "window_start": snapshot.window_start.isoformat()
        if snapshot.window_start
        else None,
        "window_end": snapshot.window_end.isoformat(),
        "prior_mean": snapshot.prior_mean,
        "formula_version": snapshot.formula_version,
    }
