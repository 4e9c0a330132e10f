"""What the tracker and the seeders report, stored for statistics: swarm health,
completions per day, the origin's bytes, and the seeding each listener is credited for.

The tracker's counters are cumulative since it started and restart from zero with it;
each pull is compared with the previous one (`reported_*`), so a restart never loses
or double-counts a completion."""

import datetime
import json
import logging
import urllib.request
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from jamhub.accounts.models import User
from jamhub.catalog.models import (
    Album,
    AlbumStatus,
    AlbumTorrent,
    Artist,
    DownloadEvent,
    Passkey,
    SeedingCredit,
    TorrentCompletion,
)

logger = logging.getLogger(__name__)

TrackerCounts = dict[str, dict[str, int]]


def ask_tracker(url: str, *, timeout: float) -> object:
    """GET one of our tracker's JSON endpoints (/stats, /swarm) with its token.

    Raises OSError when the tracker does not answer, ValueError for a body that is
    not JSON."""
    request = urllib.request.Request(url)  # noqa: S310 - our own tracker's URL
    if settings.JAMHUB_TRACKER_TOKEN:
        request.add_header("Authorization", f"Bearer {settings.JAMHUB_TRACKER_TOKEN}")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.load(response)


def pull_tracker_stats() -> int:
    """Pull the tracker's /stats and store them; how many torrents changed (0 when
    the tracker is down: the next pull catches up)."""
    url = settings.JAMHUB_TRACKER_STATS_URL
    if not url:
        return 0
    try:
        payload = ask_tracker(url, timeout=10)
    except (OSError, ValueError) as exc:
        logger.warning("tracker statistics unavailable: %s", exc)
        return 0
    if not isinstance(payload, dict):
        logger.warning("tracker statistics are not a JSON object")
        return 0
    return record_tracker_stats(payload)


def _growth(reported: int, previous: int) -> int:
    """How much a cumulative tracker counter grew since the last pull."""
    return reported - previous if reported >= previous else reported


def record_tracker_stats(payload: dict[str, object]) -> int:
    """Store one pull of the tracker's /stats; return how many torrents changed."""
    torrents = payload.get("torrents")
    accounts = payload.get("accounts")
    with transaction.atomic():
        changed, swarm_growth = record_swarm_stats(
            torrents if isinstance(torrents, dict) else {}
        )
        if isinstance(accounts, dict):
            credit_seeding(accounts, swarm_growth=swarm_growth)
    return changed


def record_swarm_stats(stats: TrackerCounts) -> tuple[int, dict[str, int]]:
    """Store the tracker's counts (keyed by info-hash). Returns how many torrents
    changed, and how many bytes each swarm reported downloading since the last pull.

    Runs every minute over the whole catalogue: only torrents whose counts moved are
    written, in one bulk update; new completions are added to the album's day."""
    now = timezone.now()
    changed = []
    completions: dict[int, int] = defaultdict(int)
    swarm_growth: dict[str, int] = {}
    for torrent in AlbumTorrent.objects.filter(info_hash__in=list(stats)):
        counts = stats[torrent.info_hash]
        reported_completed = int(counts.get("completed", 0))
        reported_downloaded = int(counts.get("downloaded_bytes", 0))
        new_completions = _growth(reported_completed, torrent.reported_completed)
        swarm_growth[torrent.info_hash] = _growth(
            reported_downloaded, torrent.reported_downloaded
        )
        completions[torrent.album_id] += new_completions
        fresh = (
            int(counts.get("seeders", 0)),
            int(counts.get("leechers", 0)),
            reported_completed,
            reported_downloaded,
        )
        current = (
            torrent.seeders,
            torrent.leechers,
            torrent.reported_completed,
            torrent.reported_downloaded,
        )
        if fresh != current:
            (
                torrent.seeders,
                torrent.leechers,
                torrent.reported_completed,
                torrent.reported_downloaded,
            ) = fresh
            torrent.completed += new_completions
            torrent.stats_updated_at = now
            changed.append(torrent)
    fields = [
        "seeders",
        "leechers",
        "completed",
        "reported_completed",
        "reported_downloaded",
        "stats_updated_at",
    ]
    with transaction.atomic():
        AlbumTorrent.objects.bulk_update(changed, fields, batch_size=500)
        add_completions(
            {album: n for album, n in completions.items() if n},
            day=timezone.localdate(now),
        )
    return len(changed), swarm_growth


def add_completions(completions: dict[int, int], *, day: datetime.date) -> None:
    """Add completions to each album's count of the day."""
    for album_id, count in completions.items():
        if TorrentCompletion.objects.filter(album_id=album_id, day=day).update(
            count=F("count") + count
        ):
            continue
        try:
            with transaction.atomic():
                TorrentCompletion.objects.create(
                    album_id=album_id, day=day, count=count
                )
        except IntegrityError:  # another pull created the row meanwhile
            TorrentCompletion.objects.filter(album_id=album_id, day=day).update(
                count=F("count") + count
            )


def credit_seeding(
    accounts: dict[str, dict[str, object]], *, swarm_growth: dict[str, int]
) -> int:
    """Credit listeners with what their passkeys' clients reported since the last pull.

    `accounts` is keyed by passkey digest (the tracker never sends a passkey). Uploads
    are self-reported, so the fans of one swarm together are never credited with more
    than that swarm reported downloading in the same interval: claims beyond it are
    scaled down in proportion. Returns how many credits changed."""
    owners = dict(
        Passkey.objects.filter(digest__in=list(accounts)).values_list(
            "digest", "user_id"
        )
    )
    per_torrent: dict[str, dict[str, int]] = {}
    for key, account in accounts.items():
        torrents = account.get("torrents") if key in owners else None
        if isinstance(torrents, dict):
            per_torrent[key] = torrents  # type: ignore[assignment]
    hashes = {ih for torrents in per_torrent.values() for ih in torrents}
    by_hash = {
        t.info_hash: t for t in AlbumTorrent.objects.filter(info_hash__in=hashes)
    }
    existing = {
        (c.user_id, c.torrent_id): c
        for c in SeedingCredit.objects.filter(
            user_id__in=set(owners.values()), torrent__info_hash__in=hashes
        )
    }
    # First the raw growth of every claim, then the cap per swarm. A claim whose
    # counters have not moved since the last pull is left alone (the tracker sends
    # every account's totals each minute).
    claims: list[tuple[SeedingCredit, str, tuple[int, int, int], int]] = []
    claimed_per_swarm: dict[str, int] = defaultdict(int)
    for key, torrents in per_torrent.items():
        for info_hash, counts in torrents.items():
            torrent = by_hash.get(info_hash)
            if torrent is None or not isinstance(counts, dict):
                continue
            credit = existing.get((owners[key], torrent.pk)) or SeedingCredit(
                user_id=owners[key], torrent=torrent
            )
            reported = (
                _counter(counts, "uploaded"),
                _counter(counts, "downloaded"),
                _counter(counts, "completed"),
            )
            if credit.pk and reported == (
                credit.reported_uploaded,
                credit.reported_downloaded,
                credit.reported_completed,
            ):
                continue
            upload_growth = _growth(reported[0], credit.reported_uploaded)
            claims.append((credit, info_hash, reported, upload_growth))
            claimed_per_swarm[info_hash] += upload_growth
    for credit, info_hash, reported, upload_growth in claims:
        claimed, ceiling = claimed_per_swarm[info_hash], swarm_growth.get(info_hash, 0)
        if claimed > ceiling:
            upload_growth = upload_growth * ceiling // claimed if claimed else 0
        credit.uploaded += upload_growth
        credit.downloaded += _growth(reported[1], credit.reported_downloaded)
        credit.completed += _growth(reported[2], credit.reported_completed)
        (
            credit.reported_uploaded,
            credit.reported_downloaded,
            credit.reported_completed,
        ) = reported
    credits = [claim[0] for claim in claims]
    new = [c for c in credits if not c.pk]
    moved = [c for c in credits if c.pk]
    now = timezone.now()
    for credit in moved:
        credit.updated_at = now  # bulk_update skips auto_now
    SeedingCredit.objects.bulk_create(new)
    SeedingCredit.objects.bulk_update(
        moved,
        [
            "updated_at",
            "uploaded",
            "downloaded",
            "completed",
            "reported_uploaded",
            "reported_downloaded",
            "reported_completed",
        ],
        batch_size=500,
    )
    return len(credits)


def _counter(counts: dict[str, object], name: str) -> int:
    """A cumulative counter from the tracker: a non-negative int, else 0."""
    value = counts.get(name, 0)
    return value if isinstance(value, int) and 0 <= value < 2**63 else 0


def record_seeder_stats(stats: TrackerCounts) -> int:
    """Store what a seeder uploaded per torrent (cumulative, keyed by info-hash)."""
    changed = []
    for torrent in AlbumTorrent.objects.filter(info_hash__in=list(stats)):
        uploaded = _counter(stats[torrent.info_hash], "uploaded")
        if uploaded != torrent.seeder_uploaded:
            torrent.seeder_uploaded = uploaded
            changed.append(torrent)
    AlbumTorrent.objects.bulk_update(changed, ["seeder_uploaded"], batch_size=500)
    return len(changed)


@dataclass(frozen=True)
class Distribution:
    """How an album (or all of an artist's albums) travels."""

    http_downloads: int
    completions: int
    seeders: int  # JamHub's seeder counted once (sharing_now)
    leechers: int
    seeder_bytes: int  # sent by the origin's BitTorrent seeder
    web_seed_bytes: int  # sent by the origin's web seed
    delivered_bytes: int  # completions times the torrent's size

    @property
    def origin_bytes(self) -> int:
        return self.seeder_bytes + self.web_seed_bytes

    @property
    def fan_bytes(self) -> int:
        """What fans carried: complete downloads the origin did not send."""
        return max(0, self.delivered_bytes - self.origin_bytes)

    @property
    def fan_share(self) -> float | None:
        """The fans' part of what was delivered, from 0 to 1 (None: nothing yet)."""
        if not self.delivered_bytes:
            return None
        return self.fan_bytes / self.delivered_bytes


def sharing_now(torrents: list[AlbumTorrent]) -> int:
    """How many are sharing these torrents: JamHub's seeder once, not once per swarm.

    The tracker counts seeders per torrent, and our seeder seeds every torrent (one
    per album and format), so it is one of the seeders of each swarm that has any.
    (When it is down and fans seed several formats, this counts one fan short.)"""
    swarms_with_seeders = sum(1 for t in torrents if t.seeders)
    origin_duplicates = max(swarms_with_seeders - 1, 0)
    return sum(t.seeders for t in torrents) - origin_duplicates


def _distribution(torrents, downloads: int) -> Distribution:  # type: ignore[no-untyped-def]
    torrents = list(torrents)
    return Distribution(
        http_downloads=downloads,
        completions=sum(t.completed for t in torrents),
        seeders=sharing_now(torrents),
        leechers=sum(t.leechers for t in torrents),
        seeder_bytes=sum(t.seeder_uploaded for t in torrents),
        web_seed_bytes=sum(t.web_seed_bytes for t in torrents),
        delivered_bytes=sum(t.completed * t.size for t in torrents),
    )


def album_distribution(album: Album, *, downloads: int | None = None) -> Distribution:
    """`downloads`: the album's zip downloads when the caller counted them already."""
    if downloads is None:
        downloads = album.downloads.count()
    return _distribution(album.torrents.all(), downloads)


def artist_distribution(artist: Artist) -> Distribution:
    """Over the artist's published albums."""
    return _distribution(
        AlbumTorrent.objects.filter(
            album__artist=artist, album__status=AlbumStatus.PUBLISHED
        ),
        DownloadEvent.objects.filter(
            album__artist=artist, album__status=AlbumStatus.PUBLISHED
        ).count(),
    )


def seeding_totals(user: User) -> dict[str, int]:
    """What a listener's clients carried, over every torrent."""
    totals = user.seeding_credits.aggregate(
        uploaded=Sum("uploaded"), downloaded=Sum("downloaded"), albums=Sum("completed")
    )
    return {name: int(value or 0) for name, value in totals.items()}
