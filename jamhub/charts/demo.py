"""Demo charts: yesterday's and today's, so that the demo pages show movement."""

import datetime

from django.utils import timezone

from jamhub.charts.models import ChartSnapshot
from jamhub.charts.queries import MOVEMENT_GAP
from jamhub.charts.services import compute_charts


def load_demo_charts() -> list[ChartSnapshot]:
    """Compute the charts as of a day ago when there is no chart that old yet (the
    one movement is shown against), then as of now; return today's snapshots."""
    now = timezone.now()
    yesterday = now - datetime.timedelta(days=1)
    if not ChartSnapshot.objects.filter(computed_at__lte=now - MOVEMENT_GAP).exists():
        compute_charts(now=yesterday)
    return compute_charts(now=now)
