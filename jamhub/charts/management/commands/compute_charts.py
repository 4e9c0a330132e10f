"""Recompute every chart now, or re-score one album."""

import time

from django.core.management.base import BaseCommand

from jamhub.charts.services import compute_charts, refresh_album_charts


class Command(BaseCommand):
    help = "Recompute every chart from the raw events (or one album with --album)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--album", type=int, help="re-score this album only")

    def handle(
        self, *args: object, album: int | None = None, **options: object
    ) -> None:
        started = time.perf_counter()
        if album is not None:
            changed = refresh_album_charts(album)
            self.stdout.write(f"Album {album}: {changed} chart entries updated.")
            return
        snapshots = compute_charts()
        summary = ", ".join(f"{s.period} {s.album_count}" for s in snapshots)
        self.stdout.write(
            self.style.SUCCESS(
                f"Charts computed in {time.perf_counter() - started:.1f} s "
                f"(albums per chart: {summary})."
            )
        )
