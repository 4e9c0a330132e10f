"""Catalogue tasks: thin wrappers that take ids and call one service."""

import logging

from celery import shared_task

from jamhub.catalog.services.archives import build_album_archives
from jamhub.catalog.services.distribution import record_tracker_stats
from jamhub.catalog.services.ingest import ingest_album
from jamhub.catalog.services.torrents import (
    build_album_torrents,
    write_tracker_allowed_file,
)

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, time_limit=4 * 60 * 60, soft_time_limit=4 * 60 * 60 - 60)
def ingest_album_task(album_id: int) -> None:
    """Make the renditions of a submitted album (idempotent, resumable)."""
    ingest_album(album_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def build_album_archives_task(album_id: int) -> None:
    """Build the zips of a published album (idempotent)."""
    build_album_archives(album_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def build_album_torrents_task(album_id: int) -> None:
    """Build the torrents of a published album (idempotent) and list them for the
    tracker."""
    build_album_torrents(album_id)


@shared_task
def write_tracker_allowed_file_task() -> None:
    """Rewrite the tracker's list after an album is hidden or restored."""
    write_tracker_allowed_file()


@shared_task(ignore_result=True)
def refresh_swarm_stats_task() -> int:
    """Pull swarm counts, completions and passkey credits from the tracker (run by
    beat)."""
    import json
    import urllib.request

    from django.conf import settings

    url = settings.JAMHUB_TRACKER_STATS_URL
    if not url:
        return 0
    request = urllib.request.Request(url)  # noqa: S310 - our tracker
    if settings.JAMHUB_TRACKER_TOKEN:
        request.add_header("Authorization", f"Bearer {settings.JAMHUB_TRACKER_TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            payload = json.load(response)
    except (OSError, ValueError) as exc:
        # The tracker may be restarting: the next run catches up.
        logger.warning("tracker statistics unavailable: %s", exc)
        return 0
    if not isinstance(payload, dict):
        logger.warning("tracker statistics are not a JSON object")
        return 0
    return record_tracker_stats(payload)
