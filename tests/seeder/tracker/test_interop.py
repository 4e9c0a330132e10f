"""aria2c announcing to the tracker on loopback (no DHT, LSD or peer exchange)."""

import json
import shutil
import signal
import subprocess
import time

import pytest

from seeder.metainfo import TorrentSpec, build_torrent
from tests.seeder.tracker.conftest import http_get

pytestmark = [pytest.mark.interop, pytest.mark.slow]


@pytest.fixture
def album_torrent(tmp_path):
    folder = tmp_path / "album" / "Band - Album (2026) [FLAC]"
    folder.mkdir(parents=True)
    (folder / "01 - Track.flac").write_bytes(b"\x01" * 300_000)
    (folder / "02 - Track.flac").write_bytes(b"\x02" * 200_000)
    return folder


def test_aria2c_announce_is_recorded(start_tracker, album_torrent, tmp_path):
    aria2c = shutil.which("aria2c")
    if aria2c is None:
        pytest.skip("aria2c is not installed")
    tracker = start_tracker()
    built = build_torrent(
        TorrentSpec(
            folder=album_torrent,
            trackers=[f"http://127.0.0.1:{tracker.port}/{'ab' * 16}/announce"],
            web_seed="http://127.0.0.1:9/albums/",  # nothing listens: peers only
            comment="interop",
            creation_date=1_700_000_000,
        )
    )
    tracker.allowed_file.write_text(f"{built.info_hash}\n")
    torrent = tmp_path / "album.torrent"
    torrent.write_bytes(built.data)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    time.sleep(0.3)  # the allowed file is checked every 0.1 s in tests
    process = subprocess.Popen(
        [
            aria2c,
            "--no-conf",
            "--enable-dht=false",
            "--enable-dht6=false",
            "--bt-enable-lpd=false",
            "--enable-peer-exchange=false",
            "--seed-time=0",
            "--bt-stop-timeout=5",
            "--listen-port=51413",
            "--dir",
            str(downloads),
            "--console-log-level=warn",
            "--summary-interval=0",
            str(torrent),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            stats = json.loads(http_get(tracker.port, "/stats")[1])
            swarm = stats["torrents"].get(built.info_hash)
            if swarm and swarm["leechers"] == 1:
                break
            assert time.monotonic() < deadline, stats
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGINT)  # SIGTERM skips the stopped announce
        process.wait(10)

    # On SIGINT aria2c sends event=stopped: the peer leaves the swarm.
    deadline = time.monotonic() + 10
    while json.loads(http_get(tracker.port, "/stats")[1])["torrents"][built.info_hash][
        "leechers"
    ]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
