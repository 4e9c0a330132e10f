import hashlib
import json
import os
import socket
import subprocess
import sys
import time

import pytest

from seeder.tracker.bencode import bdecode
from seeder.tracker.protocol import passkey_digest
from tests.seeder.tracker.conftest import (
    KNOWN,
    announce_query,
    compact_peers,
    exchange,
    http_get,
    peer_id,
    read_response,
)

A, B, _ = KNOWN
PASSKEY = "0123456789abcdef" * 2


def raw_request(port: int, data: bytes) -> tuple[int | None, bytes]:
    """Send raw bytes; return (status, body), or (None, b"") when the server closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        try:
            sock.sendall(data)
            return read_response(sock)
        except (ConnectionError, BrokenPipeError):
            return None, b""


@pytest.mark.parametrize(
    ("data", "statuses"),
    [
        (b"GET /announce?" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n", {414}),
        (b"GET /announce?" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n", {431, None}),
        (b"GET / HTTP/1.1\r\nX-Big: " + b"b" * 5000 + b"\r\n\r\n", {431}),
        (b"GET / HTTP/1.1\r\n" + b"X-Many: c\r\n" * 1000 + b"\r\n", {431, None}),
        (b"POST /announce HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi", {405}),
        (b"DELETE /stats HTTP/1.1\r\n\r\n", {405}),
        (b"GARBAGE\r\n\r\n", {400}),
        (b"GET /announce HTTP/2.0\r\n\r\n", {505}),
        (b"GET /announce HTTP/1.1\r\nno colon here\r\n\r\n", {400}),
        (b"GET /nowhere HTTP/1.1\r\n\r\n", {404}),
        (b"GET /nothex/announce HTTP/1.1\r\n\r\n", {404}),
        (b"GET /a/b/c/announce HTTP/1.1\r\n\r\n", {404}),
        (b"\x00\xff\r\n\r\n", {400}),
    ],
)
def test_hostile_requests_get_4xx_and_the_server_still_answers(tracker, data, statuses):
    status, _ = raw_request(tracker.port, data)

    assert status in statuses
    assert tracker.announce(A, peer_id(1))[b"incomplete"] == 1


def test_keep_alive_serves_two_requests_on_one_connection(tracker):
    with socket.create_connection(("127.0.0.1", tracker.port), timeout=5) as sock:
        first = exchange(sock, "/announce?" + announce_query(A, peer_id(1)))
        second = exchange(sock, "/announce?" + announce_query(A, peer_id(2)))

    assert first[0] == second[0] == 200
    assert bdecode(second[1])[b"incomplete"] == 2


def test_connection_close_and_http10_close_after_the_response(tracker):
    for request in (
        b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"GET /healthz HTTP/1.0\r\n\r\n",
    ):
        with socket.create_connection(("127.0.0.1", tracker.port), timeout=5) as sock:
            sock.sendall(request)
            assert read_response(sock) == (200, b"ok\n")
            assert sock.recv(10) == b""


def test_slow_clients_time_out(start_tracker):
    tracker = start_tracker(timeout=0.3)
    with socket.create_connection(("127.0.0.1", tracker.port), timeout=5) as sock:
        sock.sendall(b"GET /announce?")
        started = time.monotonic()
        assert sock.recv(10) == b""
        assert time.monotonic() - started < 3

    assert tracker.announce(A, peer_id(1))[b"incomplete"] == 1


def test_connections_beyond_the_maximum_are_closed(start_tracker):
    tracker = start_tracker(max_connections=2)
    idle = [
        socket.create_connection(("127.0.0.1", tracker.port), timeout=5)
        for _ in range(2)
    ]
    try:
        for sock in idle:  # make sure the server has accepted both
            assert exchange(sock, "/healthz") == (200, b"ok\n")
        with socket.create_connection(("127.0.0.1", tracker.port), timeout=5) as extra:
            try:
                extra.sendall(b"GET /healthz HTTP/1.1\r\n\r\n")
                assert extra.recv(10) == b""
            except ConnectionResetError:
                pass  # closed before or while the request arrived
    finally:
        for sock in idle:
            sock.close()

    deadline = time.monotonic() + 5
    while True:
        try:
            assert http_get(tracker.port, "/healthz") == (200, b"ok\n")
            break
        except ConnectionError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_forwarded_address_is_used_only_behind_a_proxy(start_tracker):
    direct = start_tracker()
    proxied = start_tracker(behind_proxy=True)
    spoof = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"}
    # Different swarms: with Redis both trackers share one state.
    for tracker, info_hash in ((direct, A), (proxied, B)):
        query = announce_query(info_hash, peer_id(1), port=7001)
        status, _ = http_get(tracker.port, f"/announce?{query}", headers=spoof)
        assert status == 200

    direct_peers = direct.announce(A, peer_id(2))[b"peers"]
    proxied_peers = proxied.announce(B, peer_id(2))[b"peers"]
    assert compact_peers(direct_peers) == [("127.0.0.1", 7001)]
    assert compact_peers(proxied_peers) == [("198.51.100.7", 7001)]


def test_stats_and_healthz(start_tracker):
    tracker = start_tracker(stats_token="s3cret")
    tracker.announce(A, peer_id(1), left=0)

    assert http_get(tracker.port, "/healthz") == (200, b"ok\n")
    status, body = http_get(
        tracker.port, "/stats", headers={"Authorization": "Bearer s3cret"}
    )
    assert status == 200
    assert json.loads(body)["torrents"][A.hex()] == {
        "seeders": 1,
        "leechers": 0,
        "completed": 0,
        "downloaded_bytes": 0,
    }


WRONG_CREDENTIALS = [
    {},
    {"Authorization": "Bearer wrong"},
    {"Authorization": "Bearer s3cre"},  # a prefix of the token
    {"Authorization": "Bearer s3cretX"},
    {"Authorization": "s3cret"},
    {"Authorization": "Bearer "},
]


@pytest.mark.parametrize("headers", WRONG_CREDENTIALS)
@pytest.mark.parametrize("target", ["/stats", f"/swarm?info_hash={A.hex()}"])
def test_stats_and_swarm_refuse_a_missing_or_wrong_token(
    start_tracker, target, headers
):
    tracker = start_tracker(stats_token="s3cret")
    tracker.announce(A, peer_id(1), left=0, path=f"/{PASSKEY}/announce")

    status, body = http_get(tracker.port, target, headers=headers)

    assert status == 403
    assert b"seeders" not in body


@pytest.mark.parametrize("target", ["/stats", f"/swarm?info_hash={A.hex()}"])
def test_a_tracker_without_a_token_answers_no_one(start_tracker, target):
    tracker = start_tracker(stats_token="")

    for headers in ({}, {"Authorization": "Bearer "}):
        assert http_get(tracker.port, target, headers=headers)[0] == 403


def test_stats_name_listeners_by_their_passkey_digest_only(start_tracker):
    tracker = start_tracker(stats_token="s3cret")
    tracker.announce(A, peer_id(1), path=f"/{PASSKEY}/announce", uploaded=0)
    tracker.announce(A, peer_id(1), path=f"/{PASSKEY}/announce", uploaded=42)

    status, body = http_get(
        tracker.port, "/stats", headers={"Authorization": "Bearer s3cret"}
    )

    assert status == 200
    assert PASSKEY.encode() not in body
    accounts = json.loads(body)["accounts"]
    assert list(accounts) == [hashlib.sha256(PASSKEY.encode()).hexdigest()]
    assert accounts[passkey_digest(PASSKEY)]["uploaded"] == 42


def test_one_swarm_as_json_for_the_web_seed(start_tracker):
    tracker = start_tracker(stats_token="s3cret")
    tracker.announce(A, peer_id(1), left=0)
    tracker.announce(A, peer_id(2), left=100)
    tracker.announce(A, peer_id(3), left=100)
    auth = {"Authorization": "Bearer s3cret"}

    status, body = http_get(tracker.port, f"/swarm?info_hash={A.hex()}", headers=auth)

    assert status == 200
    assert json.loads(body) == {"seeders": 1, "leechers": 2, "completed": 0}
    for bad in ("", "info_hash=zz", f"info_hash={A.hex()}&info_hash={A.hex()}", "%"):
        assert http_get(tracker.port, f"/swarm?{bad}", headers=auth)[0] == 400


def run_tracker_command(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seeder.tracker", "--port", "0", "--allowed-file", "x"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_tracker_refuses_to_start_without_a_token():
    env = {k: v for k, v in os.environ.items() if k != "JAMHUB_TRACKER_TOKEN"}

    for token in (None, ""):
        if token is not None:
            env["JAMHUB_TRACKER_TOKEN"] = token
        finished = run_tracker_command(env)

        assert finished.returncode == 2
        assert "JAMHUB_TRACKER_TOKEN must be set" in finished.stderr
