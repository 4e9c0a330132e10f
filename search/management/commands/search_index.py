"""`search_index rebuild`: build a new index and switch to it; `search_index status`:
what the index holds against what is published."""

import sys
import time
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

from search import indexing, services


class ProgressBar:
    """A one-line bar on a terminal; a line per tenth otherwise (logs, CI)."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.shown_tenths = -1

    def advance(self, step: int) -> None:
        self.done += step
        fraction = min(self.done / self.total, 1.0)
        if self.tty:
            filled = int(fraction * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {self._rate()}")
            self.stream.flush()
            return
        tenths = int(fraction * 10)
        if tenths != self.shown_tenths:
            self.shown_tenths = tenths
            self.stream.write(f"{self.done}/{self.total} albums ({tenths * 10}%)\n")

    def _rate(self) -> str:
        elapsed = time.monotonic() - self.started
        return f"{self.done / elapsed:,.0f}/s" if elapsed > 0 else ""

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Rebuild the catalogue search index, or report its state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "status"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            self._rebuild()
        else:
            self._status()

    def _rebuild(self) -> None:
        stream: TextIO = getattr(self.stdout, "_out", sys.stdout)
        bar = ProgressBar(indexing.published_album_count(), stream)
        started = time.monotonic()
        count = services.rebuild_index(progress=bar.advance)
        bar.finish()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} albums in {time.monotonic() - started:.1f} s; "
                "the new index is live."
            )
        )

    def _status(self) -> None:
        report = services.index_report()
        status = report.status
        lines = [
            f"backend: {status.backend} ({status.detail})",
            f"albums indexed: {status.albums} of {report.published_albums} published",
            f"artists indexed: {status.artists}",
        ]
        if status.tracks is not None:
            lines.append(f"tracks indexed: {status.tracks}")
        last = status.last_indexed_at
        lines.append(f"last indexed: {last.isoformat() if last else 'never'}")
        lag = report.lag
        lines.append(
            "lag: "
            + ("none" if not lag else f"{lag.total_seconds():.0f} s behind publication")
        )
        self.stdout.write("\n".join(lines))
        if status.albums != report.published_albums:
            self.stdout.write(
                self.style.WARNING(
                    "The index and the catalogue differ: "
                    "run `manage.py search_index rebuild`."
                )
            )
