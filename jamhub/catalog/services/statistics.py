"""Public statistics of albums and artists, over time, from the raw events: plays,
HTTP downloads and torrent completions per day (the same events the charts read)."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from jamhub.catalog.models import (
    Album,
    Artist,
    DownloadEvent,
    TorrentCompletion,
    TrackPlay,
)

DAYS = 90
CHART_WIDTH = 360
CHART_HEIGHT = 80


@dataclass(frozen=True)
class Series:
    """One count per day over a period, ready to be drawn as bars."""

    name: str
    first_day: datetime.date
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def peak(self) -> int:
        return max(self.counts, default=0)

    @property
    def days(self) -> list[tuple[datetime.date, int]]:
        return [
            (self.first_day + datetime.timedelta(days=i), n)
            for i, n in enumerate(self.counts)
        ]

    @property
    def bars(self) -> list[dict[str, float | int | datetime.date]]:
        """SVG rectangles (x, y, width, height) in a CHART_WIDTH x CHART_HEIGHT box."""
        if not self.counts:
            return []
        width = CHART_WIDTH / len(self.counts)
        peak = self.peak or 1
        bars: list[dict[str, float | int | datetime.date]] = []
        for i, (day, n) in enumerate(self.days):
            height = CHART_HEIGHT * n / peak
            bars.append(
                {
                    "x": round(i * width, 2),
                    "y": round(CHART_HEIGHT - height, 2),
                    "width": round(max(width - 1, 0.5), 2),
                    "height": round(height, 2),
                    "day": day,
                    "count": n,
                }
            )
        return bars


def _per_day(rows: QuerySet, first_day: datetime.date, days: int) -> list[int]:  # type: ignore[type-arg]
    counts = [0] * days
    for day, n in rows:
        index = (day - first_day).days
        if 0 <= index < days:
            counts[index] += int(n or 0)
    return counts


def _series(
    *,
    plays: QuerySet[TrackPlay],
    downloads: QuerySet[DownloadEvent],
    completions: QuerySet[TorrentCompletion],
    days: int,
) -> list[Series]:
    today = timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    play_rows = (
        plays.filter(day__gte=first)
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    download_rows = (
        downloads.filter(created_at__date__gte=first)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    completion_rows = (
        completions.filter(day__gte=first)
        .values("day")
        .annotate(n=Sum("count"))
        .values_list("day", "n")
    )
    return [
        Series("plays", first, _per_day(play_rows, first, days)),
        Series("downloads", first, _per_day(download_rows, first, days)),
        Series("completions", first, _per_day(completion_rows, first, days)),
    ]


def album_series(album: Album, *, days: int = DAYS) -> list[Series]:
    return _series(
        plays=TrackPlay.objects.filter(track__album=album),
        downloads=DownloadEvent.objects.filter(album=album),
        completions=TorrentCompletion.objects.filter(album=album),
        days=days,
    )


def artist_series(artist: Artist, *, days: int = DAYS) -> list[Series]:
    """Plays, zip downloads and completions of the artist's published albums, and
    the fans who joined each day (and still are)."""
    series = _series(
        plays=TrackPlay.objects.filter(
            track__album__artist=artist, track__album__status="published"
        ),
        downloads=DownloadEvent.objects.filter(
            album__artist=artist, album__status="published"
        ),
        completions=TorrentCompletion.objects.filter(
            album__artist=artist, album__status="published"
        ),
        days=days,
    )
    if apps.is_installed("jamhub.fanclubs"):
        first = series[0].first_day
        fans = (
            apps.get_model("fanclubs", "Fan")
            .objects.filter(artist=artist, created_at__date__gte=first)
            .annotate(day=TruncDate("created_at"))
            .values("day")
            .annotate(n=Count("id"))
            .values_list("day", "n")
        )
        series.append(Series("fans", first, _per_day(fans, first, days)))
    return series


def play_counts(albums: QuerySet[Album]) -> dict[int, int]:
    """All-time plays per album."""
    return dict(
        TrackPlay.objects.filter(track__album__in=albums)
        .values("track__album")
        .annotate(n=Count("id"))
        .values_list("track__album", "n")
    )
