"""Computing charts: the full recompute (beat, command), one album's update after a
rating, holding rating bursts for moderators, and pruning old snapshots."""

import datetime
import logging

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamhub.charts import inputs
from jamhub.charts.models import ChartEntry, ChartSnapshot
from jamhub.charts.ranking import (
    FORMULA,
    FORMULA_VERSION,
    AlbumInputs,
    Formula,
    Period,
    RatingTime,
    Score,
    find_bursts,
    rank_albums,
    score_album,
    site_mean,
)

logger = logging.getLogger(__name__)

# Snapshots younger than this are all kept; older ones, one a day until KEEP_DAILY.
KEEP_ALL = datetime.timedelta(days=2)
KEEP_DAILY = datetime.timedelta(days=35)

ENTRY_COLUMNS = (
    "snapshot_id",
    "album_id",
    "rank",
    "score",
    "bayesian_mean",
    "rating_count",
    "rating_weight",
    "rating_sum",
    "plays",
    "downloads",
    "completions",
    "baseline_plays",
    "baseline_downloads",
    "baseline_completions",
)


def _entry_values(
    snapshot_id: int, rank: int, item: AlbumInputs, score: Score
) -> tuple[object, ...]:
    return (
        snapshot_id,
        item.album_id,
        rank,
        score.score,
        score.bayesian_mean,
        item.rating_count,
        item.rating_weight,
        item.rating_sum,
        item.plays,
        item.downloads,
        item.completions,
        item.baseline_plays,
        item.baseline_downloads,
        item.baseline_completions,
    )


def _write_entries(rows: list[tuple[object, ...]]) -> None:
    """Insert entries: COPY on PostgreSQL (a full chart is 100,000s of rows), else
    bulk_create."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(ChartEntry._meta.db_table)
        columns = ", ".join(ENTRY_COLUMNS)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    ChartEntry.objects.bulk_create(
        [ChartEntry(**dict(zip(ENTRY_COLUMNS, row, strict=True))) for row in rows],
        batch_size=2000,
    )


def hold_rating_bursts(
    *, now: datetime.datetime | None = None, album_id: int | None = None
) -> int:
    """Mark ratings given in a burst as held, so moderators review them and charts
    leave them out; return how many were held."""
    review = inputs.review_model()
    if review is None:
        return 0
    now = now or timezone.now()
    formula = FORMULA
    window = datetime.timedelta(minutes=formula.burst_window_minutes)
    since = now - 2 * window
    recent = review.objects.visible().filter(created_at__gte=since)
    if album_id is not None:
        recent = recent.filter(album_id=album_id)
    by_album: dict[int, list[RatingTime]] = {}
    for pk, album, created in recent.values_list("pk", "album_id", "created_at"):
        by_album.setdefault(album, []).append(RatingTime(pk, created))
    held: set[int] = set()
    history_start = since - datetime.timedelta(days=formula.burst_history_days)
    for album, ratings in by_album.items():
        if len(ratings) < formula.burst_min_ratings:
            continue
        history = review.objects.filter(
            album_id=album, created_at__gte=history_start, created_at__lt=since
        ).count()
        held |= find_bursts(ratings, history_count=history, formula=formula)
    if not held:
        return 0
    from jamhub.community.services.reviews import hold_reviews

    count = hold_reviews(
        held, reason=_("One of a sudden burst of ratings of this album.")
    )
    logger.info("held %s ratings given in bursts", count)
    return count


@transaction.atomic
def compute_charts(
    *, now: datetime.datetime | None = None, formula: Formula = FORMULA
) -> list[ChartSnapshot]:
    """Recompute every chart from the raw events and keep a snapshot of each."""
    now = now or timezone.now()
    hold_rating_bursts(now=now)
    today = now.date()
    windows = inputs.Windows.ending(today, formula)
    by_period = inputs.read_inputs(today, formula=formula)
    # One prior for every chart: the site mean of all ratings ever counted.
    prior = site_mean(by_period[Period.ALL_TIME], formula)
    snapshots = []
    for period in Period:
        items = by_period[period]
        snapshot = ChartSnapshot.objects.create(
            period=period,
            computed_at=now,
            window_start=windows.start(period),
            window_end=today,
            prior_mean=prior,
            formula_version=FORMULA_VERSION,
            album_count=len(items),
        )
        by_id = {item.album_id: item for item in items}
        ranked = rank_albums(items, period=period, prior_mean=prior, formula=formula)
        _write_entries(
            [
                _entry_values(snapshot.pk, rank, by_id[score.album_id], score)
                for rank, score in enumerate(ranked, start=1)
            ]
        )
        snapshots.append(snapshot)
    prune_snapshots(now=now)
    return snapshots


@transaction.atomic
def refresh_album_charts(
    album_id: int, *, now: datetime.datetime | None = None, formula: Formula = FORMULA
) -> int:
    """Re-score one album in the latest snapshot of every period (after a new
    rating, say), with the prior of that snapshot; return how many entries changed.
    Its rank is settled by the next full recompute; pages order by score."""
    now = now or timezone.now()
    hold_rating_bursts(now=now, album_id=album_id)
    by_period = inputs.read_inputs(now.date(), album_id=album_id, formula=formula)
    changed = 0
    for period in Period:
        snapshot = ChartSnapshot.objects.for_period(period).latest_first().first()
        if snapshot is None:
            continue
        items = by_period[period]
        if not items:
            changed += ChartEntry.objects.filter(
                snapshot=snapshot, album_id=album_id
            ).delete()[0]
            continue
        item = items[0]
        score = score_album(
            item, period=period, prior_mean=snapshot.prior_mean, formula=formula
        )
        values = dict(
            zip(ENTRY_COLUMNS, _entry_values(snapshot.pk, 0, item, score), strict=True)
        )
        del values["rank"], values["snapshot_id"], values["album_id"]
        updated = ChartEntry.objects.filter(
            snapshot=snapshot, album_id=album_id
        ).update(**values)
        if not updated:
            rank = ChartEntry.objects.filter(snapshot=snapshot, score__gt=score.score)
            ChartEntry.objects.create(
                snapshot=snapshot, album_id=album_id, rank=rank.count() + 1, **values
            )
        changed += 1
    return changed


def prune_snapshots(*, now: datetime.datetime) -> int:
    """Keep every snapshot of the last two days, then the last one of each day for
    five weeks; delete the rest. Return how many snapshots went."""
    doomed: list[int] = []
    for period in Period:
        seen_days: set[datetime.date] = set()
        snapshots = ChartSnapshot.objects.for_period(period).latest_first()
        for pk, computed_at in snapshots.values_list("pk", "computed_at"):
            age = now - computed_at
            if age <= KEEP_ALL:
                continue
            day = computed_at.date()
            if age <= KEEP_DAILY and day not in seen_days:
                seen_days.add(day)
                continue
            doomed.append(pk)
    if doomed:
        # Entries first, in one DELETE: the cascade would load them one by one.
        ChartEntry.objects.filter(snapshot_id__in=doomed).delete()
        ChartSnapshot.objects.filter(pk__in=doomed).delete()
    return len(doomed)
