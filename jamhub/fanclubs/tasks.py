"""Fan club tasks: thin wrappers around jamhub.fanclubs.services."""

from celery import shared_task

from jamhub.fanclubs.services import announce_album, announce_news, send_digests


@shared_task(acks_late=True)
def announce_album_task(album_id: int) -> None:
    """Tell the artist's fans of a published album (idempotent)."""
    announce_album(album_id)


@shared_task(acks_late=True)
def announce_news_task(news_id: int) -> None:
    """Tell the artist's fans of a news post (idempotent)."""
    announce_news(news_id)


@shared_task(acks_late=True)
def send_fan_digests_task(frequency: str) -> None:
    """Mail the daily or weekly digests (run by beat)."""
    send_digests(frequency)
