"""The seeding daemon: poll the manifest, reconcile, handle alerts, save resume data,
recheck on a schedule, post stats; stop gracefully on SIGTERM or SIGINT."""

import json
import logging
import signal
import threading
import time
import urllib.request
from dataclasses import dataclass
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from seeder.manifest import ManifestEntry, ManifestError, fetch_manifest, parse_manifest
from seeder.session import SeedingSession, SessionConfig

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DaemonConfig:
    session: SessionConfig
    manifest_url: str  # http(s)://, file:// or a plain path
    token: str | None = None
    stats_url: str | None = None
    poll_interval: float = 30.0
    resume_interval: float = 300.0
    stats_interval: float = 60.0
    shutdown_timeout: float = 15.0


class Daemon:
    def __init__(self, config: DaemonConfig) -> None:
        self.config = config
        self.seeding = SeedingSession(config.session)
        self.wanted: dict[str, ManifestEntry] = {}
        self.stop_event = threading.Event()

    def poll_manifest(self) -> bool:
        """Fetch, parse and reconcile; on any failure keep the previous wanted set
        (a broken manifest must not stop the catalogue) and return False."""
        try:
            data = fetch_manifest(self.config.manifest_url, token=self.config.token)
            wanted = parse_manifest(data)
        except (ManifestError, OSError) as exc:
            logger.error("manifest unusable, keeping the previous one: %s", exc)
            return False
        self.wanted = wanted
        added, removed = self.seeding.reconcile(wanted)
        if added or removed:
            logger.info("reconciled: %d added, %d removed", len(added), len(removed))
        return True

    def post_stats(self) -> bool:
        if not self.config.stats_url:
            return False
        if urlsplit(self.config.stats_url).scheme not in {"http", "https"}:
            logger.error("stats URL must be http(s): %s", self.config.stats_url)
            return False
        request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
            self.config.stats_url,
            data=json.dumps(self.seeding.stats()).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        if self.config.token:
            request.add_header("Authorization", f"Bearer {self.config.token}")
        try:
            with urllib.request.urlopen(request, timeout=10):  # noqa: S310 - checked
                return True
        except OSError as exc:
            logger.warning("stats not posted: %s", exc)
            return False

    def stop(self, signum: int = 0, _frame: FrameType | None = None) -> None:
        if signum:
            logger.info("signal %d: stopping", signum)
        self.stop_event.set()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self, *, tick: float = 0.5) -> None:
        """Loop until stop(); then save every resume file and close the session."""
        due: dict[str, float] = {"manifest": 0.0, "resume": 0.0, "stats": 0.0}
        intervals = {
            "manifest": self.config.poll_interval,
            "resume": self.config.resume_interval,
            "stats": self.config.stats_interval,
        }
        actions: dict[str, Any] = {
            "manifest": self.poll_manifest,
            "resume": self.seeding.save_resume_data,
            "stats": self.post_stats,
        }
        due["resume"] = time.monotonic() + self.config.resume_interval
        try:
            while not self.stop_event.is_set():
                now = time.monotonic()
                for name, action in actions.items():
                    if due[name] <= now:
                        due[name] = now + intervals[name]
                        action()
                self.seeding.run_due_rechecks(now)
                self.seeding.process_alerts()
                self.stop_event.wait(tick)
        finally:
            self.seeding.shutdown(self.config.shutdown_timeout)
            logger.info("stopped")
