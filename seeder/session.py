"""SeedingSession: one libtorrent session seeding the whole catalogue.

Facts this relies on (libtorrent 2.1.1, see FACTS): add_torrent_params' default flags
include `paused` and `auto_managed`, which leave a torrent showing "seeding" but never
announcing, so both are cleared; local peers are exempt from rate limits unless
`ignore_limits_on_local_network` is off; a small `unchoke_slots_limit` makes the
origin send close to one copy per swarm; resume data hides a flipped byte, so every
torrent is rechecked on a schedule."""

import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seeder._libtorrent import lt
from seeder.alerts import AlertDispatcher
from seeder.manifest import ManifestEntry, inside

logger = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 10
CHECKING = frozenset(
    {
        lt.torrent_status.checking_files,
        lt.torrent_status.checking_resume_data,
        lt.torrent_status.queued_for_checking,
    }
)


@dataclass(frozen=True)
class SessionConfig:
    media_root: Path
    state_dir: Path
    listen_interfaces: str = "0.0.0.0:6881"
    upload_rate_limit: int = 0  # bytes/s for the whole origin; 0: unlimited
    # One unchoked peer at a time: bench/swarm measured 1.07 copies sent for ten
    # fans starting together (two slots: 1.15 to 1.26).
    unchoke_slots_limit: int = 1
    # BEP 16: offer each peer pieces nobody else has yet, one at a time, so that the
    # origin sends each piece about once and peers pass it on.
    super_seeding: bool = False
    enable_dht: bool = False
    allow_multiple_connections_per_ip: bool = False  # loopback swarms in tests
    recheck_interval: float = 24 * 3600.0  # seconds; 0: never


@dataclass
class TorrentRecord:
    entry: ManifestEntry
    handle: Any
    total_pieces: int
    resumed: bool  # added from a saved resume file
    recheck_due: float  # time.monotonic()
    full_checks: int = 0  # times the torrent entered checking_files
    rechecking: bool = False
    last_recheck: dict[str, Any] | None = None
    errors: list[str] = field(default_factory=list)

    def note_error(self, message: str) -> None:
        self.errors = [*self.errors, message][-MAX_ERRORS_KEPT:]


def _write_atomic(data: bytes, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SeedingSession:
    def __init__(self, config: SessionConfig) -> None:
        self.config = config
        self.resume_dir = config.state_dir / "resume"
        self.resume_dir.mkdir(parents=True, exist_ok=True)
        self.session: Any = lt.session(self.settings_pack(config))
        self.torrents: dict[str, TorrentRecord] = {}
        self.refused: dict[str, str] = {}  # info-hash -> why it could not be added
        self.resume_files_written = 0
        self._pending_resume: set[str] = set()
        self.dispatcher = AlertDispatcher()
        self.dispatcher.register_all(
            {
                lt.save_resume_data_alert: self._on_save_resume_data,
                lt.save_resume_data_failed_alert: self._on_save_resume_data_failed,
                lt.state_changed_alert: self._on_state_changed,
                lt.torrent_checked_alert: self._on_torrent_checked,
                lt.fastresume_rejected_alert: self._on_torrent_problem,
                lt.file_error_alert: self._on_torrent_problem,
                lt.torrent_error_alert: self._on_torrent_problem,
                lt.hash_failed_alert: self._on_torrent_problem,
                lt.tracker_error_alert: self._on_tracker_problem,
                lt.listen_failed_alert: self._on_warning,
                lt.performance_alert: self._on_warning,
            }
        )

    @staticmethod
    def settings_pack(config: SessionConfig) -> dict[str, Any]:
        category = lt.alert_category
        return {
            "listen_interfaces": config.listen_interfaces,
            "enable_dht": config.enable_dht,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "upload_rate_limit": config.upload_rate_limit,
            "ignore_limits_on_local_network": False,
            "unchoke_slots_limit": config.unchoke_slots_limit,
            "allow_multiple_connections_per_ip": (
                config.allow_multiple_connections_per_ip
            ),
            "alert_mask": category.status
            | category.error
            | category.storage
            | category.tracker
            | category.performance_warning,
            # Every torrent posts alerts at start (checked, resume data): a catalogue
            # of thousands would overflow the default queue of 2,000 and lose some.
            "alert_queue_size": 100_000,
            # Without this, announces stall ~20 s offline (the wheel has WebTorrent).
            "webtorrent_stun_server": "",
        }

    @property
    def listen_port(self) -> int:
        return int(self.session.listen_port())

    def get_settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = self.session.get_settings()
        return settings

    def resume_path(self, info_hash: str) -> Path:
        return self.resume_dir / f"{info_hash}.resume"

    # -- wanted vs. running ---------------------------------------------------

    def reconcile(
        self, wanted: dict[str, ManifestEntry]
    ) -> tuple[list[str], list[str]]:
        """Add the wanted torrents that are not running and remove (keeping their
        files) the running ones that are no longer wanted; return (added, removed)."""
        removed = [h for h in self.torrents if h not in wanted]
        for info_hash in removed:
            self.remove(info_hash)
        for info_hash in [h for h in self.refused if h not in wanted]:
            del self.refused[info_hash]
        added = []
        for info_hash, entry in wanted.items():
            if info_hash in self.torrents and self.torrents[info_hash].entry == entry:
                continue
            if info_hash in self.torrents:  # moved: re-add from its new place
                self.remove(info_hash)
            try:
                self.add(entry)
            except (ValueError, OSError, RuntimeError) as exc:
                if self.refused.get(info_hash) != str(exc):
                    logger.error("cannot seed %s: %s", info_hash, exc)
                self.refused[info_hash] = str(exc)
                continue
            self.refused.pop(info_hash, None)
            added.append(info_hash)
        return added, removed

    def add(self, entry: ManifestEntry) -> None:
        torrent_file = inside(self.config.media_root, entry.torrent_path)
        save_path = inside(self.config.media_root, entry.save_path)
        info = lt.torrent_info(lt.bdecode(torrent_file.read_bytes()))
        actual = str(info.info_hash())
        if actual != entry.info_hash:
            raise ValueError(f"{entry.torrent_path} has info-hash {actual}")
        if info.name() != entry.name:
            raise ValueError(f"{entry.torrent_path} is named {info.name()!r}")
        params, resumed = self._params_from_resume(entry.info_hash)
        params.ti = info
        params.save_path = str(save_path)
        flags = params.flags & ~lt.torrent_flags.paused & ~lt.torrent_flags.auto_managed
        if not resumed:
            # The site built the torrent from these files: skip the full hash.
            flags |= lt.torrent_flags.seed_mode
        if self.config.super_seeding:
            flags |= lt.torrent_flags.super_seeding
        params.flags = flags
        handle = self.session.add_torrent(params)
        self.torrents[entry.info_hash] = TorrentRecord(
            entry=entry,
            handle=handle,
            total_pieces=int(info.num_pieces()),
            resumed=resumed,
            recheck_due=self._first_recheck(entry.info_hash),
        )
        logger.info(
            "seeding %s (%s)%s", entry.name, entry.info_hash, " [resumed]" * resumed
        )

    def _params_from_resume(self, info_hash: str) -> tuple[Any, bool]:
        path = self.resume_path(info_hash)
        if path.exists():
            try:
                params = lt.read_resume_data(path.read_bytes())
                if str(params.info_hashes.v1) == info_hash:
                    return params, True
                logger.warning("%s holds another torrent: ignored", path.name)
            except (RuntimeError, ValueError, OSError) as exc:
                logger.warning("%s unreadable (%s): seed_mode instead", path.name, exc)
        return lt.add_torrent_params(), False

    def _first_recheck(self, info_hash: str) -> float:
        # Staggered by the info-hash, so a restart does not hash the catalogue at once.
        fraction = int(info_hash[:8], 16) / 0x1_0000_0000
        return time.monotonic() + self.config.recheck_interval * (0.1 + 0.9 * fraction)

    def remove(self, info_hash: str) -> None:
        record = self.torrents.pop(info_hash)
        self.session.remove_torrent(record.handle)  # keeps the files
        self._pending_resume.discard(info_hash)
        self.resume_path(info_hash).unlink(missing_ok=True)
        logger.info("stopped seeding %s (%s)", record.entry.name, info_hash)

    # -- resume data and rechecks ---------------------------------------------

    def save_resume_data(self, *, only_if_modified: bool = True) -> int:
        """Ask for every torrent's resume data; the files are written when the
        alerts arrive (process_alerts). Return how many were asked."""
        flags = lt.torrent_handle.save_info_dict
        if only_if_modified:
            flags |= lt.torrent_handle.only_if_modified
        for info_hash, record in self.torrents.items():
            record.handle.save_resume_data(flags)
            self._pending_resume.add(info_hash)
        return len(self.torrents)

    def wait_for_resume_data(self, timeout: float) -> bool:
        """Process alerts until every requested resume file is written (True) or
        the timeout passes (False)."""
        deadline = time.monotonic() + timeout
        while self._pending_resume and time.monotonic() < deadline:
            self.session.wait_for_alert(100)
            self.process_alerts()
        return not self._pending_resume

    def run_due_rechecks(self, now: float | None = None) -> list[str]:
        """force_recheck every torrent whose turn has come; return their hashes."""
        if self.config.recheck_interval <= 0:
            return []
        now = time.monotonic() if now is None else now
        started = []
        for info_hash, record in self.torrents.items():
            if record.recheck_due <= now and not record.rechecking:
                self.force_recheck(info_hash)
                record.recheck_due = now + self.config.recheck_interval
                started.append(info_hash)
        return started

    def force_recheck(self, info_hash: str) -> None:
        record = self.torrents[info_hash]
        record.rechecking = True
        record.handle.force_recheck()
        logger.info("rechecking %s (%s)", record.entry.name, info_hash)

    # -- alerts ---------------------------------------------------------------

    def process_alerts(self) -> int:
        return self.dispatcher.dispatch(self.session.pop_alerts())

    def _record_for(self, alert: Any) -> tuple[str, TorrentRecord | None]:
        try:
            info_hash = str(alert.handle.info_hash())
        except RuntimeError:  # the torrent is gone
            return "", None
        return info_hash, self.torrents.get(info_hash)

    def _on_save_resume_data(self, alert: Any) -> None:
        info_hash, record = self._record_for(alert)
        self._pending_resume.discard(info_hash)
        if record is None:  # removed meanwhile: no resume file for it
            return
        _write_atomic(
            bytes(lt.write_resume_data_buf(alert.params)), self.resume_path(info_hash)
        )
        self.resume_files_written += 1

    def _on_save_resume_data_failed(self, alert: Any) -> None:
        info_hash, record = self._record_for(alert)
        self._pending_resume.discard(info_hash)
        # only_if_modified reports an unchanged torrent as a failure: not worth a line.
        if record is not None and "not modified" not in alert.error.message():
            logger.warning("resume data for %s: %s", info_hash, alert.message())

    def _on_state_changed(self, alert: Any) -> None:
        _info_hash, record = self._record_for(alert)
        if record is not None and alert.state == lt.torrent_status.checking_files:
            record.full_checks += 1

    def _on_torrent_checked(self, alert: Any) -> None:
        info_hash, record = self._record_for(alert)
        if record is None:
            return
        status = alert.handle.status()
        if status.state in CHECKING:
            return  # posted before a check that is now running: its own will follow
        missing = record.total_pieces - int(status.num_pieces)
        if record.rechecking:
            record.rechecking = False
            record.last_recheck = {"at": time.time(), "missing_pieces": missing}
        # Persist what the check found at once: a restart after kill -9 then resumes
        # without hashing, and never trusts a bitfield a recheck has disproved.
        alert.handle.save_resume_data(lt.torrent_handle.save_info_dict)
        self._pending_resume.add(info_hash)
        if missing:
            message = f"check found {missing} of {record.total_pieces} pieces missing"
            record.note_error(message)
            logger.error("%s (%s): %s", record.entry.name, info_hash, message)

    def _on_torrent_problem(self, alert: Any) -> None:
        _info_hash, record = self._record_for(alert)
        if record is not None:
            record.note_error(f"{type(alert).__name__}: {alert.message()}")
        logger.warning("%s", alert.message())

    def _on_tracker_problem(self, alert: Any) -> None:
        logger.info("%s", alert.message())

    def _on_warning(self, alert: Any) -> None:
        logger.warning("%s", alert.message())

    # -- stats and shutdown ---------------------------------------------------

    def torrent_stats(self, record: TorrentRecord) -> dict[str, Any]:
        status = record.handle.status()
        error = status.errc.message() if status.errc.value() else ""
        return {
            "name": record.entry.name,
            "state": str(status.state),
            "seeding": bool(status.is_seeding),
            "progress": float(status.progress),
            "pieces": int(status.num_pieces),
            "missing_pieces": record.total_pieces - int(status.num_pieces),
            "uploaded": int(status.all_time_upload),
            "uploaded_this_session": int(status.total_upload),
            "upload_rate": int(status.upload_rate),
            "peers": int(status.num_peers),
            "seeds": int(status.num_seeds),
            "resumed": record.resumed,
            "full_checks": record.full_checks,
            "rechecking": record.rechecking,
            "last_recheck": record.last_recheck,
            "error": error,
            "errors": list(record.errors),
        }

    def stats(self) -> dict[str, Any]:
        """A JSON-ready snapshot of every torrent and the session."""
        torrents = {h: self.torrent_stats(r) for h, r in self.torrents.items()}
        return {
            "at": time.time(),
            "listen_port": self.listen_port,
            "upload_rate_limit": self.config.upload_rate_limit,
            "uploaded": sum(t["uploaded"] for t in torrents.values()),
            "torrents": torrents,
            "refused": dict(self.refused),
            "problems": sorted(
                h
                for h, t in torrents.items()
                if t["error"] or t["missing_pieces"] or not t["seeding"]
            ),
        }

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Pause, save every torrent's resume data (waiting at most `timeout`), and
        close the session; return whether all resume data was written."""
        self.session.pause()
        self.save_resume_data(only_if_modified=False)
        complete = self.wait_for_resume_data(timeout)
        if not complete:
            logger.warning(
                "shutdown: %d resume files missing", len(self._pending_resume)
            )
        self.session = None  # the session's destructor stops its threads
        return complete
