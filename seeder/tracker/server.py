"""The tracker's HTTP/1.1 server: an asyncio Protocol (no stream objects, no task per
connection; with the in-memory store, no task per request either).

GET only, keep-alive (aria2 and Transmission keep the connection; libtorrent opens a
new one per announce). Routes: /announce, /<passkey>/announce, /scrape,
/<passkey>/scrape, /stats (JSON for the site), /swarm?info_hash=<hex> (one swarm's
counts as JSON, what the web seed asks before spending bandwidth), /healthz. /stats
and /swarm answer only the bearer of the tracker's token, and /stats names listeners
by their passkey's digest, never by the passkey itself. Tracker
errors are bencoded `failure reason`s with HTTP 200, because clients only read bodies
of 200s."""

import asyncio
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from seeder.tracker.allowed import AllowedList
from seeder.tracker.connection import MAX_LINE, Connection, Reply, Request
from seeder.tracker.protocol import (
    PASSKEY,
    Announce,
    QueryError,
    SwarmCounts,
    announce_response,
    compact_address,
    failure,
    parse_announce,
    parse_query,
    parse_scrape,
    passkey_digest,
    scrape_response,
)
from seeder.tracker.state import AnnounceResult, MemoryStore, SwarmStore

logger = logging.getLogger(__name__)

_HEX_HASH = re.compile(rb"[0-9a-fA-F]{40}")


@dataclass(frozen=True)
class TrackerConfig:
    stats_token: str  # bearer token /stats and /swarm require (empty: refused)
    interval: int = 1800
    behind_proxy: bool = False  # trust the last X-Forwarded-For address
    max_connections: int = 1024
    timeout: float = 10.0  # seconds to receive a request's head
    refresh_every: float = 1.0  # seconds between allowed-list checks


class Tracker:
    def __init__(
        self, store: SwarmStore, allowed: AllowedList, config: TrackerConfig
    ) -> None:
        self.store = store
        self.allowed = allowed
        self.config = config
        self.min_interval = max(config.interval // 2, 1)
        # The in-memory store answers without awaiting anything: requests are then
        # answered inside data_received, with no task per request.
        self.synchronous = isinstance(store, MemoryStore)
        self.connections: set[Connection] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self._servers: list[asyncio.Server] = []
        self._background: asyncio.Task[None] | None = None

    async def start(self, hosts: list[str], port: int) -> list[tuple[str, int]]:
        """Listen on every host; return the bound (host, port) pairs."""
        await self.allowed.refresh()
        loop = asyncio.get_running_loop()
        for host in hosts:
            server = await loop.create_server(
                lambda: Connection(self, loop), host, port, backlog=1024
            )
            self._servers.append(server)
        self._background = asyncio.create_task(self._maintain())
        return [
            (str(s.getsockname()[0]), int(s.getsockname()[1]))
            for server in self._servers
            for s in server.sockets
        ]

    async def stop(self) -> None:
        for server in self._servers:
            server.close()
        for connection in list(self.connections):
            connection.close()
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=5)
        for server in self._servers:
            await server.wait_closed()
        if self._background:
            self._background.cancel()
        await self.store.close()

    async def _maintain(self) -> None:
        sweep_every = min(60.0, self.config.interval / 2)
        swept = time.time()
        while True:
            await asyncio.sleep(self.config.refresh_every)
            try:
                await self.allowed.refresh()
                if time.time() - swept >= sweep_every:
                    swept = time.time()
                    await self.store.sweep(now=swept)
            except Exception:
                logger.exception("maintenance failed")

    # -- parsing (no I/O) ----------------------------------------------------------

    def parse(self, head: bytes, client: tuple[str, int]) -> Reply | Request:
        """A reply at once (errors, /healthz), or a request for the store."""
        lines = head[:-4].split(b"\r\n")
        request_line = lines[0]
        if len(request_line) > MAX_LINE:
            return Reply(414, b"request line too long", close=True)
        parts = request_line.split(b" ")
        if len(parts) != 3 or not parts[1].startswith(b"/"):
            return Reply(400, b"bad request line", close=True)
        method, target, version = parts
        if version not in (b"HTTP/1.1", b"HTTP/1.0"):
            return Reply(505, b"HTTP/1.x only", close=True)
        connection = forwarded = authorization = b""
        has_body = False
        for line in lines[1:]:
            if len(line) > MAX_LINE:
                return Reply(431, b"header line too long", close=True)
            name, colon, value = line.partition(b":")
            if not colon:
                return Reply(400, b"bad header line", close=True)
            name = name.lower()
            if name == b"connection":
                connection = value.strip().lower()
            elif name == b"x-forwarded-for":
                forwarded = value
            elif name == b"authorization":
                authorization = value.strip()
            elif name == b"transfer-encoding" or (
                name == b"content-length" and value.strip() != b"0"
            ):
                has_body = True
        if method != b"GET":
            return Reply(405, b"GET only", close=True)
        if has_body:
            return Reply(400, b"GET with a body", close=True)
        close = (
            connection == b"close"
            if version == b"HTTP/1.1"
            else connection != b"keep-alive"
        )
        path, _, query = target.partition(b"?")
        segments = path[1:].split(b"/")
        passkey: str | None = None
        if len(segments) == 2:
            passkey = segments[0].decode("latin-1").lower()
            if not PASSKEY.fullmatch(passkey):
                return Reply(404, b"not found", close=close)
        elif len(segments) != 1:
            return Reply(404, b"not found", close=close)
        action = segments[-1]
        if action not in (b"announce", b"scrape") and (
            passkey is not None or action not in (b"stats", b"swarm", b"healthz")
        ):
            return Reply(404, b"not found", close=close)
        if action == b"healthz":
            return Reply(200, b"ok\n", close=close)
        host = client[0]
        if self.config.behind_proxy and forwarded:
            host = forwarded.rsplit(b",", 1)[-1].strip().decode("latin-1")
        return Request(action, query, passkey, host, authorization, close)

    # -- answering -----------------------------------------------------------------

    def answer_now(self, request: Request) -> Reply:
        """Answer from the in-memory store, synchronously."""
        store = self.store
        assert isinstance(store, MemoryStore)  # noqa: S101 - see self.synchronous
        now = time.time()
        if request.action == b"announce":
            checked = self._check_announce(request)
            if isinstance(checked, bytes):
                return Reply(200, checked, close=request.close)
            announce, address = checked
            result = store.announce_now(announce, address, now=now)
            return self._announce_reply(request, announce, result)
        if request.action == b"scrape":
            hashes = self._check_scrape(request)
            if isinstance(hashes, bytes):
                return Reply(200, hashes, close=request.close)
            files = store.scrape_now(hashes, now=now) if hashes else {}
            return Reply(200, scrape_response(files), close=request.close)
        if not self._may_read_stats(request.authorization):
            return Reply(403, b"forbidden", close=request.close)
        if request.action == b"swarm":
            one = _swarm_hashes(request.query)
            if one is None:
                return _bad_swarm(request)
            return _swarm_reply(request, store.scrape_now(one, now=now)[one[0]])
        return _stats_reply(request, store.stats_now(now=now))

    async def answer(self, request: Request) -> Reply:
        """Answer from a store that awaits (Redis)."""
        now = time.time()
        try:
            if request.action == b"announce":
                checked = self._check_announce(request)
                if isinstance(checked, bytes):
                    return Reply(200, checked, close=request.close)
                announce, address = checked
                result = await self.store.announce(announce, address, now=now)
                return self._announce_reply(request, announce, result)
            if request.action == b"scrape":
                hashes = self._check_scrape(request)
                if isinstance(hashes, bytes):
                    return Reply(200, hashes, close=request.close)
                files = await self.store.scrape(hashes, now=now) if hashes else {}
                return Reply(200, scrape_response(files), close=request.close)
            if not self._may_read_stats(request.authorization):
                return Reply(403, b"forbidden", close=request.close)
            if request.action == b"swarm":
                one = _swarm_hashes(request.query)
                if one is None:
                    return _bad_swarm(request)
                counts = (await self.store.scrape(one, now=now))[one[0]]
                return _swarm_reply(request, counts)
            stats = await self.store.stats(now=now)
            return _stats_reply(request, stats)
        except Exception:
            logger.exception("%s failed", request.action.decode())
            return Reply(
                200, failure("tracker unavailable, retry later"), close=request.close
            )

    def _check_announce(self, request: Request) -> bytes | tuple[Announce, bytes]:
        """The announce and the peer's compact address, or a bencoded failure."""
        try:
            announce = parse_announce(request.query, passkey=request.passkey)
        except QueryError as error:
            return failure(str(error))
        if announce.info_hash not in self.allowed:
            return failure("unregistered torrent")
        try:
            address = compact_address(request.host, announce.port)
        except ValueError:
            return failure("unusable peer address")
        return announce, address

    def _announce_reply(
        self, request: Request, announce: Announce, result: AnnounceResult
    ) -> Reply:
        body = announce_response(
            announce,
            result.counts,
            result.peers,
            interval=self.config.interval,
            min_interval=self.min_interval,
        )
        return Reply(200, body, close=request.close)

    def _check_scrape(self, request: Request) -> bytes | list[bytes]:
        try:
            return [h for h in parse_scrape(request.query) if h in self.allowed]
        except QueryError as error:
            return failure(str(error))

    def _may_read_stats(self, authorization: bytes) -> bool:
        token = self.config.stats_token
        return bool(token) and hmac.compare_digest(
            authorization, b"Bearer " + token.encode()
        )


def _swarm_hashes(query: bytes) -> list[bytes] | None:
    try:
        pairs = parse_query(query)
    except QueryError:
        return None
    hashes = [
        bytes.fromhex(value.decode())
        for name, value in pairs
        if name == b"info_hash" and _HEX_HASH.fullmatch(value)
    ]
    return hashes if len(hashes) == 1 else None


def _bad_swarm(request: Request) -> Reply:
    return Reply(400, b"one info_hash (40 hex digits) is required", close=request.close)


def _swarm_reply(request: Request, counts: SwarmCounts) -> Reply:
    body = json.dumps(
        {
            "seeders": counts.complete,
            "leechers": counts.incomplete,
            "completed": counts.downloaded,
        }
    ).encode()
    return Reply(200, body, content_type=b"application/json", close=request.close)


def _stats_reply(request: Request, stats: dict[str, Any]) -> Reply:
    # A passkey lets its holder announce as the listener: only its digest leaves.
    public = {
        "torrents": stats["torrents"],
        "accounts": {
            passkey_digest(passkey): totals
            for passkey, totals in stats["passkeys"].items()
        },
    }
    body = json.dumps(public, sort_keys=True).encode()
    return Reply(200, body, content_type=b"application/json", close=request.close)
