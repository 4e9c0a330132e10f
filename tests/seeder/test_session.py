"""SeedingSession on real libtorrent sessions over loopback: settings, reconcile,
transfer to a leecher, resume data after a kill, rechecks, stats."""

import time
from pathlib import Path, PurePosixPath

from seeder._libtorrent import lt
from seeder.alerts import AlertDispatcher
from seeder.session import SeedingSession
from tests.seeder.seeding_support import (
    Album,
    add_for_download,
    leecher_session,
    make_album,
    session_config,
    tree_digests,
    wait_until,
)


def seeding_now(seeding: SeedingSession, info_hash: str) -> bool:
    # is_seeding turns true in the brief "finished" state before "seeding".
    return seeding.stats()["torrents"][info_hash]["state"] == "seeding"


def test_session_settings_cap_the_origin_and_stay_off_the_network(tmp_path):
    seeding = SeedingSession(
        session_config(tmp_path, upload_rate_limit=2_000_000, unchoke_slots_limit=3)
    )

    settings = seeding.get_settings()

    assert settings["upload_rate_limit"] == 2_000_000
    assert settings["ignore_limits_on_local_network"] is False
    assert settings["unchoke_slots_limit"] == 3
    assert settings["allow_multiple_connections_per_ip"] is True
    for feature in ("enable_dht", "enable_lsd", "enable_upnp", "enable_natpmp"):
        assert settings[feature] is False
    assert settings["webtorrent_stun_server"] == ""
    assert seeding.listen_port > 0
    assert seeding.stats()["upload_rate_limit"] == 2_000_000


def test_defaults_are_one_unchoke_slot_and_one_connection_per_ip(tmp_path):
    seeding = SeedingSession(
        session_config(tmp_path, allow_multiple_connections_per_ip=False)
    )

    settings = seeding.get_settings()

    assert settings["unchoke_slots_limit"] == 1
    assert settings["allow_multiple_connections_per_ip"] is False


def test_reconcile_adds_removes_and_is_idempotent(tmp_path):
    media = tmp_path / "media"
    first, second = make_album(media, 1), make_album(media, 2)
    seeding = SeedingSession(session_config(tmp_path))
    wanted = {a.entry.info_hash: a.entry for a in (first, second)}

    added, removed = seeding.reconcile(wanted)
    wait_until(
        lambda: all(seeding_now(seeding, h) for h in wanted),
        seeding,
        what="seeding both",
    )

    assert sorted(added) == sorted(wanted)
    assert removed == []
    for info_hash in wanted:
        torrent = seeding.stats()["torrents"][info_hash]
        assert torrent["state"] == "seeding"
        assert torrent["full_checks"] == 0  # seed_mode: no hashing
        assert torrent["missing_pieces"] == 0
        status = seeding.torrents[info_hash].handle.status()
        assert not status.paused
        assert not status.auto_managed

    handle = seeding.torrents[first.entry.info_hash].handle
    assert seeding.reconcile(wanted) == ([], [])
    assert seeding.torrents[first.entry.info_hash].handle == handle

    added, removed = seeding.reconcile({second.entry.info_hash: second.entry})

    assert (added, removed) == ([], [first.entry.info_hash])
    assert list(seeding.stats()["torrents"]) == [second.entry.info_hash]
    assert tree_digests(first.folder)  # the files are kept
    assert seeding.reconcile({second.entry.info_hash: second.entry}) == ([], [])


def test_missing_files_are_reported_not_seeded(tmp_path):
    media = tmp_path / "media"
    album = make_album(media, 1)
    for path in album.folder.iterdir():
        path.unlink()
    seeding = SeedingSession(session_config(tmp_path))

    seeding.reconcile({album.entry.info_hash: album.entry})
    info_hash = album.entry.info_hash
    wait_until(
        lambda: (
            seeding.stats()["torrents"][info_hash]["full_checks"] >= 1
            and not seeding.torrents[info_hash].rechecking
            and seeding.stats()["torrents"][info_hash]["state"] != "checking_files"
        ),
        seeding,
        what="the check",
    )
    wait_until(
        lambda: any("missing" in e for e in seeding.torrents[info_hash].errors),
        seeding,
        what="the report",
    )

    stats = seeding.stats()
    torrent = stats["torrents"][info_hash]
    assert not torrent["seeding"]
    assert torrent["missing_pieces"] == album.built.num_pieces
    assert any("fastresume_rejected" in e for e in torrent["errors"])
    assert stats["problems"] == [info_hash]


def test_a_torrent_that_cannot_be_added_is_refused_in_the_stats(tmp_path):
    media = tmp_path / "media"
    album, other = make_album(media, 1), make_album(media, 2)
    no_file = album.entry.__class__(
        info_hash="b" * 40,
        torrent_path=PurePosixPath("torrents/404.torrent"),
        save_path=PurePosixPath("albums/404"),
        name="x",
    )
    wrong_hash = album.entry.__class__(
        info_hash="c" * 40,
        torrent_path=other.entry.torrent_path,
        save_path=other.entry.save_path,
        name=other.entry.name,
    )
    seeding = SeedingSession(session_config(tmp_path))

    added, _ = seeding.reconcile(
        {e.info_hash: e for e in (album.entry, no_file, wrong_hash)}
    )

    assert added == [album.entry.info_hash]
    refused = seeding.stats()["refused"]
    assert set(refused) == {"b" * 40, "c" * 40}
    assert "has info-hash" in refused["c" * 40]
    seeding.reconcile({album.entry.info_hash: album.entry})
    assert seeding.stats()["refused"] == {}


def test_a_leecher_downloads_the_album_from_the_seeder(tmp_path):
    album = make_album(tmp_path / "media", 1, sizes=(600_000, 250_000, 3))
    seeding = SeedingSession(session_config(tmp_path))
    seeding.reconcile({album.entry.info_hash: album.entry})
    wait_until(lambda: seeding_now(seeding, album.entry.info_hash), seeding)
    leecher = leecher_session()
    download = add_for_download(leecher, album.built, tmp_path / "leech")

    download.connect_peer(("127.0.0.1", seeding.listen_port))
    wait_until(
        lambda: download.status().is_seeding,
        seeding,
        timeout=15,
        what="the download",
    )

    # is_seeding can come before the last blocks leave libtorrent's store buffer for
    # the file: wait (bounded) for the bytes on disk.
    download.flush_cache()
    wait_until(
        lambda: (
            tree_digests(tmp_path / "leech" / album.built.name)
            == tree_digests(album.folder)
        ),
        seeding,
        timeout=5,
        what="the downloaded files to equal the seeder's (sha256)",
    )
    wait_until(
        lambda: (
            seeding.stats()["torrents"][album.entry.info_hash]["uploaded"]
            >= album.built.total_size
        ),
        seeding,
        what="the upload count",
    )
    assert seeding.stats()["uploaded"] >= album.built.total_size


def test_the_upload_limit_applies_to_loopback_peers(tmp_path):
    album = make_album(tmp_path / "media", 1, sizes=(450_000,))
    seeding = SeedingSession(session_config(tmp_path, upload_rate_limit=150_000))
    seeding.reconcile({album.entry.info_hash: album.entry})
    wait_until(lambda: seeding_now(seeding, album.entry.info_hash), seeding)
    leecher = leecher_session()
    download = add_for_download(leecher, album.built, tmp_path / "leech")

    download.connect_peer(("127.0.0.1", seeding.listen_port))
    elapsed = wait_until(
        lambda: download.status().is_seeding, seeding, timeout=15, what="download"
    )

    # Exempt (libtorrent's default for 127/8), it takes well under a second.
    assert elapsed > 2.0


def seed_then_drop(tmp_path: Path, album: Album) -> None:
    """Seed, save resume data, then drop the session with no graceful shutdown:
    what is on disk is what kill -9 leaves."""
    info_hash = album.entry.info_hash
    seeding = SeedingSession(session_config(tmp_path))
    seeding.reconcile({info_hash: album.entry})
    wait_until(lambda: seeding_now(seeding, info_hash), seeding)
    seeding.save_resume_data(only_if_modified=False)
    assert seeding.wait_for_resume_data(timeout=5)
    assert seeding.resume_path(info_hash).stat().st_size > 0


def test_a_restart_after_a_kill_resumes_without_hashing(tmp_path):
    album = make_album(tmp_path / "media", 1, sizes=(2_000_000, 500_000))
    info_hash = album.entry.info_hash
    seed_then_drop(tmp_path, album)

    restarted = SeedingSession(session_config(tmp_path))
    start = time.monotonic()
    restarted.reconcile({info_hash: album.entry})
    wait_until(lambda: seeding_now(restarted, info_hash), restarted, timeout=5)
    elapsed = time.monotonic() - start
    time.sleep(0.2)
    restarted.process_alerts()  # any state change to checking_files is counted

    torrent = restarted.stats()["torrents"][info_hash]
    assert torrent["resumed"] is True
    assert torrent["full_checks"] == 0
    assert torrent["missing_pieces"] == 0
    assert elapsed < 3


def test_a_flipped_byte_is_seeded_until_a_recheck_finds_it(tmp_path):
    album = make_album(tmp_path / "media", 1, sizes=(1_000_000,))
    info_hash = album.entry.info_hash
    seeding = SeedingSession(session_config(tmp_path))
    seeding.reconcile({info_hash: album.entry})
    wait_until(lambda: seeding_now(seeding, info_hash), seeding)
    assert seeding.shutdown(timeout=5)
    track = next(album.folder.iterdir())
    data = bytearray(track.read_bytes())
    data[500_000] ^= 0xFF
    track.write_bytes(bytes(data))

    restarted = SeedingSession(session_config(tmp_path))
    restarted.reconcile({info_hash: album.entry})
    wait_until(lambda: seeding_now(restarted, info_hash), restarted)
    # FACTS: resume data hides the flipped byte.
    before = restarted.stats()["torrents"][info_hash]
    assert before["resumed"]
    assert before["missing_pieces"] == 0
    assert restarted.stats()["problems"] == []

    restarted.force_recheck(info_hash)
    wait_until(
        lambda: restarted.stats()["torrents"][info_hash]["last_recheck"] is not None,
        restarted,
        what="the recheck",
    )

    stats = restarted.stats()
    after = stats["torrents"][info_hash]
    assert after["last_recheck"]["missing_pieces"] == 1
    assert after["missing_pieces"] == 1
    assert not after["seeding"]
    assert any("1 of" in e for e in after["errors"])
    assert stats["problems"] == [info_hash]


def test_rechecks_are_staggered_over_the_interval(tmp_path):
    media = tmp_path / "media"
    albums = [make_album(media, n, sizes=(1000,)) for n in range(1, 4)]
    seeding = SeedingSession(session_config(tmp_path, recheck_interval=1000))
    now = time.monotonic()
    seeding.reconcile({a.entry.info_hash: a.entry for a in albums})

    dues = [r.recheck_due - now for r in seeding.torrents.values()]
    assert all(100 <= due <= 1001 for due in dues)
    assert seeding.run_due_rechecks(now) == []

    started = seeding.run_due_rechecks(now + 1001)

    assert sorted(started) == sorted(seeding.torrents)
    assert seeding.run_due_rechecks(now + 1002) == []
    wait_until(lambda: all(r.last_recheck for r in seeding.torrents.values()), seeding)
    assert seeding.stats()["problems"] == []


def test_alerts_go_to_the_handler_of_their_class_or_a_base_class():
    seen: list[str] = []
    dispatcher = AlertDispatcher()
    dispatcher.register(lt.tracker_alert, lambda alert: seen.append("tracker"))
    dispatcher.register(lt.torrent_alert, lambda alert: seen.append("torrent"))

    assert dispatcher.handler_for(lt.tracker_error_alert) is not None
    assert dispatcher.handler_for(lt.listen_failed_alert) is None

    class Failing:
        def message(self) -> str:
            return "boom"

    dispatcher.register(Failing, lambda alert: 1 / 0)
    assert dispatcher.dispatch([Failing(), Failing()]) == 2
