"""The chart formula, as pure functions: no Django, no database.

Inputs are per-album aggregates (weighted ratings, engagement counted in person-days)
that jamhub.charts.inputs reads from the database in one SQL pass, or that anyone can
read back from the published dumps. Outputs are scores and ranks. The "How charts
work" page prints the constants of FORMULA, so this module is the specification.
"""

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL_TIME = "all"
    TRENDING = "trending"


@dataclass(frozen=True)
class Formula:
    """Every constant of the charts; changing one changes FORMULA_VERSION."""

    # Bayesian mean: an album starts with prior_weight ratings at the site mean.
    prior_weight: float = 10.0
    # The site mean itself starts with site_prior_weight ratings at the scale's middle,
    # so that a young site's few ratings do not set the prior alone.
    site_prior_mean: float = 3.0
    site_prior_weight: float = 100.0
    # Rater weights (a rating counts as this many ratings).
    new_account_days: int = 14
    new_account_weight: float = 0.5
    unverified_weight: float = 0.1
    # Engagement: distinct people per album, kind and day, at most daily_cap each.
    daily_cap: int = 50
    play_weight: float = 1.0
    download_weight: float = 3.0
    completion_weight: float = 3.0
    # The engagement factor grows with log(1 + points) up to engagement_cap points,
    # where it reaches 1 + engagement_boost, and stays there.
    engagement_cap: float = 2000.0
    engagement_boost: float = 0.5
    # Windows, in days, ending today (today included).
    week_days: int = 7
    month_days: int = 30
    # Trending: the last week's engagement against the three weeks before it.
    trending_recent_days: int = 7
    trending_baseline_days: int = 21
    momentum_cap: float = 4.0
    # An album needs at least min_ratings_to_lead ratings in the chart's window to
    # be ranked among the leaders: with fewer, it is ranked after every album that
    # has them (a single five-star rating plus a few plays must not top a chart).
    min_ratings_to_lead: int = 3
    # Bursts: at least burst_min_ratings on one album within burst_window_minutes,
    # and burst_factor times more than its usual pace, are held for moderators.
    burst_window_minutes: int = 60
    burst_min_ratings: int = 10
    burst_factor: float = 5.0
    burst_history_days: int = 30

    def window_days(self, period: "Period") -> int | None:
        """Days of ratings and engagement a chart counts (None: since the start)."""
        return {
            Period.WEEK: self.week_days,
            Period.MONTH: self.month_days,
            Period.ALL_TIME: None,
            Period.TRENDING: self.trending_recent_days + self.trending_baseline_days,
        }[period]


FORMULA = Formula()
FORMULA_VERSION = 2


class AlbumInputs(NamedTuple):
    """What the formula knows of one album over one chart's window.

    rating_weight is the sum of the raters' weights, rating_sum the sum of weight x
    stars. plays, downloads and completions are person-days (completions: per day as
    the tracker counts them), each day capped at daily_cap. The baseline_* fields are
    the same counts for trending's baseline weeks (zero for the other charts)."""

    album_id: int
    rating_count: int = 0
    rating_weight: float = 0.0
    rating_sum: float = 0.0
    plays: int = 0
    downloads: int = 0
    completions: int = 0
    baseline_plays: int = 0
    baseline_downloads: int = 0
    baseline_completions: int = 0


class Score(NamedTuple):
    album_id: int
    score: float
    bayesian_mean: float
    engagement: float
    momentum: float = 1.0


def rater_weight(
    *, verified: bool, account_age_days: float, formula: Formula = FORMULA
) -> float:
    """How much one rating counts: new or unverified accounts weigh less. The
    account's age is taken when the rating was given."""
    if not verified:
        return formula.unverified_weight
    if account_age_days < formula.new_account_days:
        return formula.new_account_weight
    return 1.0


def site_mean(inputs: Iterable[AlbumInputs], formula: Formula = FORMULA) -> float:
    """The prior of every album's Bayesian mean: the weighted mean of all ratings,
    itself pulled toward the middle of the scale."""
    weight = formula.site_prior_weight
    total = formula.site_prior_weight * formula.site_prior_mean
    for item in inputs:
        weight += item.rating_weight
        total += item.rating_sum
    return total / weight


def bayesian_mean(
    rating_sum: float,
    rating_weight: float,
    *,
    prior_mean: float,
    formula: Formula = FORMULA,
) -> float:
    """(C x m + sum of weighted stars) / (C + sum of weights)."""
    return (formula.prior_weight * prior_mean + rating_sum) / (
        formula.prior_weight + rating_weight
    )


def engagement_points(
    plays: float, downloads: float, completions: float, formula: Formula = FORMULA
) -> float:
    return (
        formula.play_weight * plays
        + formula.download_weight * downloads
        + formula.completion_weight * completions
    )


def engagement_factor(points: float, formula: Formula = FORMULA) -> float:
    """1 with no engagement, rising with log(1 + points), capped at 1 + boost."""
    if points <= 0:
        return 1.0
    reach = min(1.0, math.log1p(points) / math.log1p(formula.engagement_cap))
    return 1.0 + formula.engagement_boost * reach


def momentum(
    recent_points: float, baseline_points: float, formula: Formula = FORMULA
) -> float:
    """Trending: daily engagement of the last week over that of the weeks before,
    between 1/momentum_cap and momentum_cap (+1 per day so that a quiet album's
    first listener is not an infinite rise)."""
    recent = recent_points / formula.trending_recent_days + 1.0
    baseline = baseline_points / formula.trending_baseline_days + 1.0
    ratio = recent / baseline
    return max(1.0 / formula.momentum_cap, min(formula.momentum_cap, ratio))


def score_album(
    item: AlbumInputs,
    *,
    period: Period,
    prior_mean: float,
    formula: Formula = FORMULA,
) -> Score:
    """One album's score: B x E (x M when trending), as bayesian_mean,
    engagement_factor and momentum define them (inlined: charts score 100,000s)."""
    f = formula
    mean = (f.prior_weight * prior_mean + item.rating_sum) / (
        f.prior_weight + item.rating_weight
    )
    points = (
        f.play_weight * item.plays
        + f.download_weight * item.downloads
        + f.completion_weight * item.completions
    )
    value = mean * engagement_factor(points, f) if points > 0 else mean
    push = 1.0
    if period is Period.TRENDING:
        baseline = (
            f.play_weight * item.baseline_plays
            + f.download_weight * item.baseline_downloads
            + f.completion_weight * item.baseline_completions
        )
        push = momentum(points, baseline, f)
        value *= push
    return Score(item.album_id, value, mean, points, push)


def leads(item: AlbumInputs, formula: Formula = FORMULA) -> bool:
    """Whether the album has enough ratings to be ranked among the leaders."""
    return item.rating_count >= formula.min_ratings_to_lead


def rank_albums(
    inputs: Sequence[AlbumInputs],
    *,
    period: Period,
    prior_mean: float | None = None,
    formula: Formula = FORMULA,
) -> list[Score]:
    """Every album scored, best first: the albums that have min_ratings_to_lead
    ratings, then the others, each group by score (ties: more rating weight, then
    older id)."""
    if prior_mean is None:
        prior_mean = site_mean(inputs, formula)
    period = Period(period)
    scored = [
        (score_album(item, period=period, prior_mean=prior_mean, formula=formula), item)
        for item in inputs
    ]
    scored.sort(
        key=lambda pair: (
            not leads(pair[1], formula),
            -pair[0].score,
            -pair[1].rating_weight,
            pair[1].album_id,
        )
    )
    return [score for score, _item in scored]


def jamendo_2005(mean_rating: float, count: int) -> float:
    """Jamendo's 2005 formula, the historical baseline: rating x (n / (n + 1))^2."""
    return mean_rating * (count / (count + 1)) ** 2


@dataclass(frozen=True)
class RatingTime:
    rating_id: int
    created_at: datetime.datetime


def find_bursts(
    recent: Sequence[RatingTime],
    *,
    history_count: int,
    formula: Formula = FORMULA,
) -> set[int]:
    """The ratings of one album given in a burst: at least burst_min_ratings within
    any window of burst_window_minutes, and burst_factor times more than the album's
    usual pace (history_count ratings over the burst_history_days before).

    recent is the album's ratings of the last few windows, in any order."""
    window = datetime.timedelta(minutes=formula.burst_window_minutes)
    windows_per_history = (
        formula.burst_history_days * 24 * 60 / (formula.burst_window_minutes)
    )
    usual = history_count / windows_per_history
    threshold = max(formula.burst_min_ratings, formula.burst_factor * usual)
    ordered = sorted(recent, key=lambda r: (r.created_at, r.rating_id))
    held: set[int] = set()
    start = 0
    for end, rating in enumerate(ordered):
        while rating.created_at - ordered[start].created_at > window:
            start += 1
        if end - start + 1 >= threshold:
            held.update(r.rating_id for r in ordered[start : end + 1])
    return held


@dataclass(frozen=True)
class Movement:
    """How an album moved since the previous chart: "up", "down", "same" or "new"."""

    kind: str
    places: int = 0


def movement(current_rank: int, previous_rank: int | None) -> Movement:
    if previous_rank is None:
        return Movement("new")
    if previous_rank > current_rank:
        return Movement("up", previous_rank - current_rank)
    if previous_rank < current_rank:
        return Movement("down", current_rank - previous_rank)
    return Movement("same")


@dataclass
class ChartTable:
    """A whole chart's inputs, as the dumps publish them."""

    period: Period
    prior_mean: float
    inputs: list[AlbumInputs] = field(default_factory=list)

    def ranked(self, formula: Formula = FORMULA) -> list[Score]:
        return rank_albums(
            self.inputs, period=self.period, prior_mean=self.prior_mean, formula=formula
        )


# The columns of the published dumps (JSON rows and CSV), in order.
DUMP_FIELDS = (
    "album_id",
    "rank",
    "score",
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


def table_from_dump(
    header: Mapping[str, Any], rows: Iterable[Sequence[Any]]
) -> ChartTable:
    """The pure formula's input, read back from a dump (JSON or CSV rows)."""
    if header["formula_version"] != FORMULA_VERSION:
        raise ValueError("this dump was computed with another version of the formula")
    inputs = []
    for row in rows:
        values = dict(zip(DUMP_FIELDS, row, strict=True))
        inputs.append(
            AlbumInputs(
                album_id=int(values["album_id"]),
                rating_count=int(values["rating_count"]),
                rating_weight=float(values["rating_weight"]),
                rating_sum=float(values["rating_sum"]),
                plays=int(values["plays"]),
                downloads=int(values["downloads"]),
                completions=int(values["completions"]),
                baseline_plays=int(values["baseline_plays"]),
                baseline_downloads=int(values["baseline_downloads"]),
                baseline_completions=int(values["baseline_completions"]),
            )
        )
    return ChartTable(
        period=Period(str(header["period"])),
        prior_mean=float(header["prior_mean"]),
        inputs=inputs,
    )
