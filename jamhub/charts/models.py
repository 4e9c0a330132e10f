"""Chart snapshots: every computation is kept for a while, so pages show movement."""

from django.db import models
from django.db.models import Case, F, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from jamhub.charts.ranking import FORMULA, Period


def _trails() -> Case:
    """0 for the albums with enough ratings to lead (ranking.leads), 1 for the
    others: the first ordering key, as in ranking.rank_albums."""
    return Case(
        When(rating_count__gte=FORMULA.min_ratings_to_lead, then=Value(0)),
        default=Value(1),
    )


class ChartSnapshotQuerySet(models.QuerySet["ChartSnapshot"]):
    def for_period(self, period: str) -> "ChartSnapshotQuerySet":
        return self.filter(period=period)

    def latest_first(self) -> "ChartSnapshotQuerySet":
        return self.order_by("-computed_at", "-id")


class ChartSnapshot(models.Model):
    """One computation of one period's chart, with the prior it used."""

    period = models.CharField(
        max_length=10, choices=[(p.value, p.value) for p in Period]
    )
    computed_at = models.DateTimeField(db_index=True)
    window_start = models.DateField(null=True, blank=True)  # None: since the start
    window_end = models.DateField()
    prior_mean = models.FloatField()
    formula_version = models.PositiveSmallIntegerField()
    album_count = models.PositiveIntegerField(default=0)

    objects = ChartSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["period", "-computed_at"])]
        verbose_name = _("chart snapshot")
        verbose_name_plural = _("chart snapshots")

    def __str__(self) -> str:
        return f"{self.period} chart of {self.computed_at:%Y-%m-%d %H:%M}"


class ChartEntryQuerySet(models.QuerySet["ChartEntry"]):
    def best_first(self) -> "ChartEntryQuerySet":
        return self.order_by(_trails(), "-score", "-rating_weight", "album_id")

    def in_scope(
        self, *, tag: str | None = None, licence: str | None = None
    ) -> "ChartEntryQuerySet":
        """Entries of published albums, optionally of one tag or one licence."""
        entries = self.filter(album__status="published")
        if tag:
            entries = entries.filter(album__tags__slug=tag)
        if licence:
            entries = entries.filter(album__licence=licence)
        return entries

    def with_position(self) -> "ChartEntryQuerySet":
        """Annotate position: 1 for the best entry of this (filtered) queryset."""
        return self.annotate(
            position=Window(
                RowNumber(),
                order_by=[
                    _trails(),
                    F("score").desc(),
                    F("rating_weight").desc(),
                    F("album_id"),
                ],
            )
        )


class ChartEntry(models.Model):
    """One album in one snapshot: its score and the inputs it was computed from
    (published as they are in the dumps)."""

    # Entries are derived data written 100,000s at a time by COPY: no foreign key
    # constraints and no index but the ones pages need (their upkeep costs as much as
    # the write). Entries of a deleted album stay until their snapshot is pruned;
    # pages join published albums only. The snapshot is indexed by the unique
    # constraint below, which starts with it.
    snapshot = models.ForeignKey(
        ChartSnapshot,
        on_delete=models.CASCADE,
        related_name="entries",
        db_index=False,
        db_constraint=False,
    )
    album = models.ForeignKey(
        "catalog.Album",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    rank = models.PositiveIntegerField()  # in the whole chart when computed
    score = models.FloatField()
    bayesian_mean = models.FloatField()
    rating_count = models.PositiveIntegerField(default=0)
    rating_weight = models.FloatField(default=0)
    rating_sum = models.FloatField(default=0)
    plays = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)
    baseline_plays = models.PositiveIntegerField(default=0)
    baseline_downloads = models.PositiveIntegerField(default=0)
    baseline_completions = models.PositiveIntegerField(default=0)

    objects = ChartEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "album"], name="charts_entry_once_per_snapshot"
            )
        ]
        indexes = [models.Index(fields=["snapshot", "-score"])]
        verbose_name = _("chart entry")
        verbose_name_plural = _("chart entries")

    def __str__(self) -> str:
        return f"#{self.rank} album {self.album_id}"

    @property
    def average_rating(self) -> float | None:
        """The mean of the ratings this chart counts, each weighted as the formula
        weighs its rater (None: no rating)."""
        if not self.rating_weight:
            return None
        return self.rating_sum / self.rating_weight

    @property
    def leads(self) -> bool:
        """Whether it has enough ratings to be ranked among the leaders."""
        return self.rating_count >= FORMULA.min_ratings_to_lead
