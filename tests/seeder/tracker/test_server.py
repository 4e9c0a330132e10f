import os
import socket
import time

import pytest

from seeder.tracker.protocol import passkey_digest
from seeder.tracker.state import MemoryStore
from tests.seeder.tracker.conftest import (
    KNOWN,
    UNKNOWN,
    announce_query,
    compact_peers,
    exchange,
    peer_id,
)

A, B, C = KNOWN
PASSKEY = "0123456789abcdef0123456789abcdef"


def test_compact_announce_lists_other_peers_not_the_caller(tracker):
    tracker.announce(A, peer_id(1), port=7001, event="started")

    response = tracker.announce(A, peer_id(2), port=7002, event="started")

    assert compact_peers(response[b"peers"]) == [("127.0.0.1", 7001)]
    assert response[b"interval"] == 1800
    assert response[b"min interval"] == 900
    assert response[b"complete"] == 0
    assert response[b"incomplete"] == 2
    assert b"peers6" not in response


def test_non_compact_announce_lists_dicts_with_and_without_peer_id(tracker):
    tracker.announce(A, peer_id(1), port=7001)

    listed = tracker.announce(A, peer_id(2), compact=0)[b"peers"]
    anonymous = tracker.announce(A, peer_id(2), compact=0, no_peer_id=1)[b"peers"]

    assert listed == [{b"ip": b"127.0.0.1", b"port": 7001, b"peer id": peer_id(1)}]
    assert anonymous == [{b"ip": b"127.0.0.1", b"port": 7001}]


def test_ipv6_peers_come_in_peers6(tracker):
    if "::1" not in tracker.ports:
        pytest.skip("no IPv6 loopback here")
    tracker.announce(A, peer_id(1), port=7001)

    tracker.announce(A, peer_id(6), port=7006, host="::1")
    response = tracker.announce(A, peer_id(2), port=7002)

    assert compact_peers(response[b"peers"]) == [("127.0.0.1", 7001)]
    six = response[b"peers6"]
    assert len(six) == 18
    assert socket.inet_ntop(socket.AF_INET6, six[:16]) == "::1"
    assert int.from_bytes(six[16:], "big") == 7006
    listed = tracker.announce(A, peer_id(2), compact=0)[b"peers"]
    assert {b"ip": b"::1", b"port": 7006, b"peer id": peer_id(6)} in listed


def test_events_move_counts_and_stopped_removes_the_peer(tracker):
    started = tracker.announce(A, peer_id(1), left=500, event="started")
    assert (started[b"complete"], started[b"incomplete"]) == (0, 1)

    update = tracker.announce(A, peer_id(1), left=200)
    assert (update[b"complete"], update[b"incomplete"]) == (0, 1)

    done = tracker.announce(A, peer_id(1), left=0, event="completed")
    assert (done[b"complete"], done[b"incomplete"], done[b"downloaded"]) == (1, 0, 1)

    stopped = tracker.announce(A, peer_id(1), left=0, event="stopped")
    assert (stopped[b"complete"], stopped[b"incomplete"]) == (0, 0)
    assert stopped[b"peers"] == b""
    other = tracker.announce(A, peer_id(2), event="started")
    assert other[b"peers"] == b""


def test_numwant_is_capped_at_200(tracker):
    with socket.create_connection(("127.0.0.1", tracker.port), timeout=5) as sock:
        for n in range(210):
            status, _ = exchange(
                sock,
                "/announce?" + announce_query(B, peer_id(n), port=10000 + n, numwant=0),
            )
            assert status == 200

    many = tracker.announce(B, peer_id(999), numwant=1000)
    few = tracker.announce(B, peer_id(999), numwant=5)
    default = tracker.announce(B, peer_id(999))

    assert len(many[b"peers"]) == 200 * 6
    assert len(few[b"peers"]) == 5 * 6
    assert len(default[b"peers"]) == 50 * 6
    assert many[b"incomplete"] == 211


def test_scrape_one_and_many_hashes_omits_unknown(tracker):
    tracker.announce(A, peer_id(1), left=0)
    tracker.announce(A, peer_id(2), left=10)
    tracker.announce(B, peer_id(3), left=10)
    quoted = {
        h: "info_hash=" + announce_query(h, peer_id(0)).split("&")[0].split("=")[1]
        for h in (A, B, C, UNKNOWN)
    }

    one = tracker.get(f"/scrape?{quoted[A]}")
    many = tracker.get(f"/scrape?{quoted[A]}&{quoted[B]}&{quoted[C]}&{quoted[UNKNOWN]}")

    assert one == {b"files": {A: {b"complete": 1, b"downloaded": 0, b"incomplete": 1}}}
    assert many[b"files"] == {
        A: {b"complete": 1, b"downloaded": 0, b"incomplete": 1},
        B: {b"complete": 0, b"downloaded": 0, b"incomplete": 1},
        C: {b"complete": 0, b"downloaded": 0, b"incomplete": 0},
    }
    passkey_scrape = tracker.get(f"/{PASSKEY}/scrape?{quoted[B]}")
    assert set(passkey_scrape[b"files"]) == {B}


def test_unknown_info_hash_is_refused(tracker):
    response = tracker.announce(UNKNOWN, peer_id(1))

    assert response == {b"failure reason": b"unregistered torrent"}


GOOD = announce_query(A, peer_id(1))


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", b"missing port"),
        (GOOD.replace("port=6881", "port=0"), b"invalid port"),
        (GOOD.replace("port=6881", "port=65536"), b"invalid port"),
        (GOOD.replace("port=6881", "port=-1"), b"invalid port"),
        (GOOD.replace("left=1000", "left=-5"), b"invalid left"),
        (GOOD.replace("uploaded=0", "uploaded=-5"), b"invalid uploaded"),
        (GOOD.replace("downloaded=0", "downloaded=1e9"), b"invalid downloaded"),
        (GOOD.replace("left=1000", "left=" + "9" * 40), b"invalid left"),
        (GOOD.replace("left=1000", "nothing=1"), b"missing left"),
        (GOOD + "&numwant=lots", b"invalid numwant"),
        (GOOD + "&event=exploded", b"invalid event"),
        (GOOD + "&port=7000", b"port given more than once"),
        (GOOD + "&x=%zz", b"bad percent-encoding"),
        (GOOD + "&x=%4", b"bad percent-encoding"),
        (
            "info_hash=%01%01&" + GOOD.split("&", 1)[1],
            b"invalid info_hash: expected 20 bytes, got 2",
        ),
        (
            "info_hash=" + "%01" * 21 + "&" + GOOD.split("&", 1)[1],
            b"invalid info_hash: expected 20 bytes, got 21",
        ),
        (
            GOOD.replace("peer_id=", "peer_id=x"),
            b"invalid peer_id: expected 20 bytes, got 21",
        ),
        ("&&&===&&", b"missing port"),
        ("%ff%fe=1", b"missing port"),
    ],
)
def test_bad_announce_parameters_get_a_failure_reason(tracker, query, reason):
    response = tracker.get(f"/announce?{query}")

    assert response == {b"failure reason": reason}
    assert tracker.announce(A, peer_id(1))[b"incomplete"] == 1


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/scrape", b"missing info_hash (full scrape is not served)"),
        ("/scrape?info_hash=abc", b"invalid info_hash: expected 20 bytes, got 3"),
        ("/scrape?info_hash=%GG", b"bad percent-encoding"),
    ],
)
def test_bad_scrape_parameters_get_a_failure_reason(tracker, target, reason):
    assert tracker.get(target) == {b"failure reason": reason}
    assert tracker.get("/scrape?info_hash=" + "%01" * 20)[b"files"] == {
        A: {b"complete": 0, b"downloaded": 0, b"incomplete": 0}
    }


def test_completed_event_counts_once(tracker):
    tracker.announce(
        A, peer_id(1), left=100, event="started", path=f"/{PASSKEY}/announce"
    )
    tracker.announce(
        A, peer_id(1), left=0, event="completed", path=f"/{PASSKEY}/announce"
    )
    tracker.announce(
        A, peer_id(1), left=0, event="completed", path=f"/{PASSKEY}/announce"
    )
    response = tracker.announce(A, peer_id(1), left=0, path=f"/{PASSKEY}/announce")

    assert response[b"downloaded"] == 1
    stats = tracker.stats()
    assert stats["torrents"][A.hex()] == {
        "seeders": 1,
        "leechers": 0,
        "completed": 1,
        "downloaded_bytes": 0,
    }
    assert stats["accounts"][passkey_digest(PASSKEY)]["completed"] == 1


def test_aria2_stopped_with_left_zero_counts_once(tracker):
    tracker.announce(A, peer_id(1), left=100, event="started")
    tracker.announce(A, peer_id(1), left=0, event="stopped")
    tracker.announce(A, peer_id(2), left=100, event="started")
    tracker.announce(A, peer_id(2), left=0)  # left reached 0 on a regular update
    tracker.announce(A, peer_id(2), left=0, event="stopped")
    tracker.announce(A, peer_id(3), left=0, event="started")  # a seeder: no completion
    tracker.announce(A, peer_id(3), left=0, event="stopped")

    scrape = tracker.get("/scrape?" + announce_query(A, peer_id(0)).split("&")[0])
    assert scrape[b"files"][A][b"downloaded"] == 2


def test_passkey_bytes_are_deltas_between_announces(tracker):
    path = f"/{PASSKEY}/announce"
    tracker.announce(
        A, peer_id(1), path=path, uploaded=0, downloaded=0, event="started"
    )
    tracker.announce(A, peer_id(1), path=path, uploaded=300, downloaded=1000)
    tracker.announce(A, peer_id(1), path=path, uploaded=500, downloaded=1500)
    tracker.announce(B, peer_id(1), path=path, uploaded=7, downloaded=9)  # baseline
    tracker.announce(B, peer_id(1), path=path, uploaded=17, downloaded=9)
    tracker.announce(A, peer_id(2), uploaded=0)  # no passkey: not accounted
    tracker.announce(A, peer_id(2), uploaded=999)

    stats = tracker.stats()

    account = stats["accounts"][passkey_digest(PASSKEY)]
    assert (account["uploaded"], account["downloaded"]) == (510, 1500)
    assert account["torrents"][A.hex()] == {
        "uploaded": 500,
        "downloaded": 1500,
        "completed": 0,
    }
    assert account["torrents"][B.hex()] == {
        "uploaded": 10,
        "downloaded": 0,
        "completed": 0,
    }
    assert list(stats["accounts"]) == [passkey_digest(PASSKEY)]
    # The swarm's own total counts every peer, with or without a passkey.
    assert stats["torrents"][A.hex()]["downloaded_bytes"] == 1500
    assert stats["torrents"][B.hex()]["downloaded_bytes"] == 0


def test_uppercase_passkey_is_the_same_account(tracker):
    tracker.announce(A, peer_id(1), path=f"/{PASSKEY.upper()}/announce")
    tracker.announce(A, peer_id(1), path=f"/{PASSKEY.upper()}/announce", uploaded=5)

    stats = tracker.stats()
    assert stats["accounts"][passkey_digest(PASSKEY)]["uploaded"] == 5


def test_peers_expire_after_two_intervals(start_tracker):
    tracker = start_tracker(interval=1)
    tracker.announce(A, peer_id(1), port=7001)
    tracker.announce(A, peer_id(2), port=7002)
    time.sleep(1.2)
    tracker.announce(A, peer_id(2), port=7002)  # keeps 2 alive

    time.sleep(1.5)
    response = tracker.announce(A, peer_id(3), port=7003)

    assert compact_peers(response[b"peers"]) == [("127.0.0.1", 7002)]
    assert response[b"incomplete"] == 2


def test_allowed_file_is_reloaded_after_an_atomic_rewrite(tracker):
    assert tracker.announce(UNKNOWN, peer_id(1)) == {
        b"failure reason": b"unregistered torrent"
    }
    replacement = tracker.allowed_file.with_suffix(".new")
    replacement.write_text(
        f"# published albums\n{UNKNOWN.hex().upper()}  42\nnot-a-hash\n"
    )
    os.replace(replacement, tracker.allowed_file)

    deadline = time.monotonic() + 5
    while b"failure reason" in (response := tracker.announce(UNKNOWN, peer_id(1))):
        assert time.monotonic() < deadline, response
        time.sleep(0.05)

    assert tracker.announce(A, peer_id(1)) == {
        b"failure reason": b"unregistered torrent"
    }


def test_trackers_sharing_redis_share_swarms(start_tracker):
    first = start_tracker()
    second = start_tracker()
    if isinstance(first.tracker.store, MemoryStore):
        pytest.skip("swarms are shared through Redis only")

    first.announce(A, peer_id(1), port=7001)
    response = second.announce(A, peer_id(2), port=7002)

    assert compact_peers(response[b"peers"]) == [("127.0.0.1", 7001)]
