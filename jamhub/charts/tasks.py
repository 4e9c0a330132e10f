"""Chart tasks: thin wrappers around jamhub.charts.services."""

from celery import shared_task

from jamhub.charts.services import compute_charts, refresh_album_charts


@shared_task(acks_late=True)
def compute_charts_task() -> None:
    """Recompute every chart (run hourly by beat)."""
    compute_charts()


@shared_task(acks_late=True)
def refresh_album_charts_task(album_id: int) -> None:
    """Re-score one album in the latest charts, after a new or changed rating."""
    refresh_album_charts(album_id)
