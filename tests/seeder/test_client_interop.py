"""qBittorrent-nox and Transmission download an album from our seeder through our
tracker, with the album's web seed unreachable: every byte comes over BitTorrent.

Client quirks found (Debian 12: qbittorrent-nox 4.5.2, transmission-cli 3.00):

- qbittorrent-nox 4.5 reads `<profile>/qBittorrent/config/qBittorrent.conf` when
  started with `--profile=<profile>` and needs `[LegalNotice] Accepted=true` (4.5
  has no `--confirm-legal-notice`). The 4.5 keys, confirmed through
  /api/v2/app/preferences: `[BitTorrent]` `Session\\DHTEnabled`, `LSDEnabled`,
  `PeXEnabled`, `Port`, `Interface=lo` with `InterfaceAddress=127.0.0.1` (listen
  on loopback only), `MultiConnectionsPerIp=true` (a swarm on one address),
  `QueueingSystemEnabled=false`; `[Network] PortForwardingEnabled=false` (UPnP and
  NAT-PMP); `[Preferences]` `WebUI\\Address`, `WebUI\\Port`,
  `WebUI\\LocalHostAuth=false`, `WebUI\\UseUPnP=false` and
  `Connection\\ResolvePeerCountries=false` (else it fetches a GeoIP database).
  Without LocalHostAuth the Web API answers loopback requests with no login;
  `POST /api/v2/torrents/add` takes the .torrent as the multipart field `torrents`
  and answers `Ok.`. /torrents/info's `progress` reaches 1 about a second before
  its `downloaded` counter catches up. Its log is
  `<profile>/qBittorrent/data/logs/qbittorrent.log`. It sends `event=completed`,
  and `event=stopped` on POST /api/v2/app/shutdown. Start to finish: ~4 s.
- transmission-cli 3.00 refuses to dial 127.x peers learned from a tracker, so it
  runs in a network namespace joined to the host by a veth pair, and our tracker
  and seeder listen on the host end. DHT, LPD, PeX, uTP and port mapping are
  switched off in `settings.json` in its `-g` folder (its command line only has
  `-M` for port mapping). A new torrent's first announce is `event=stopped` (sent
  as it pauses for the initial check), then `event=started` a second later. It
  declares interest only at its next rechoke pulse (every 10 s): our seeder
  unchokes it at once, yet the first piece moves 6-9 s after the handshake, and
  it asks for blocks about once a second, hence ~15 s in all. It writes
  `<name>.part` files until each file is complete, sends `event=completed`, then
  seeds until SIGINT, on which it exits 0 within ~0.3 s without announcing
  `event=stopped`: the tracker keeps it as a seeder until its entry expires.
"""

import asyncio
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, cast
from urllib.parse import quote_from_bytes

import pytest

from seeder.manifest import ManifestEntry
from seeder.metainfo import BuiltTorrent, TorrentSpec, build_torrent
from seeder.session import SeedingSession
from seeder.tracker.allowed import AllowedFile
from seeder.tracker.bencode import bdecode
from seeder.tracker.server import Tracker, TrackerConfig
from seeder.tracker.state import MemoryStore
from tests.seeder.seeding_support import (
    DEAD_WEB_SEED,
    session_config,
    tree_digests,
    wait_until,
)
from tests.seeder.tracker.conftest import AUTHORIZATION, TOKEN, http_get

pytestmark = [pytest.mark.interop, pytest.mark.slow, pytest.mark.timeout(90)]

TRACK_SIZES = (400_000, 250_001, 13)
WAIT_BUDGET = 45.0  # seconds of waiting per test, whatever the steps; plus cleanup


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class Swarm:
    """Our tracker and our seeder, both on `host`, with one album."""

    host: str
    tracker_port: int
    seeder: SeedingSession
    built: BuiltTorrent
    folder: Path
    torrent_file: Path
    deadline: float = field(default_factory=lambda: time.monotonic() + WAIT_BUDGET)

    def stats(self) -> dict[str, int]:
        status, body = http_get(
            self.tracker_port, "/stats", host=self.host, headers=AUTHORIZATION
        )
        assert status == 200, (status, body)
        torrents: dict[str, dict[str, int]] = json.loads(body)["torrents"]
        return torrents.get(self.built.info_hash, {})

    def scrape(self) -> dict[bytes, int]:
        info_hash = bytes.fromhex(self.built.info_hash)
        target = f"/scrape?info_hash={quote_from_bytes(info_hash, safe='')}"
        status, body = http_get(self.tracker_port, target, host=self.host)
        assert status == 200, (status, body)
        reply = bdecode(body)
        assert isinstance(reply, dict), reply
        files = reply[b"files"]
        assert isinstance(files, dict), reply
        counts = files[info_hash]
        assert isinstance(counts, dict), reply
        return cast("dict[bytes, int]", counts)

    def wait(self, condition: Callable[[], bool], timeout: float, what: str) -> float:
        """wait_until, for at most `timeout` s and within the test's budget."""
        remaining = max(self.deadline - time.monotonic(), 0.0)
        return wait_until(
            condition, self.seeder, timeout=min(timeout, remaining), what=what
        )


@contextmanager
def running_tracker(host: str, allowed_file: Path) -> Iterator[int]:
    """An in-process tracker (memory store) listening on host; yields its port."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    config = TrackerConfig(stats_token=TOKEN, refresh_every=0.1)
    tracker = Tracker(MemoryStore(ttl=3600), AllowedFile(allowed_file), config)
    try:
        bound = asyncio.run_coroutine_threadsafe(tracker.start([host], 0), loop).result(
            5
        )
        yield bound[0][1]
    finally:
        asyncio.run_coroutine_threadsafe(tracker.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


@contextmanager
def seeded_swarm(tmp_path: Path, host: str) -> Iterator[Swarm]:
    """An album of random bytes, announced to our tracker on host and seeded by a
    SeedingSession listening on host; its web seed is unreachable."""
    media = tmp_path / "media"
    folder = media / "albums" / "1" / "Band - Album (2026) [MP3]"
    folder.mkdir(parents=True)
    for number, size in enumerate(TRACK_SIZES, start=1):
        (folder / f"{number:02d} - Track.mp3").write_bytes(os.urandom(size))
    allowed_file = tmp_path / "allowed.txt"
    allowed_file.write_text("")
    with running_tracker(host, allowed_file) as port:
        built = build_torrent(
            TorrentSpec(
                folder=folder,
                trackers=[f"http://{host}:{port}/announce"],
                web_seed=DEAD_WEB_SEED,
                comment="client interop",
                creation_date=1_700_000_000,
            )
        )
        allowed_file.write_text(f"{built.info_hash} album-1\n")
        torrent_file = media / "torrents" / "1" / "mp3.torrent"
        torrent_file.parent.mkdir(parents=True)
        torrent_file.write_bytes(built.data)
        time.sleep(0.3)  # the tracker re-reads its allowed file every 0.1 s
        seeder = SeedingSession(session_config(tmp_path, listen_interfaces=f"{host}:0"))
        try:
            entry = ManifestEntry(
                info_hash=built.info_hash,
                torrent_path=PurePosixPath("torrents/1/mp3.torrent"),
                save_path=PurePosixPath("albums/1"),
                name=built.name,
            )
            swarm = Swarm(host, port, seeder, built, folder, torrent_file)
            assert seeder.reconcile({built.info_hash: entry}) == ([built.info_hash], [])
            swarm.wait(
                lambda: swarm.stats().get("seeders") == 1, 15, "the seeder's announce"
            )
            yield swarm
        finally:
            seeder.shutdown(timeout=5)


def stop_process(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def tail(path: Path, size: int = 6000) -> str:
    """The end of a log, with runs of identical lines (progress lines ending in
    carriage returns) shown once."""
    try:
        text = path.read_text(errors="replace")
    except OSError as error:
        return f"({path}: {error})"
    lines = re.split(r"[\r\n]+", text)
    kept = [line for n, line in enumerate(lines) if n == 0 or line != lines[n - 1]]
    return "\n".join(kept)[-size:]


@contextmanager
def logs_on_failure(*paths: Path) -> Iterator[None]:
    """Attach the end of the clients' logs to any failure inside the block."""
    try:
        yield
    except BaseException as error:
        for path in paths:
            error.add_note(f"--- {path.name} ---\n{tail(path)}")
        raise


def assert_downloaded(swarm: Swarm, downloaded: Path, timeout: float) -> None:
    """The client's files equal the seeder's (sha256), the tracker counted one
    completion (stats and scrape), and the seeder sent at least the whole album."""
    expected = tree_digests(swarm.folder)
    assert len(expected) == len(TRACK_SIZES)
    swarm.wait(
        lambda: downloaded.is_dir() and tree_digests(downloaded) == expected,
        timeout,
        "the downloaded files to equal the seeded ones (sha256)",
    )
    swarm.wait(
        lambda: swarm.stats().get("completed") == 1,
        timeout,
        "the completion at the tracker",
    )
    assert tree_digests(downloaded) == expected
    assert swarm.stats()["completed"] == 1
    assert swarm.scrape()[b"downloaded"] == 1
    uploaded = swarm.seeder.stats()["torrents"][swarm.built.info_hash]["uploaded"]
    assert uploaded >= swarm.built.total_size, uploaded


# -- qBittorrent-nox ----------------------------------------------------------


def qbittorrent_conf(web_port: int, peer_port: int) -> str:
    return "\n".join(
        [
            "[LegalNotice]",
            "Accepted=true",
            "",
            "[BitTorrent]",
            "Session\\DHTEnabled=false",
            "Session\\LSDEnabled=false",
            "Session\\PeXEnabled=false",
            f"Session\\Port={peer_port}",
            "Session\\Interface=lo",
            "Session\\InterfaceName=lo",
            "Session\\InterfaceAddress=127.0.0.1",
            "Session\\MultiConnectionsPerIp=true",
            "Session\\QueueingSystemEnabled=false",
            "",
            "[Network]",
            "PortForwardingEnabled=false",
            "",
            "[Preferences]",
            "Connection\\ResolvePeerCountries=false",
            "WebUI\\Address=127.0.0.1",
            f"WebUI\\Port={web_port}",
            "WebUI\\LocalHostAuth=false",
            "WebUI\\UseUPnP=false",
            "",
        ]
    )


SEEDING_STATES = {"uploading", "stalledUP", "queuedUP", "forcedUP"}


class WebApi:
    """qBittorrent's Web API on loopback (no login: LocalHostAuth is off)."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            headers = {"Content-Type": content_type} if content_type else {}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def answers(self) -> bool:
        try:
            return self.request("GET", "/api/v2/app/version")[0] == 200
        except OSError:
            return False

    def add_torrent(self, data: bytes, save_path: Path) -> None:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
            f"\r\n\r\n{value}\r\n".encode()
            for name, value in (("savepath", str(save_path)), ("paused", "false"))
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="torrents"; '
            f'filename="album.torrent"\r\nContent-Type: application/x-bittorrent'
            f"\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        status, body = self.request(
            "POST",
            "/api/v2/torrents/add",
            b"".join(parts),
            f"multipart/form-data; boundary={boundary}",
        )
        assert (status, body) == (200, b"Ok."), (status, body)

    def torrent(self, info_hash: str) -> dict[str, Any]:
        status, body = self.request("GET", f"/api/v2/torrents/info?hashes={info_hash}")
        assert status == 200, (status, body)
        torrents: list[dict[str, Any]] = json.loads(body)
        return torrents[0] if torrents else {}


def test_qbittorrent_downloads_the_album_from_our_seeder_through_our_tracker(
    tmp_path: Path,
) -> None:
    qbittorrent = shutil.which("qbittorrent-nox")
    if qbittorrent is None:
        pytest.skip("qbittorrent-nox is not installed: scripts/install-system-packages")
    profile = tmp_path / "qbittorrent"
    config = profile / "qBittorrent" / "config" / "qBittorrent.conf"
    config.parent.mkdir(parents=True)
    api = WebApi(free_port())
    config.write_text(qbittorrent_conf(api.port, free_port()))
    log = profile / "qBittorrent" / "data" / "logs" / "qbittorrent.log"
    output = tmp_path / "qbittorrent.out"
    downloads = tmp_path / "downloads"

    with (
        logs_on_failure(output, log),
        seeded_swarm(tmp_path, "127.0.0.1") as swarm,
    ):
        with output.open("wb") as sink:
            process = subprocess.Popen(
                [qbittorrent, f"--profile={profile}"],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:

            def web_api_up() -> bool:
                assert process.poll() is None, f"exited with {process.returncode}"
                return api.answers()

            swarm.wait(web_api_up, 20, "qBittorrent's Web API")
            api.add_torrent(swarm.built.data, downloads)

            def finished() -> bool:
                assert process.poll() is None, f"exited with {process.returncode}"
                torrent = api.torrent(swarm.built.info_hash)
                return bool(torrent) and torrent["progress"] == 1

            swarm.wait(finished, 30, "qBittorrent's download (progress 1)")
            # Its byte counters lag progress by a status refresh (about a second).
            swarm.wait(
                lambda: (
                    api.torrent(swarm.built.info_hash)["downloaded"]
                    >= swarm.built.total_size
                ),
                10,
                "qBittorrent's download count",
            )
            torrent = api.torrent(swarm.built.info_hash)
            assert torrent["total_size"] == swarm.built.total_size
            assert torrent["state"] in SEEDING_STATES, torrent
            assert_downloaded(swarm, downloads / swarm.built.name, timeout=15)
        finally:
            try:
                api.request("POST", "/api/v2/app/shutdown")
            except OSError:
                pass
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                stop_process(process, signal.SIGKILL)
        # On shutdown it announces event=stopped: only our seeder is left.
        swarm.wait(
            lambda: (swarm.stats()["seeders"], swarm.stats()["leechers"]) == (1, 0),
            5,
            "qBittorrent's stopped announce",
        )


# -- Transmission in a network namespace --------------------------------------


@dataclass(frozen=True)
class Namespace:
    name: str
    host_address: str  # the host end of the veth pair
    inner_address: str


def ip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["ip", *args], capture_output=True, text=True, timeout=10, check=False
    )


def used_ipv4_prefixes() -> str:
    return ip("-4", "route", "show", "table", "all").stdout + ip("-4", "addr").stdout


@contextmanager
def network_namespace() -> Iterator[Namespace]:
    """A namespace joined to the host by a veth pair, 10.x.y.1/30 on the host and
    10.x.y.2/30 inside; skips the test when namespaces cannot be made. Removed on
    exit with every process still inside."""
    if shutil.which("ip") is None:
        pytest.skip("iproute2 (ip) is not installed")
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")
    used = used_ipv4_prefixes()
    for _ in range(50):
        x, y = random.randint(64, 254), random.randint(0, 255)
        if f"10.{x}.{y}." not in used:
            break
    tag = uuid.uuid4().hex[:6]
    name, outer, inner = f"jamhub-{tag}", f"jh{tag}h", f"jh{tag}n"
    namespace = Namespace(name, f"10.{x}.{y}.1", f"10.{x}.{y}.2")
    created = ip("netns", "add", name)
    if created.returncode != 0:
        pytest.skip(f"cannot create a network namespace: {created.stderr.strip()}")
    try:
        paired = ip("link", "add", outer, "type", "veth", "peer", "name", inner)
        if paired.returncode != 0:
            pytest.skip(f"cannot create a veth pair: {paired.stderr.strip()}")
        for step in (
            ("link", "set", inner, "netns", name),
            ("addr", "add", f"{namespace.host_address}/30", "dev", outer),
            ("link", "set", outer, "up"),
            ("-n", name, "link", "set", "lo", "up"),
            ("-n", name, "addr", "add", f"{namespace.inner_address}/30", "dev", inner),
            ("-n", name, "link", "set", inner, "up"),
        ):
            done = ip(*step)
            assert done.returncode == 0, (step, done.stderr)
        yield namespace
    finally:
        for pid in ip("netns", "pids", name).stdout.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
        ip("link", "del", outer)  # deletes both ends (if the pair was made)
        ip("netns", "del", name)


def transmission_settings(download_dir: Path, address: str) -> dict[str, Any]:
    return {
        "bind-address-ipv4": address,
        "blocklist-enabled": False,
        "dht-enabled": False,
        "download-dir": str(download_dir),
        "incomplete-dir-enabled": False,
        "lpd-enabled": False,
        "message-level": 2,
        "peer-port": 51413,
        "peer-port-random-on-start": False,
        "pex-enabled": False,
        "port-forwarding-enabled": False,
        "ratio-limit-enabled": False,
        "speed-limit-down-enabled": False,
        "speed-limit-up-enabled": False,
        "utp-enabled": False,
    }


def test_transmission_downloads_the_album_from_our_seeder_through_our_tracker(
    tmp_path: Path,
) -> None:
    transmission = shutil.which("transmission-cli")
    if transmission is None:
        pytest.skip("transmission-cli not installed: scripts/install-system-packages")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    config_dir = tmp_path / "transmission"
    config_dir.mkdir()
    output = tmp_path / "transmission.out"

    with network_namespace() as namespace:
        (config_dir / "settings.json").write_text(
            json.dumps(transmission_settings(downloads, namespace.inner_address))
        )
        with (
            logs_on_failure(output),
            seeded_swarm(tmp_path, namespace.host_address) as swarm,
        ):
            with output.open("wb") as sink:
                process = subprocess.Popen(
                    [
                        "ip",
                        "netns",
                        "exec",
                        namespace.name,
                        transmission,
                        "--config-dir",
                        str(config_dir),
                        "--download-dir",
                        str(downloads),
                        "--no-portmap",
                        "--no-blocklist",
                        str(swarm.torrent_file),
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:

                def announced() -> bool:
                    assert process.poll() is None, f"exited with {process.returncode}"
                    counts = swarm.stats()
                    return counts["leechers"] + counts["completed"] >= 1

                swarm.wait(announced, 15, "Transmission's announce")
                assert_downloaded(swarm, downloads / swarm.built.name, timeout=30)
            finally:
                stop_process(process, signal.SIGINT)  # its clean exit
            assert process.returncode == 0, process.returncode
