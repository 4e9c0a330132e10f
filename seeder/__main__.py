"""python -m seeder --manifest-url URL --media-root DIR --state-dir DIR ...

The bearer token for the manifest and the stats comes from JAMHUB_SEEDER_TOKEN."""

import argparse
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from seeder.daemon import Daemon, DaemonConfig
from seeder.session import SessionConfig


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m seeder",
        description="Seed every torrent the JamHub manifest lists. The bearer token "
        "for the manifest and the stats is read from JAMHUB_SEEDER_TOKEN.",
    )
    parser.add_argument(
        "--manifest-url", required=True, help="http(s), file:// or path"
    )
    parser.add_argument("--media-root", required=True, type=Path)
    parser.add_argument("--state-dir", required=True, type=Path)
    parser.add_argument("--listen", default="0.0.0.0:6881", help="host:port[,...]")
    parser.add_argument("--upload-limit", type=int, default=0, help="bytes/s, 0: none")
    parser.add_argument("--unchoke-slots", type=int, default=1)
    parser.add_argument(
        "--super-seeding",
        action="store_true",
        help="BEP 16: each piece leaves the origin about once",
    )
    parser.add_argument("--recheck-hours", type=float, default=24.0, help="0: never")
    parser.add_argument("--poll-seconds", type=float, default=30.0)
    parser.add_argument("--stats-url", default=None)
    parser.add_argument("--dht", action="store_true", help="enable the DHT")
    parser.add_argument(
        "--allow-multiple-connections-per-ip",
        action="store_true",
        help="for loopback swarms in development",
    )
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    session = SessionConfig(
        media_root=args.media_root,
        state_dir=args.state_dir,
        listen_interfaces=args.listen,
        upload_rate_limit=args.upload_limit,
        unchoke_slots_limit=args.unchoke_slots,
        super_seeding=args.super_seeding,
        enable_dht=args.dht,
        allow_multiple_connections_per_ip=args.allow_multiple_connections_per_ip,
        recheck_interval=args.recheck_hours * 3600,
    )
    daemon = Daemon(
        DaemonConfig(
            session=session,
            manifest_url=args.manifest_url,
            token=os.environ.get("JAMHUB_SEEDER_TOKEN") or None,
            stats_url=args.stats_url,
            poll_interval=args.poll_seconds,
        )
    )
    daemon.install_signal_handlers()
    daemon.run()


if __name__ == "__main__":
    main()
