"""The processes of a bench/swarm run: the origin's seeder and the fans."""

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

from bench.swarm.common import FOLDER


def run_seeder(args: argparse.Namespace) -> None:
    """The origin's BitTorrent seeder: JamHub's SeedingSession, capped."""
    from pathlib import PurePosixPath

    from seeder.manifest import ManifestEntry
    from seeder.session import SeedingSession, SessionConfig

    config = SessionConfig(
        media_root=Path(args.media_root),
        state_dir=Path(args.state_dir),
        listen_interfaces=f"127.0.0.1:{args.port}",
        upload_rate_limit=args.cap,
        allow_multiple_connections_per_ip=True,
        recheck_interval=0,
        super_seeding=args.super_seeding,
        unchoke_slots_limit=8 if args.libtorrent_defaults else args.unchoke_slots,
    )
    session = SeedingSession(config)
    session.add(
        ManifestEntry(
            info_hash=args.info_hash,
            torrent_path=PurePosixPath(args.torrent),
            save_path=PurePosixPath(args.save_path),
            name=FOLDER,
        )
    )
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while not stopping:
        session.process_alerts()
        time.sleep(0.1)
    handle = session.torrents[args.info_hash].handle
    print(json.dumps({"uploaded": int(handle.status().total_payload_upload)}))
    sys.stdout.flush()
    os._exit(0)  # the session's teardown is not what is measured


def run_leecher(args: argparse.Namespace) -> None:
    """A fan: libtorrent with its defaults, no DHT/LSD/UPnP, loopback peers allowed."""
    from seeder._libtorrent import lt

    session = lt.session(
        {
            "listen_interfaces": "127.0.0.1:0",
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "allow_multiple_connections_per_ip": True,
            "webtorrent_stun_server": "",
        }
    )
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(args.torrent)
    params.save_path = args.save_path
    params.flags &= ~lt.torrent_flags.paused & ~lt.torrent_flags.auto_managed
    handle = session.add_torrent(params)
    started = time.monotonic()
    while not handle.status().is_seeding:
        time.sleep(0.1)
        if time.monotonic() - started > args.timeout:
            print(json.dumps({"seconds": None}))
            sys.stdout.flush()
            os._exit(1)
    seconds = time.monotonic() - started
    print(json.dumps({"seconds": seconds}))
    sys.stdout.flush()
    # A fan keeps seeding until the run ends.
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while not stopping:
        time.sleep(0.1)
    os._exit(0)
