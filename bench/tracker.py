"""bench/tracker: announces and scrapes per second, JamHub's tracker against opentracker
and bittorrent-tracker (npm, the WebTorrent tracker) in the same run.

wrk drives each tracker on loopback with a Lua script rotating 1,000 info-hashes
(50 peer ids each, numwant 50, compact): announces with a new connection per
request (as libtorrent does) and with keep-alive (aria2, Transmission), scrapes with
keep-alive. Then a rate-limited asyncio client sends 1,000 announces/s to ours, a new
connection each, and reports latency percentiles.

    .venv/bin/python -m bench.tracker [--seconds 10] [--redis-url URL]

Competitors found missing are skipped and named. opentracker: `apt-get install -y
opentracker`; bittorrent-tracker: `npm install --ignore-scripts bittorrent-tracker`
in a directory given as --npm-dir (default /tmp/btt).

Goals: ours >= 2x bittorrent-tracker and >= 25% of opentracker (new connection per
announce); p99 < 10 ms at 1,000 announces/s.
"""

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote_from_bytes

HASHES = [os.urandom(20) for _ in range(1000)]
PEERS_PER_HASH = 50

LUA_COMMON = """
local hashes = {%s}
local counter = 0
"""

LUA_ANNOUNCE = """
request = function()
  counter = counter + 1
  local h = hashes[(counter %% #hashes) + 1]
  local n = counter %% %d
  local left = (n %% 3 == 0) and 0 or 1000000
  local path = "/announce?info_hash=" .. h
    .. "&peer_id=-WK0001-" .. string.format("%%012d", n)
    .. "&port=" .. (1024 + n) .. "&uploaded=0&downloaded=0&left=" .. left
    .. "&compact=1&numwant=50"
  return wrk.format("GET", path, %s)
end
"""

LUA_SCRAPE = """
request = function()
  counter = counter + 1
  local h = hashes[(counter %% #hashes) + 1]
  return wrk.format("GET", "/scrape?info_hash=" .. h, %s)
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("did not listen")


@contextmanager
def running(
    command: list[str],
    port: int,
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[int]:
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def redis_cleanup(url: str | None) -> Iterator[None]:
    """Delete the keys ours wrote under its bench prefix."""
    try:
        yield
    finally:
        if url:
            import redis

            client = redis.Redis.from_url(url)
            keys = list(client.scan_iter(match=f"bench:{os.getpid()}:*", count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
            client.close()


def check_announce(port: int) -> None:
    """One announce must succeed (opentracker loads its whitelist in a thread)."""
    for _ in range(50):
        try:
            return try_announce(port)
        except RuntimeError:
            time.sleep(0.1)
    try_announce(port)


def try_announce(port: int) -> None:
    query = (
        f"info_hash={quote_from_bytes(HASHES[0], safe='')}"
        "&peer_id=-WK0001-999999999999&port=1&uploaded=0&downloaded=0&left=1&compact=1"
    )
    url = f"http://127.0.0.1:{port}/announce?{query}"
    with urllib.request.urlopen(url, timeout=5) as response:
        body = response.read()
    if b"failure reason" in body:
        raise RuntimeError(f"announce refused: {body[:200]!r}")


def wrk(port: int, script: str, seconds: int, scratch: Path) -> float:
    path = scratch / "script.lua"
    path.write_text(script)
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            "-c64",
            f"-d{seconds}s",
            "-s",
            str(path),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        print(f"  warning: {errors.group(1)} non-2xx responses", file=sys.stderr)
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    return float(match.group(1))


def measure(port: int, seconds: int, scratch: Path) -> dict[str, float]:
    quoted = ",".join(f'"{quote_from_bytes(h, safe="")}"' for h in HASHES)
    common = LUA_COMMON % quoted
    close = '{["Connection"] = "close"}'
    check_announce(port)
    return {
        "announce_new": wrk(
            port,
            common + LUA_ANNOUNCE % (PEERS_PER_HASH * 1000, close),
            seconds,
            scratch,
        ),
        "announce_keepalive": wrk(
            port,
            common + LUA_ANNOUNCE % (PEERS_PER_HASH * 1000, "nil"),
            seconds,
            scratch,
        ),
        "scrape": wrk(port, common + LUA_SCRAPE % "nil", seconds, scratch),
    }


async def paced_latencies(port: int, rate: int, seconds: int) -> list[float]:
    latencies: list[float] = []

    async def one(n: int) -> None:
        info_hash = quote_from_bytes(HASHES[n % len(HASHES)], safe="")
        request = (
            f"GET /announce?info_hash={info_hash}&peer_id=-PC0001-{n % 50000:012d}"
            f"&port={1024 + n % 50000}&uploaded=0&downloaded=0&left=1000&compact=1"
            " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
        ).encode()
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        body = await reader.read()
        latencies.append(time.perf_counter() - started)
        writer.close()
        if b"failure reason" in body or not body.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(body[:200])

    tasks = []
    start = time.perf_counter()
    for n in range(rate * seconds):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(n)))
    await asyncio.gather(*tasks)
    return sorted(latencies)


def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(len(values) * fraction))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--redis-url", help="run ours with the Redis store")
    parser.add_argument(
        "--npm-dir", type=Path, default=Path(tempfile.gettempdir()) / "btt"
    )
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    results: dict[str, dict[str, float]] = {}
    missing: list[str] = []
    p99_line = ""
    with tempfile.TemporaryDirectory(prefix="jamhub-bench-tracker-") as name:
        scratch = Path(name)
        whitelist = scratch / "whitelist"
        whitelist.write_text("".join(f"{h.hex()}\n" for h in HASHES))
        # opentracker chroots there and reads the list as "nobody".
        scratch.chmod(0o755)
        whitelist.chmod(0o644)

        port = free_port()
        ours = [
            sys.executable,
            "-m",
            "seeder.tracker",
            "--port",
            str(port),
            "--allowed-file",
            str(whitelist),
            "--log-level",
            "WARNING",
        ]
        if options.redis_url:
            ours += [
                "--redis-url",
                options.redis_url,
                "--redis-prefix",
                f"bench:{os.getpid()}:",
            ]
        label = "JamHub tracker" + (" (Redis)" if options.redis_url else " (memory)")
        # The tracker refuses to start without a token (it guards /stats).
        env = {**os.environ, "JAMHUB_TRACKER_TOKEN": "bench-tracker-token"}
        with running(ours, port, env=env), redis_cleanup(options.redis_url):
            print(f"measuring {label} ...", file=sys.stderr)
            results[label] = measure(port, options.seconds, scratch)
            latencies = asyncio.run(paced_latencies(port, 1000, options.seconds))
            p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
            p99_line = (
                f"ours at 1,000 announces/s (new connection each, {len(latencies)} "
                f"requests): p50 {p50 * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms, "
                f"max {latencies[-1] * 1e3:.2f} ms (goal p99 < 10 ms)"
            )

        if shutil.which("opentracker"):
            port = free_port()
            command = [
                "opentracker",
                "-i",
                "127.0.0.1",
                "-p",
                str(port),
                "-P",
                str(port),
                "-d",
                str(scratch),
                "-w",
                "whitelist",
            ]
            with running(command, port, cwd=scratch):
                print("measuring opentracker ...", file=sys.stderr)
                results["opentracker"] = measure(port, options.seconds, scratch)
        else:
            missing.append("opentracker (apt-get install -y opentracker)")

        package = options.npm_dir / "node_modules" / "bittorrent-tracker"
        if package.is_dir() and shutil.which("node"):
            # Its CLI loads the WebRTC client (a native module, skipped by
            # --ignore-scripts): start the HTTP server through the library instead.
            starter = options.npm_dir / "jamhub-bench-server.mjs"
            starter.write_text(
                "import Server from 'bittorrent-tracker/server'\n"
                "const s = new Server("
                "{udp: false, http: true, ws: false, stats: false})\n"
                "s.on('warning', () => {}); s.on('error', () => {})\n"
                "s.listen(Number(process.argv[2]), '127.0.0.1')\n"
            )
            port = free_port()
            with running(["node", str(starter), str(port)], port, cwd=options.npm_dir):
                print("measuring bittorrent-tracker ...", file=sys.stderr)
                results["bittorrent-tracker"] = measure(port, options.seconds, scratch)
        else:
            missing.append(f"bittorrent-tracker (npm, not found in {options.npm_dir})")

    print(
        f"\nloopback, wrk -t1 -c64, {options.seconds} s per figure, "
        f"{len(HASHES)} info-hashes x {PEERS_PER_HASH} peers, numwant 50"
    )
    print(
        f"{'tracker':<26} {'announce/s new conn':>20} {'announce/s keep-alive':>22}"
        f" {'scrape/s':>10}"
    )
    for name, figures in results.items():
        print(
            f"{name:<26} {figures['announce_new']:>20,.0f} "
            f"{figures['announce_keepalive']:>22,.0f} {figures['scrape']:>10,.0f}"
        )
    ours_figures = results[label]
    for name, goal in (("bittorrent-tracker", 2.0), ("opentracker", 0.25)):
        if name in results:
            ratios = "  ".join(
                f"{kind} {ours_figures[kind] / results[name][kind]:.2f}"
                for kind in ("announce_new", "announce_keepalive", "scrape")
            )
            print(f"ours / {name}: {ratios}  (goal announce_new >= {goal})")
    print(p99_line)
    for name in missing:
        print(f"not measured: {name}")


if __name__ == "__main__":
    main()
