"""One client connection of the tracker's HTTP/1.1 server: an asyncio Protocol that
reads request heads from its buffer and answers them in order (keep-alive,
pipelining), with no stream objects and no task per connection."""

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from seeder.tracker.server import Tracker

logger = logging.getLogger("seeder.tracker.server")

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


@dataclass(slots=True)
class Reply:
    status: int
    body: bytes
    content_type: bytes = b"text/plain"
    close: bool = False


@dataclass(slots=True)
class Request:
    """A parsed request that needs the swarm store."""

    action: bytes
    query: bytes
    passkey: str | None
    host: str
    authorization: bytes
    close: bool


class Connection(asyncio.Protocol):
    """One client connection: requests are read from the buffer and answered in
    order (keep-alive, pipelining). A client that sends nothing for `timeout`
    seconds, or stops reading what it is sent, is cut off."""

    def __init__(self, tracker: "Tracker", loop: asyncio.AbstractEventLoop) -> None:
        self.tracker = tracker
        self.loop = loop
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.client: tuple[str, int] = ("", 0)
        self.watchdog: asyncio.TimerHandle | None = None
        self.busy = False  # a request is with the (async) store
        self.paused = False  # the client does not read what it is sent

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A TCP transport (uvloop's is not an asyncio.Transport subclass).
        self.transport = cast(asyncio.Transport, transport)
        connections = self.tracker.connections
        if len(connections) >= self.tracker.config.max_connections:
            self.transport.close()
            return
        connections.add(self)
        self.client = transport.get_extra_info("peername")
        self._arm()

    def _arm(self) -> None:
        assert self.transport is not None  # noqa: S101
        self.watchdog = self.loop.call_later(
            self.tracker.config.timeout, self.transport.abort
        )

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.busy or self.paused:
            if len(self.buffer) > 16 * MAX_HEAD:
                self.close()  # pipelining far ahead of what it reads
            return
        self._process()

    def _process(self) -> None:
        transport = self.transport
        assert transport is not None  # noqa: S101
        while not (self.busy or self.paused or transport.is_closing()):
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0 or end + 4 > MAX_HEAD:
                if end + 4 > MAX_HEAD or len(self.buffer) > MAX_HEAD:
                    self._send(Reply(431, b"request head too large", close=True))
                return
            head = bytes(self.buffer[: end + 4])
            del self.buffer[: end + 4]
            if self.watchdog is not None:
                self.watchdog.cancel()
            try:
                parsed = self.tracker.parse(head, self.client)
                if isinstance(parsed, Reply):
                    reply = parsed
                elif self.tracker.synchronous:
                    reply = self.tracker.answer_now(parsed)
                else:
                    self.busy = True
                    task = self.loop.create_task(self._answer_later(parsed))
                    self.tracker.tasks.add(task)
                    task.add_done_callback(self.tracker.tasks.discard)
                    return
            except Exception:
                logger.exception("request failed")
                reply = Reply(500, b"internal error", close=True)
            self._send(reply)

    async def _answer_later(self, request: Request) -> None:
        reply = await self.tracker.answer(request)
        self.busy = False
        if self.transport is not None and not self.transport.is_closing():
            self._send(reply)
            self._process()

    def _send(self, reply: Reply) -> None:
        transport = self.transport
        assert transport is not None  # noqa: S101
        transport.write(render(reply))
        if reply.close:
            transport.close()  # after what was written
        else:
            self._arm()

    def pause_writing(self) -> None:
        self.paused = True

    def resume_writing(self) -> None:
        self.paused = False
        self._process()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
        self.tracker.connections.discard(self)


def render(reply: Reply) -> bytes:
    return b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n%s" % (
        reply.status,
        _REASONS[reply.status],
        reply.content_type,
        len(reply.body),
        b"Connection: close\r\n" if reply.close else b"",
        reply.body,
    )
