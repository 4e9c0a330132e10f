"""aria2c announcing to the tracker on loopback (no DHT, LSD or peer exchange)."""

import os
import shutil
import signal
import subprocess
import time

import pytest

from seeder.metainfo import TorrentSpec, build_torrent

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
            stats = tracker.stats()
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
    while tracker.stats()["torrents"][built.info_hash]["leechers"]:
        assert time.monotonic() < deadline
        time.sleep(0.2)


@pytest.fixture
def seeded_album(start_tracker, tmp_path):
    """An album seeded by our seeder and announced to our tracker; its web seed is
    unreachable, so every byte a client gets comes from the seeder."""
    from pathlib import PurePosixPath

    from seeder.manifest import ManifestEntry
    from seeder.session import SeedingSession
    from tests.seeder.seeding_support import DEAD_WEB_SEED, session_config, wait_until

    tracker = start_tracker()
    media = tmp_path / "media"
    folder = media / "albums" / "1" / "Band - Album (2026) [MP3]"
    folder.mkdir(parents=True)
    for number, size in enumerate((400_000, 250_001, 13), start=1):
        (folder / f"{number:02d} - Track.mp3").write_bytes(os.urandom(size))
    built = build_torrent(
        TorrentSpec(
            folder=folder,
            trackers=[f"http://127.0.0.1:{tracker.port}/announce"],
            web_seed=DEAD_WEB_SEED,
            comment="interop",
            creation_date=1_700_000_000,
        )
    )
    tracker.allowed_file.write_text(f"{built.info_hash}\n")
    torrent_file = media / "torrents" / "1" / "mp3.torrent"
    torrent_file.parent.mkdir(parents=True)
    torrent_file.write_bytes(built.data)
    time.sleep(0.3)  # the tracker re-reads its allowed file
    seeder = SeedingSession(session_config(tmp_path))
    entry = ManifestEntry(
        info_hash=built.info_hash,
        torrent_path=PurePosixPath("torrents/1/mp3.torrent"),
        save_path=PurePosixPath("albums/1"),
        name=built.name,
    )
    seeder.reconcile({built.info_hash: entry})
    wait_until(
        lambda: swarm(tracker, built.info_hash).get("seeders") == 1,
        seeder,
        what="the seeder's announce",
    )
    yield tracker, seeder, built, folder, torrent_file
    seeder.shutdown(timeout=5)


def swarm(tracker, info_hash: str) -> dict[str, int]:
    return tracker.stats()["torrents"].get(info_hash, {})


def test_aria2c_downloads_an_album_from_our_seeder_through_our_tracker(
    seeded_album, tmp_path
):
    """aria2c's completion (stopped with left=0) is counted once."""
    from tests.seeder.seeding_support import tree_digests, wait_until

    aria2c = shutil.which("aria2c")
    if aria2c is None:
        pytest.skip("aria2c is not installed")
    tracker, seeder, built, folder, torrent_file = seeded_album
    downloads = tmp_path / "downloads"
    process = subprocess.Popen(
        [
            aria2c,
            "--no-conf",
            "--enable-dht=false",
            "--enable-dht6=false",
            "--bt-enable-lpd=false",
            "--enable-peer-exchange=false",
            "--seed-time=0",
            "--listen-port=51414",
            "--dir",
            str(downloads),
            "--console-log-level=warn",
            "--summary-interval=0",
            str(torrent_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(
            lambda: process.poll() is not None,
            seeder,
            timeout=40,
            what="aria2c's download",
        )
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert tree_digests(downloads / built.name) == tree_digests(folder)
    assert swarm(tracker, built.info_hash)["completed"] == 1


def test_a_libtorrent_client_downloads_the_album_from_its_magnet_link(
    seeded_album, tmp_path
):
    """Metadata and data both come from the seeder found through the tracker named
    in the magnet link; the completion is counted."""
    from seeder._libtorrent import lt
    from seeder.metainfo import magnet_link
    from tests.seeder.seeding_support import leecher_session, tree_digests, wait_until

    tracker, seeder, built, folder, _torrent_file = seeded_album
    link = magnet_link(
        built,
        trackers=[f"http://127.0.0.1:{tracker.port}/announce"],
        web_seed="http://127.0.0.1:9/media/albums/1/",
        torrent_url="http://127.0.0.1:9/media/torrents/1/mp3.torrent",
    )
    client = leecher_session()
    params = lt.parse_magnet_uri(link)
    params.save_path = str(tmp_path / "magnet")
    params.flags &= ~lt.torrent_flags.paused & ~lt.torrent_flags.auto_managed
    handle = client.add_torrent(params)

    wait_until(
        lambda: handle.status().is_seeding and str(handle.status().state) == "seeding",
        seeder,
        timeout=40,
        what="the magnet download",
    )
    handle.flush_cache()
    wait_until(
        lambda: tree_digests(tmp_path / "magnet" / built.name) == tree_digests(folder),
        seeder,
        timeout=10,
        what="the files on disk",
    )
    wait_until(
        lambda: swarm(tracker, built.info_hash).get("completed") == 1,
        seeder,
        timeout=15,
        what="the completion at the tracker",
    )
