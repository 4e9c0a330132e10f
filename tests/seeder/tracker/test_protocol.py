import pytest

from seeder.tracker.bencode import bdecode
from seeder.tracker.protocol import (
    Peer,
    QueryError,
    SwarmCounts,
    announce_response,
    compact_address,
    parse_announce,
    parse_scrape,
)

QUERY = (
    b"info_hash=%01%01%01%01%01%01%01%01%01%01%01%01%01%01%01%01%01%01%01%01"
    b"&peer_id=-TR3000-abcdefghijkl&port=51413&uploaded=1&downloaded=2&left=3"
    b"&event=started&numwant=80&key=x&supportcrypto=1"
)


def test_parse_announce_reads_every_field():
    announce = parse_announce(QUERY, passkey="a" * 32)

    assert announce.info_hash == b"\x01" * 20
    assert announce.peer_id == b"-TR3000-abcdefghijkl"
    assert (announce.port, announce.uploaded, announce.downloaded, announce.left) == (
        51413,
        1,
        2,
        3,
    )
    assert (announce.event, announce.numwant, announce.compact) == ("started", 80, True)
    assert announce.no_peer_id is False
    assert announce.passkey == "a" * 32


def test_defaults_and_caps():
    announce = parse_announce(
        QUERY.replace(b"&event=started&numwant=80", b"&numwant=100000&event=paused")
    )

    assert announce.numwant == 200
    assert announce.event == ""  # BEP 21: paused is a regular update


def test_scrape_deduplicates_hashes():
    assert parse_scrape(b"info_hash=" + b"a" * 20 + b"&info_hash=" + b"a" * 20) == [
        b"a" * 20
    ]
    with pytest.raises(QueryError):
        parse_scrape(b"info_hash=" + b"a" * 20 + b"&info_hash=short")


def test_compact_fast_path_is_canonical_bencoding():
    announce = parse_announce(QUERY)
    peers = [
        Peer(b"p" * 20, compact_address("10.0.0.1", 6881)),
        Peer(b"q" * 20, compact_address("2001:db8::1", 6882)),
        Peer(b"r" * 20, compact_address("::ffff:10.0.0.2", 6883)),
    ]

    data = announce_response(
        announce, SwarmCounts(1, 2, 3), peers, interval=1800, min_interval=900
    )

    assert bdecode(data) == {  # bdecode refuses unsorted keys
        b"complete": 1,
        b"downloaded": 3,
        b"incomplete": 2,
        b"interval": 1800,
        b"min interval": 900,
        b"peers": bytes([10, 0, 0, 1, 0x1A, 0xE1, 10, 0, 0, 2, 0x1A, 0xE3]),
        b"peers6": bytes.fromhex("20010db8000000000000000000000001") + b"\x1a\xe2",
    }


def test_compact_address_refuses_names():
    with pytest.raises(ValueError, match="not an IP address"):
        compact_address("tracker.example", 1)
