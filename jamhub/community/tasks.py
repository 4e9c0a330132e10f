"""Community tasks: thin wrappers that take ids and call one service."""

from celery import shared_task

from jamhub.community.services.playlist_zips import build_playlist_zip


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def build_playlist_zip_task(archive_id: int) -> None:
    """Build the zip of a playlist in one format (idempotent)."""
    build_playlist_zip(archive_id)
