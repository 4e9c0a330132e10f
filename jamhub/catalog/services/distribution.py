"""What the tracker and the seeders report, stored for statistics: swarm health,
completions per day, the origin's bytes, and the seeding each listener is credited for.

The tracker's counters are cumulative since it started and restart from zero with it;
each pull is compared with the previous one (`reported_*`), so a restart never loses
or double-counts a completion."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

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

TrackerCounts = dict[str, dict[str, int]]


def _growth(reported: int, previous: int) -> int:
    """How much a cumulative tracker counter grew since the last pull."""
    return reported - previous if reported >= previous else reported


def record_tracker_stats(payload: dict[str, object]) -> int:
    """Store one pull of the tracker's /stats; return how many torrents changed."""
    torrents = payload.get("torrents")
    passkeys = payload.get("passkeys")
    with transaction.atomic():
        changed, swarm_growth = record_swarm_stats(
            torrents if isinstance(torrents, dict) else {}
        )
        if isinstance(passkeys, dict):
            credit_seeding(passkeys, swarm_growth=swarm_growth)
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
    passkeys: dict[str, dict[str, object]], *, swarm_growth: dict[str, int]
) -> int:
    """Credit listeners with what their passkeys' clients reported since the last pull.

    Uploads are self-reported, so the fans of one swarm together are never credited
    with more than that swarm reported downloading in the same interval: claims beyond
    it are scaled down in proportion. Returns how many credits changed."""
    owners = dict(
        Passkey.objects.filter(key__in=list(passkeys)).values_list("key", "user_id")
    )
    per_torrent: dict[str, dict[str, int]] = {}
    for key, account in passkeys.items():
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
    # First the raw growth of every claim, then the cap per swarm.
    claims: list[tuple[SeedingCredit, dict[str, int], int]] = []
    claimed_per_swarm: dict[str, int] = defaultdict(int)
    for key, torrents in per_torrent.items():
        for info_hash, counts in torrents.items():
            torrent = by_hash.get(info_hash)
            if torrent is None or not isinstance(counts, dict):
                continue
            credit = existing.get((owners[key], torrent.pk)) or SeedingCredit(
                user_id=owners[key], torrent=torrent
            )
            reported = {
                name: int(counts.get(name, 0))
                for name in ("uploaded", "downloaded", "completed")
            }
            upload_growth = _growth(reported["uploaded"], credit.reported_uploaded)
            claims.append((credit, reported, upload_growth))
            claimed_per_swarm[info_hash] += upload_growth
    changed = []
    for credit, reported, upload_growth in claims:
        info_hash = credit.torrent.info_hash
        claimed, ceiling = claimed_per_swarm[info_hash], swarm_growth.get(info_hash, 0)
        if claimed > ceiling:
            upload_growth = upload_growth * ceiling // claimed if claimed else 0
        credit.uploaded += upload_growth
        credit.downloaded += _growth(reported["downloaded"], credit.reported_downloaded)
        credit.completed += _growth(reported["completed"], credit.reported_completed)
        credit.reported_uploaded = reported["uploaded"]
        credit.reported_downloaded = reported["downloaded"]
        credit.reported_completed = reported["completed"]
        changed.append(credit)
    for credit in changed:
        credit.save()
    return len(changed)


def record_seeder_stats(stats: TrackerCounts) -> int:
    """Store what a seeder uploaded per torrent (cumulative, keyed by info-hash)."""
    changed = 0
    for torrent in AlbumTorrent.objects.filter(info_hash__in=list(stats)):
        uploaded = int(stats[torrent.info_hash].get("uploaded", 0))
        if uploaded >= 0 and uploaded != torrent.seeder_uploaded:
            torrent.seeder_uploaded = uploaded
            torrent.save(update_fields=["seeder_uploaded"])
            changed += 1
    return changed


@dataclass(frozen=True)
class Distribution:
    """How an album (or all of an artist's albums) travels."""

    http_downloads: int
    completions: int
    seeders: int
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
        return self.fan_bytes / max(self.delivered_bytes, self.origin_bytes)


def _distribution(torrents, downloads: int) -> Distribution:  # type: ignore[no-untyped-def]
    torrents = list(torrents)
    return Distribution(
        http_downloads=downloads,
        completions=sum(t.completed for t in torrents),
        seeders=sum(t.seeders for t in torrents),
        leechers=sum(t.leechers for t in torrents),
        seeder_bytes=sum(t.seeder_uploaded for t in torrents),
        web_seed_bytes=sum(t.web_seed_bytes for t in torrents),
        delivered_bytes=sum(t.completed * t.size for t in torrents),
    )


def album_distribution(album: Album) -> Distribution:
    return _distribution(album.torrents.all(), album.downloads.count())


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
