"""What the home page shows of the music: new and featured albums with one player
queue for their play buttons, a featured radio, and this week's fan-carried share.

Reads only; the home page template fetches them through the `home_music` tag, so the
HomePage model stays about its editorial fields."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import timezone

from jamhub.catalog.models import Album, Rendition, SeedingCredit, Track
from jamhub.charts.models import ChartEntry
from jamhub.charts.queries import latest_snapshot
from jamhub.charts.ranking import Period
from jamhub.community.player import queue_entries
from jamhub.community.reads import tag_cloud

NEW_ALBUMS = 8
FEATURED_ALBUMS = 4
P2P_CACHE_KEY = "home:p2p-week"
P2P_CACHE_SECONDS = 600  # the tracker is pulled every minute; a home page need not be
P2P_WINDOW = datetime.timedelta(days=7)


@dataclass(frozen=True)
class FanCarry:
    albums: int
    fans: int


@dataclass
class HomeMusic:
    new_albums: list[Album]
    featured_albums: list[Album]
    # One queue for every card: each card's button starts at its album's first track.
    queue: list[dict[str, object]]
    start_index: dict[int, int] = field(default_factory=dict)
    radio: object | None = None  # a CloudTag: the most used tag
    carry: FanCarry = FanCarry(0, 0)
    # False while no chart has been computed: the first screen then shows the
    # newest albums instead of the chart's leaders.
    featured_from_chart: bool = True

    def __post_init__(self) -> None:
        for album in [*self.new_albums, *self.featured_albums]:
            album.play_index = self.start_index.get(album.pk)


def new_albums(*, leaving_out: set[int], limit: int = NEW_ALBUMS) -> list[Album]:
    """The latest published albums, without the featured ones (shown above them)."""
    return list(
        Album.objects.published()
        .exclude(pk__in=leaving_out)
        .select_related("artist")
        .with_track_count()
        .newest_first()[:limit]
    )


def featured_albums(limit: int = FEATURED_ALBUMS) -> list[Album]:
    """The top of the latest weekly chart (all time when there is no weekly chart
    yet)."""
    for period in (Period.WEEK, Period.ALL_TIME):
        snapshot = latest_snapshot(period)
        if snapshot is None:
            continue
        ids = list(
            ChartEntry.objects.filter(snapshot=snapshot)
            .in_scope()
            .best_first()
            .values_list("album_id", flat=True)[:limit]
        )
        if ids:
            albums = (
                Album.objects.published().select_related("artist").with_track_count()
            )
            by_id = albums.in_bulk(ids)
            return [by_id[pk] for pk in ids if pk in by_id]
    return []


def album_queue(albums: list[Album]) -> tuple[list[dict[str, object]], dict[int, int]]:
    """The player queue of the albums' playable tracks, album after album, and where
    each album starts in it (albums with nothing playable are left out)."""
    tracks = (
        Track.objects.filter(album__in=[a.pk for a in albums])
        .select_related("album__artist")
        .prefetch_related(Prefetch("renditions", queryset=Rendition.objects.all()))
        .order_by("number", "pk")
    )
    by_album: dict[int, list[Track]] = {}
    for track in tracks:
        by_album.setdefault(track.album_id, []).append(track)
    queue: list[dict[str, object]] = []
    start: dict[int, int] = {}
    for album in albums:
        if album.pk in start:
            continue
        entries = queue_entries(by_album.get(album.pk, []))
        if entries:
            start[album.pk] = len(queue)
            queue.extend(entries)
    return queue, start


def featured_radio() -> object | None:
    """The radio of the most used tag (one whose slug makes a URL)."""
    tags = [t for t in tag_cloud() if t.slug]
    return max(tags, key=lambda t: t.count) if tags else None


def fan_carry() -> FanCarry:
    """Published albums whose torrents fans seeded this week, and how many fans:
    credits move only when a fan's client reports new uploads (cached)."""

    def count() -> FanCarry:
        since = timezone.now() - P2P_WINDOW
        credits = SeedingCredit.objects.filter(
            updated_at__gte=since,
            uploaded__gt=0,
            torrent__album__status="published",
        )
        return FanCarry(
            albums=credits.values("torrent__album").distinct().count(),
            fans=credits.values("user").distinct().count(),
        )

    return cache.get_or_set(P2P_CACHE_KEY, count, P2P_CACHE_SECONDS)


def home_music() -> HomeMusic:
    featured = featured_albums()
    new = new_albums(leaving_out={a.pk for a in featured})
    from_chart = bool(featured)
    if not from_chart:
        # A young site has no chart yet: its first screen is still music.
        featured, new = new[:FEATURED_ALBUMS], new[FEATURED_ALBUMS:]
    queue, start = album_queue([*featured, *new])
    return HomeMusic(
        new_albums=new,
        featured_albums=featured,
        queue=queue,
        start_index=start,
        radio=featured_radio(),
        carry=fan_carry(),
        featured_from_chart=from_chart,
    )
