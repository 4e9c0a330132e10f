"""Catalogue tasks: thin wrappers that take ids and call one service."""

from celery import shared_task

from jamhub.catalog.services.archives import build_album_archives
from jamhub.catalog.services.ingest import ingest_album


@shared_task(acks_late=True, time_limit=4 * 60 * 60, soft_time_limit=4 * 60 * 60 - 60)
def ingest_album_task(album_id: int) -> None:
    """Make the renditions of a submitted album (idempotent, resumable)."""
    ingest_album(album_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def build_album_archives_task(album_id: int) -> None:
    """Build the zips of a published album (idempotent)."""
    build_album_archives(album_id)
