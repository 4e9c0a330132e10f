"""Catalogue tasks: thin wrappers that take ids and call one service."""

import logging

from celery import shared_task

from jamhub.catalog.services.archives import build_album_archives
from jamhub.catalog.services.distribution import pull_tracker_stats
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
    return pull_tracker_stats()
