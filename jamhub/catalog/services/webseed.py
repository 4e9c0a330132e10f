"""The web seed (BEP 19) and its budget: peers first, the web seed where the swarm
cannot serve.

An uncapped web seed carries every byte (8 leechers pulled 8 copies over HTTP and
shared about 1% among themselves), so each torrent's web seed has a byte budget per
second, chosen from the tracker's count of its swarm:

- a thin swarm (one downloader, or nobody seeding, or the tracker unreachable) gets
  JAMHUB_WEB_SEED_RATE: the lone fan downloads at full speed;
- a swarm that can serve itself (two or more downloaders and a seeder) gets
  JAMHUB_WEB_SEED_SWARM_RATE, a trickle: the seeder's pieces spread from peer to peer
  and the origin sends about one copy, whatever the number of fans.

The budget is shared by every request for the torrent, in every web process (it is
counted in the cache: Redis in production, where the count is atomic; the file cache
of the embedded default can let a few blocks too many through), and checked again
every block, so a response started in a thin swarm slows down when the swarm fills.
Behind nginx (X-Accel-Redirect) the budget of the moment is handed to nginx as
X-Accel-Limit-Rate, which limits each connection, not the torrent: there the budget
is per response. Bytes sent are
counted per torrent for the album's statistics (origin versus fans)."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from jamhub.catalog.models import AlbumTorrent
from jamhub.catalog.services.distribution import ask_tracker

logger = logging.getLogger(__name__)

# How long one count of a swarm is trusted, and how long a tracker that did not
# answer is left alone (the web seed then serves as for a thin swarm).
SWARM_TTL = 1
TRACKER_DOWN_TTL = 5
TRACKER_TIMEOUT = 0.5
# Blocks are small while throttled so the budget is shared evenly between requests.
THROTTLED_BLOCK = 16 * 1024


@dataclass(frozen=True)
class Swarm:
    seeders: int
    leechers: int


def web_seed_rate(swarm: Swarm | None, *, thin_rate: int, swarm_rate: int) -> int:
    """Bytes per second the web seed may send for one torrent (0: no limit)."""
    if swarm is None or swarm.seeders == 0 or swarm.leechers <= 1:
        return thin_rate
    return swarm_rate


def current_rate(info_hash: str) -> int:
    return web_seed_rate(
        current_swarm(info_hash),
        thin_rate=settings.JAMHUB_WEB_SEED_RATE,
        swarm_rate=settings.JAMHUB_WEB_SEED_SWARM_RATE,
    )


def swarm_url(info_hash: str) -> str | None:
    """The tracker's /swarm endpoint beside its /stats one."""
    stats_url = settings.JAMHUB_TRACKER_STATS_URL
    if not stats_url:
        return None
    base = stats_url.rsplit("/", 1)[0]
    return f"{base}/swarm?{urlencode({'info_hash': info_hash})}"


def current_swarm(info_hash: str) -> Swarm | None:
    """The tracker's count of one swarm, at most SWARM_TTL seconds old; None when the
    tracker cannot say."""
    key = f"webseed:swarm:{info_hash}"
    cached = cache.get(key)
    if cached is not None:
        return Swarm(*cached) if cached else None
    url = swarm_url(info_hash)
    swarm = _ask_tracker(url) if url else None
    cache.set(
        key,
        (swarm.seeders, swarm.leechers) if swarm else (),
        SWARM_TTL if swarm else TRACKER_DOWN_TTL,
    )
    return swarm


def _ask_tracker(url: str) -> Swarm | None:
    try:
        counts = ask_tracker(url, timeout=TRACKER_TIMEOUT)
        return Swarm(int(counts["seeders"]), int(counts["leechers"]))  # type: ignore[index]
    except (OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("tracker swarm count unavailable: %s", error)
        return None


class WebSeedMeter:
    """Paces one web seed response within its torrent's shared budget, and counts
    what it sent (see jamhub.core.media.StreamMeter)."""

    def __init__(
        self,
        torrent_id: int,
        info_hash: str,
        *,
        rate: Callable[[], int] | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.torrent_id = torrent_id
        self.info_hash = info_hash
        self._rate_now = rate or (lambda: current_rate(info_hash))
        self._clock = clock
        self._sleep = sleep
        # Asked on first use: a 304, a 416 or a HEAD never waits for the tracker.
        self._rate: int | None = None
        self._rated_at = float("-inf")

    @property
    def rate(self) -> int:
        if self._rate is None:
            self._rate, self._rated_at = self._rate_now(), self._clock()
        return self._rate

    @property
    def block_size(self) -> int | None:
        return THROTTLED_BLOCK if self.rate else None

    def wait(self, size: int) -> None:
        """Return once `size` more bytes fit in this second's budget."""
        while True:
            # Wall-clock seconds, not monotonic: every process must agree on them.
            now = self._clock()
            if now - self._rated_at >= SWARM_TTL:
                # The swarm may have filled (or emptied) since the response began.
                self._rate, self._rated_at = self._rate_now(), now
            rate = self.rate
            if not rate:
                return
            second = int(now)
            key = f"webseed:sent:{self.info_hash}:{second}"
            try:
                used = cache.incr(key, size)
            except ValueError:  # the second's first block
                if not cache.add(key, size, 10):
                    continue  # another response made the key meanwhile
                used = size
            # The first block of a second always goes, however small the budget.
            if used <= rate or used == size:
                return
            self._sleep(second + 1 - now)

    def close(self, sent: int) -> None:
        if sent:
            record_web_seed_bytes(self.torrent_id, sent)


def record_web_seed_bytes(torrent_id: int, sent: int) -> None:
    AlbumTorrent.objects.filter(pk=torrent_id).update(
        web_seed_bytes=F("web_seed_bytes") + sent
    )
