"""The tracker's HTTP/1.1 server on asyncio streams.

GET only, keep-alive (aria2 and Transmission keep the connection; libtorrent opens a
new one per announce). Routes: /announce, /<passkey>/announce, /scrape,
/<passkey>/scrape, /stats (JSON for the site), /swarm?info_hash=<hex> (one swarm's
counts as JSON, what the web seed asks before spending bandwidth), /healthz. Tracker
errors are bencoded `failure reason`s with HTTP 200, because clients only read bodies
of 200s."""

import asyncio
import hmac
import json
import logging
import re
import time
from dataclasses import dataclass

from seeder.tracker.allowed import AllowedList
from seeder.tracker.protocol import (
    PASSKEY,
    QueryError,
    announce_response,
    compact_address,
    failure,
    parse_announce,
    parse_query,
    parse_scrape,
    scrape_response,
)
from seeder.tracker.state import SwarmStore

logger = logging.getLogger(__name__)

_HEX_HASH = re.compile(rb"[0-9a-fA-F]{40}")
MAX_LINE = 4096
MAX_HEAD = 8192
_REASONS = {
    200: b"OK",
    400: b"Bad Request",
    403: b"Forbidden",
    404: b"Not Found",
    405: b"Method Not Allowed",
    414: b"URI Too Long",
    431: b"Request Header Fields Too Large",
    500: b"Internal Server Error",
    505: b"HTTP Version Not Supported",
}


@dataclass(frozen=True)
class TrackerConfig:
    interval: int = 1800
    behind_proxy: bool = False  # trust the last X-Forwarded-For address
    max_connections: int = 1024
    timeout: float = 10.0  # seconds to receive a request's head
    stats_token: str | None = None  # bearer token /stats requires, when set
    refresh_every: float = 1.0  # seconds between allowed-list checks


@dataclass(slots=True)
class _Reply:
    status: int
    body: bytes
    content_type: bytes = b"text/plain"
    close: bool = False


class Tracker:
    def __init__(
        self, store: SwarmStore, allowed: AllowedList, config: TrackerConfig
    ) -> None:
        self.store = store
        self.allowed = allowed
        self.config = config
        self.min_interval = max(config.interval // 2, 1)
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self._servers: list[asyncio.Server] = []
        self._background: asyncio.Task[None] | None = None

    async def start(self, hosts: list[str], port: int) -> list[tuple[str, int]]:
        """Listen on every host; return the bound (host, port) pairs."""
        await self.allowed.refresh()
        for host in hosts:
            server = await asyncio.start_server(
                self._serve_connection, host, port, limit=MAX_HEAD, backlog=1024
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
        for writer in list(self._writers):
            writer.close()  # their handlers see EOF and return
        if self._handlers:
            await asyncio.wait(self._handlers, timeout=5)
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

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if len(self._writers) >= self.config.max_connections:
            writer.close()
            return
        self._writers.add(writer)
        handler = asyncio.current_task()
        if handler is not None:
            self._handlers.add(handler)
        client = writer.get_extra_info("peername")
        loop = asyncio.get_running_loop()
        # A slow client is cut off: aborting the transport ends readuntil() with EOF.
        # One timer handle is cheaper than asyncio.timeout() on the hot path.
        watchdog = loop.call_later(self.config.timeout, writer.transport.abort)
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    break
                except asyncio.LimitOverrunError:
                    reply = _Reply(431, b"request head too large", close=True)
                else:
                    watchdog.cancel()
                    try:
                        reply = await self._reply(head, client)
                    except Exception:
                        logger.exception("request failed")
                        reply = _Reply(500, b"internal error", close=True)
                # close() flushes what was written before closing.
                writer.write(_render(reply))
                if reply.close:
                    break
                watchdog = loop.call_later(self.config.timeout, writer.transport.abort)
                if writer.transport.get_write_buffer_size() > 65536:
                    await writer.drain()  # a client that does not read times out
        except (ConnectionError, OSError):
            pass
        finally:
            watchdog.cancel()
            self._writers.discard(writer)
            if handler is not None:
                self._handlers.discard(handler)
            writer.close()

    async def _reply(self, head: bytes, client: tuple[str, int]) -> _Reply:
        lines = head[:-4].split(b"\r\n")
        request_line = lines[0]
        if len(request_line) > MAX_LINE:
            return _Reply(414, b"request line too long", close=True)
        parts = request_line.split(b" ")
        if len(parts) != 3 or not parts[1].startswith(b"/"):
            return _Reply(400, b"bad request line", close=True)
        method, target, version = parts
        if version not in (b"HTTP/1.1", b"HTTP/1.0"):
            return _Reply(505, b"HTTP/1.x only", close=True)
        connection = forwarded = authorization = b""
        has_body = False
        for line in lines[1:]:
            if len(line) > MAX_LINE:
                return _Reply(431, b"header line too long", close=True)
            name, colon, value = line.partition(b":")
            if not colon:
                return _Reply(400, b"bad header line", close=True)
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
            return _Reply(405, b"GET only", close=True)
        if has_body:
            return _Reply(400, b"GET with a body", close=True)
        keep_alive = (
            connection != b"close"
            if version == b"HTTP/1.1"
            else connection == b"keep-alive"
        )
        path, _, query = target.partition(b"?")
        reply = await self._route(path, query, client, forwarded, authorization)
        reply.close = reply.close or not keep_alive
        return reply

    async def _route(
        self,
        path: bytes,
        query: bytes,
        client: tuple[str, int],
        forwarded: bytes,
        authorization: bytes,
    ) -> _Reply:
        segments = path[1:].split(b"/")
        passkey: str | None = None
        if len(segments) == 2:
            passkey = segments[0].decode("latin-1").lower()
            if not PASSKEY.fullmatch(passkey):
                return _Reply(404, b"not found")
        elif len(segments) != 1:
            return _Reply(404, b"not found")
        action = segments[-1]
        if action == b"announce":
            host = client[0]
            if self.config.behind_proxy and forwarded:
                host = forwarded.rsplit(b",", 1)[-1].strip().decode("latin-1")
            return _Reply(200, await self._announce(query, passkey, host))
        if action == b"scrape":
            return _Reply(200, await self._scrape(query))
        if passkey is None and action == b"stats":
            return await self._stats(authorization)
        if passkey is None and action == b"swarm":
            return await self._swarm(query, authorization)
        if passkey is None and action == b"healthz":
            return _Reply(200, b"ok\n")
        return _Reply(404, b"not found")

    async def _announce(self, query: bytes, passkey: str | None, host: str) -> bytes:
        try:
            announce = parse_announce(query, passkey=passkey)
        except QueryError as error:
            return failure(str(error))
        if announce.info_hash not in self.allowed:
            return failure("unregistered torrent")
        try:
            address = compact_address(host, announce.port)
        except ValueError:
            return failure("unusable peer address")
        try:
            result = await self.store.announce(announce, address, now=time.time())
        except Exception:
            logger.exception("announce failed")
            return failure("tracker unavailable, retry later")
        return announce_response(
            announce,
            result.counts,
            result.peers,
            interval=self.config.interval,
            min_interval=self.min_interval,
        )

    async def _scrape(self, query: bytes) -> bytes:
        try:
            hashes = [h for h in parse_scrape(query) if h in self.allowed]
        except QueryError as error:
            return failure(str(error))
        try:
            files = await self.store.scrape(hashes, now=time.time()) if hashes else {}
        except Exception:
            logger.exception("scrape failed")
            return failure("tracker unavailable, retry later")
        return scrape_response(files)

    def _may_read_stats(self, authorization: bytes) -> bool:
        token = self.config.stats_token
        return not token or hmac.compare_digest(
            authorization, b"Bearer " + token.encode()
        )

    async def _swarm(self, query: bytes, authorization: bytes) -> _Reply:
        if not self._may_read_stats(authorization):
            return _Reply(403, b"forbidden")
        try:
            pairs = parse_query(query)
        except QueryError:
            pairs = []
        hashes = [
            bytes.fromhex(value.decode())
            for name, value in pairs
            if name == b"info_hash" and _HEX_HASH.fullmatch(value)
        ]
        if len(hashes) != 1:
            return _Reply(400, b"one info_hash (40 hex digits) is required")
        counts = (await self.store.scrape(hashes, now=time.time()))[hashes[0]]
        body = json.dumps(
            {
                "seeders": counts.complete,
                "leechers": counts.incomplete,
                "completed": counts.downloaded,
            }
        ).encode()
        return _Reply(200, body, content_type=b"application/json")

    async def _stats(self, authorization: bytes) -> _Reply:
        if not self._may_read_stats(authorization):
            return _Reply(403, b"forbidden")
        stats = await self.store.stats(now=time.time())
        body = json.dumps(stats, sort_keys=True).encode()
        return _Reply(200, body, content_type=b"application/json")


def _render(reply: _Reply) -> bytes:
    return b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n%s" % (
        reply.status,
        _REASONS[reply.status],
        reply.content_type,
        len(reply.body),
        b"Connection: close\r\n" if reply.close else b"",
        reply.body,
    )
