"""Indexing tasks: thin, idempotent, queued by catalogue services after commit."""

from celery import shared_task
from elasticsearch import ConnectionError as ElasticsearchUnreachable

from search import services

# A restarting database or Elasticsearch: try again later.
RETRIED = (OSError, ElasticsearchUnreachable)


@shared_task(acks_late=True, autoretry_for=RETRIED, retry_backoff=30, max_retries=5)
def index_album_task(album_id: int) -> None:
    """Index a published album, or drop it when it is not published any more."""
    services.index_album(album_id)


@shared_task(acks_late=True, autoretry_for=RETRIED, retry_backoff=30, max_retries=5)
def remove_album_task(album_id: int) -> None:
    """Drop a hidden album from the index."""
    services.remove_album(album_id)


@shared_task(acks_late=True, autoretry_for=RETRIED, retry_backoff=30, max_retries=5)
def index_artist_albums_task(artist_id: int) -> None:
    """Reindex an artist and its published albums after a change of name."""
    services.index_artist_albums(artist_id)
