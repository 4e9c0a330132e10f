import asyncio
import json
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
import uvloop

from seeder.tracker.allowed import AllowedFile
from seeder.tracker.bencode import bdecode
from seeder.tracker.server import Tracker, TrackerConfig
from seeder.tracker.state import MemoryStore, SwarmStore

KNOWN = [bytes([n]) * 20 for n in range(1, 4)]  # on the allowed list
UNKNOWN = b"\xee" * 20
TOKEN = "test-tracker-token"
AUTHORIZATION = {"Authorization": f"Bearer {TOKEN}"}


def ipv6_loopback_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def http_get(
    port: int,
    target: str,
    *,
    host: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect((host, port))
        return exchange(sock, target, headers=headers)


def exchange(
    sock: socket.socket, target: str, *, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """One GET on an open connection; returns (status, body)."""
    lines = [f"GET {target} HTTP/1.1", "Host: tracker"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return read_response(sock)


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed after {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed mid-body")
        body += chunk
    return status, body


def announce_query(
    info_hash: bytes,
    peer_id: bytes,
    *,
    port: int = 6881,
    left: int = 1000,
    uploaded: int = 0,
    downloaded: int = 0,
    event: str = "",
    **extra: str | int,
) -> str:
    params = {
        "info_hash": quote_from_bytes(info_hash, safe=""),
        "peer_id": quote_from_bytes(peer_id, safe=""),
        "port": port,
        "uploaded": uploaded,
        "downloaded": downloaded,
        "left": left,
    }
    if event:
        params["event"] = event
    params.update(extra)
    return "&".join(f"{name}={value}" for name, value in params.items())


def compact_peers(blob: bytes) -> list[tuple[str, int]]:
    return [
        (
            socket.inet_ntop(socket.AF_INET, blob[i : i + 4]),
            int.from_bytes(blob[i + 4 : i + 6], "big"),
        )
        for i in range(0, len(blob), 6)
    ]


def peer_id(n: int) -> bytes:
    return b"-JH0001-" + f"{n:012d}".encode()


@dataclass
class RunningTracker:
    tracker: Tracker
    allowed_file: Path
    ports: dict[str, int] = field(default_factory=dict)  # host -> port

    @property
    def port(self) -> int:
        return self.ports["127.0.0.1"]

    def get(
        self,
        target: str,
        *,
        host: str = "127.0.0.1",
        headers: dict[str, str] | None = None,
    ) -> Any:
        status, body = http_get(self.ports[host], target, host=host, headers=headers)
        assert status == 200, (status, body)
        return bdecode(body)

    def stats(self) -> Any:
        """The /stats JSON, asked with the token."""
        status, body = http_get(self.port, "/stats", headers=AUTHORIZATION)
        assert status == 200, (status, body)
        return json.loads(body)

    def announce(
        self,
        info_hash: bytes,
        peer: bytes,
        *,
        path: str = "/announce",
        host: str = "127.0.0.1",
        **kw: Any,
    ) -> dict[bytes, Any]:
        result = self.get(f"{path}?{announce_query(info_hash, peer, **kw)}", host=host)
        assert isinstance(result, dict)
        return result


@pytest.fixture(params=["memory", "redis"])
def make_store(
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[float], SwarmStore]]:
    if request.param == "memory":
        yield lambda ttl: MemoryStore(ttl=ttl)
        return
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set")
    import redis

    from seeder.tracker.redis_store import RedisStore

    prefix = f"test:tracker:{uuid.uuid4().hex}:"
    yield lambda ttl: RedisStore(url, ttl=ttl, prefix=prefix)
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def start_tracker(
    tmp_path: Path, make_store: Callable[[float], SwarmStore]
) -> Iterator[Callable[..., RunningTracker]]:
    # The event loop `python -m seeder.tracker` runs on.
    loop = uvloop.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    started: list[Tracker] = []

    def start(**config: Any) -> RunningTracker:
        allowed_file = tmp_path / "allowed.txt"
        allowed_file.write_text("".join(f"{h.hex()} album-{h[0]}\n" for h in KNOWN))
        tracker_config = TrackerConfig(
            **{"refresh_every": 0.1, "stats_token": TOKEN, **config}
        )
        store = make_store(2 * tracker_config.interval)
        tracker = Tracker(store, AllowedFile(allowed_file), tracker_config)
        hosts = ["127.0.0.1"] + (["::1"] if ipv6_loopback_available() else [])
        bound = asyncio.run_coroutine_threadsafe(tracker.start(hosts, 0), loop).result(
            5
        )
        started.append(tracker)
        return RunningTracker(tracker, allowed_file, dict(bound))

    yield start
    for tracker in started:
        asyncio.run_coroutine_threadsafe(tracker.stop(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


@pytest.fixture
def tracker(start_tracker: Callable[..., RunningTracker]) -> RunningTracker:
    return start_tracker()
