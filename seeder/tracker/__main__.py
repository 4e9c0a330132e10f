"""python -m seeder.tracker --host 127.0.0.1 --port 6969 --allowed-file PATH

Environment: JAMHUB_TRACKER_TOKEN (required), the bearer token for the manifest URL
and for /stats and /swarm; the site sends the same one. `make run` passes a
development token."""

import argparse
import asyncio
import logging
import os
import signal
from pathlib import Path

import uvloop

from seeder.tracker.allowed import AllowedFile, AllowedList, AllowedManifest
from seeder.tracker.server import Tracker, TrackerConfig
from seeder.tracker.state import MemoryStore, SwarmStore

logger = logging.getLogger("seeder.tracker")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m seeder.tracker")
    parser.add_argument(
        "--host", action="append", help="address to listen on (repeatable)"
    )
    parser.add_argument("--port", type=int, default=6969)
    parser.add_argument("--redis-url", help="keep swarms in Redis (shared)")
    parser.add_argument("--redis-prefix", default="jamhub:tracker:")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--allowed-file", type=Path, help="one info-hash per line")
    source.add_argument("--manifest-url", help="JSON list of torrents, polled")
    parser.add_argument("--manifest-every", type=float, default=60.0)
    parser.add_argument("--interval", type=int, default=1800, help="seconds")
    parser.add_argument("--behind-proxy", action="store_true")
    parser.add_argument("--max-connections", type=int, default=1024)
    parser.add_argument("--log-level", default="INFO")
    arguments = parser.parse_args(argv)
    # Without it /stats would be open or useless: refuse to start either way.
    arguments.token = os.environ.get("JAMHUB_TRACKER_TOKEN", "")
    if not arguments.token:
        parser.error(
            "JAMHUB_TRACKER_TOKEN must be set (the bearer token the site sends for "
            "/stats and /swarm), e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'"
        )
    return arguments


async def run(arguments: argparse.Namespace) -> None:
    token: str = arguments.token
    ttl = 2 * arguments.interval  # a peer missing two announces is gone
    store: SwarmStore
    if arguments.redis_url:
        from seeder.tracker.redis_store import RedisStore

        store = RedisStore(arguments.redis_url, ttl=ttl, prefix=arguments.redis_prefix)
    else:
        store = MemoryStore(ttl=ttl)
    allowed: AllowedList
    if arguments.manifest_url:
        allowed = AllowedManifest(arguments.manifest_url, token=token)
        refresh_every = arguments.manifest_every
    else:
        allowed = AllowedFile(arguments.allowed_file)
        refresh_every = 1.0
    config = TrackerConfig(
        interval=arguments.interval,
        behind_proxy=arguments.behind_proxy,
        max_connections=arguments.max_connections,
        stats_token=token,
        refresh_every=refresh_every,
    )
    tracker = Tracker(store, allowed, config)
    bound = await tracker.start(arguments.host or ["127.0.0.1"], arguments.port)
    logger.info("tracker listening on %s", bound)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await stopping.wait()
    await tracker.stop()


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    logging.basicConfig(
        level=arguments.log_level, format="%(asctime)s %(levelname)s %(message)s"
    )
    # uvloop's event loop (libuv) accepts and answers about twice as many
    # connections per second as asyncio's default one.
    uvloop.run(run(arguments))


if __name__ == "__main__":
    main()
