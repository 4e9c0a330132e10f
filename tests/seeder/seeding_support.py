"""Helpers for the seeding tests: tiny albums of random bytes with their torrents, and
sessions on loopback (ephemeral ports, no DHT, LSD, UPnP or NAT-PMP)."""

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from seeder._libtorrent import lt
from seeder.manifest import ManifestEntry
from seeder.metainfo import BuiltTorrent, TorrentSpec, build_torrent
from seeder.session import SeedingSession, SessionConfig

DEAD_WEB_SEED = "http://127.0.0.1:9/media/albums/"  # discard port: nothing answers


@dataclass(frozen=True)
class Album:
    entry: ManifestEntry
    built: BuiltTorrent
    folder: Path


def make_album(
    media_root: Path, album_id: int, *, sizes: Iterable[int] = (200_000, 70_001)
) -> Album:
    name = f"Artist {album_id} - Album (2026) [MP3]"
    folder = media_root / "albums" / str(album_id) / name
    folder.mkdir(parents=True)
    for number, size in enumerate(sizes, start=1):
        (folder / f"{number:02d} - Track.mp3").write_bytes(os.urandom(size))
    built = build_torrent(
        TorrentSpec(folder, [], DEAD_WEB_SEED, "test album", 1_700_000_000)
    )
    torrent_path = PurePosixPath("torrents") / str(album_id) / "mp3.torrent"
    (media_root / torrent_path).parent.mkdir(parents=True, exist_ok=True)
    (media_root / torrent_path).write_bytes(built.data)
    entry = ManifestEntry(
        info_hash=built.info_hash,
        torrent_path=torrent_path,
        save_path=PurePosixPath("albums") / str(album_id),
        name=name,
    )
    return Album(entry=entry, built=built, folder=folder)


def manifest_json(*entries: ManifestEntry) -> str:
    return json.dumps(
        {
            "torrents": [
                {
                    "info_hash": e.info_hash,
                    "torrent_path": str(e.torrent_path),
                    "save_path": str(e.save_path),
                    "name": e.name,
                }
                for e in entries
            ]
        }
    )


def session_config(tmp_path: Path, **changes: Any) -> SessionConfig:
    values: dict[str, Any] = {
        "media_root": tmp_path / "media",
        "state_dir": tmp_path / "state",
        "listen_interfaces": "127.0.0.1:0",
        "allow_multiple_connections_per_ip": True,
        "recheck_interval": 0,
    }
    values.update(changes)
    return SessionConfig(**values)


def wait_until(
    condition: Callable[[], bool],
    *sessions: SeedingSession,
    timeout: float = 10.0,
    what: str = "the condition",
) -> float:
    """Pump the sessions' alerts until condition() holds; return the seconds taken."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        for seeding in sessions:
            seeding.process_alerts()
        time.sleep(0.05)
    return time.monotonic() - start


def leecher_session() -> Any:
    return lt.session(
        {
            "listen_interfaces": "127.0.0.1:0",
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "allow_multiple_connections_per_ip": True,
            "webtorrent_stun_server": "",
            "alert_mask": 0,
        }
    )


def add_for_download(session: Any, built: BuiltTorrent, save_path: Path) -> Any:
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(lt.bdecode(built.data))
    params.save_path = str(save_path)
    params.flags &= ~lt.torrent_flags.paused & ~lt.torrent_flags.auto_managed
    return session.add_torrent(params)


def tree_digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
