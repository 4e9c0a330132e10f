"""Announce and scrape queries (BEP 3, 23, 7, 48): parsing, validation, responses.

Pure functions: no I/O. A bad query raises QueryError, whose message becomes the
bencoded `failure reason` (clients only show failures sent with HTTP 200)."""

import hashlib
import ipaddress
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from seeder.tracker.bencode import Bencodable, bencode

DEFAULT_NUMWANT = 50
MAX_NUMWANT = 200
EVENTS = frozenset({"", "started", "stopped", "completed", "paused"})
_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_MAX_DIGITS = 19  # fits a signed 64-bit integer, like every client's counters
_IPV4_MAPPED = bytes(10) + b"\xff\xff"
PASSKEY = re.compile(r"[0-9a-f]{32}")


def passkey_digest(passkey: str) -> str:
    """What the tracker publishes in place of a passkey (SHA-256, hex): the site
    knows whose it is, a reader of /stats cannot announce with it.

    Unkeyed on purpose: a passkey is 128 random bits, so the digest can be neither
    reversed nor guessed, and the site can store it once per passkey (a keyed hash
    would change with the tracker's token)."""
    return hashlib.sha256(passkey.encode()).hexdigest()


class QueryError(ValueError):
    """The query cannot be served; the message names the problem for the client."""


@dataclass(slots=True)
class Announce:
    info_hash: bytes
    peer_id: bytes
    port: int
    uploaded: int
    downloaded: int
    left: int
    event: str
    numwant: int
    compact: bool
    no_peer_id: bool
    passkey: str | None


@dataclass(slots=True)
class Peer:
    peer_id: bytes
    address: bytes  # compact form: 4-byte IPv4 or 16-byte IPv6, then 2-byte port


@dataclass(slots=True)
class SwarmCounts:
    complete: int  # seeders
    incomplete: int  # leechers
    downloaded: int  # completions ever


def parse_query(query: bytes) -> list[tuple[bytes, bytes]]:
    """Split a raw query string into (name, value) pairs, in order; values stay
    bytes (info_hash is binary)."""
    if b"%" in query and _BAD_PERCENT.search(query):
        raise QueryError("bad percent-encoding")
    pairs = []
    for pair in query.split(b"&"):
        if pair:
            name, _, value = pair.partition(b"=")
            pairs.append((_unquote(name), _unquote(value)))
    return pairs


def _unquote(raw: bytes) -> bytes:
    if b"+" in raw:
        raw = raw.replace(b"+", b" ")
    if b"%" not in raw:
        return raw
    return unquote_to_bytes(raw)  # the query was checked for bad escapes


def _single_values(query: bytes) -> dict[bytes, bytes]:
    params: dict[bytes, bytes] = {}
    for name, value in parse_query(query):
        if name in params:
            readable = name.decode("ascii", "replace")
            raise QueryError(f"{readable} given more than once")
        params[name] = value
    return params


def _integer(params: dict[bytes, bytes], name: bytes, default: int = -1) -> int:
    raw = params.get(name)
    if raw is None:
        if default < 0:
            raise QueryError(f"missing {name.decode()}")
        return default
    if not raw.isdigit() or len(raw) > _MAX_DIGITS:
        raise QueryError(f"invalid {name.decode()}")
    return int(raw)


def _twenty_bytes(params: dict[bytes, bytes], name: bytes) -> bytes:
    raw = params.get(name)
    if raw is None:
        raise QueryError(f"missing {name.decode()}")
    if len(raw) != 20:
        raise QueryError(f"invalid {name.decode()}: expected 20 bytes, got {len(raw)}")
    return raw


def parse_announce(query: bytes, *, passkey: str | None = None) -> Announce:
    params = _single_values(query)
    port = _integer(params, b"port")
    if not 0 < port < 65536:
        raise QueryError("invalid port")
    event = params.get(b"event", b"").decode("ascii", "replace")
    if event not in EVENTS:
        raise QueryError("invalid event")
    return Announce(
        info_hash=_twenty_bytes(params, b"info_hash"),
        peer_id=_twenty_bytes(params, b"peer_id"),
        port=port,
        uploaded=_integer(params, b"uploaded", 0),
        downloaded=_integer(params, b"downloaded", 0),
        left=_integer(params, b"left"),
        event="" if event == "paused" else event,  # BEP 21's paused is a normal update
        numwant=min(_integer(params, b"numwant", DEFAULT_NUMWANT), MAX_NUMWANT),
        compact=_integer(params, b"compact", 1) != 0,
        no_peer_id=_integer(params, b"no_peer_id", 0) != 0,
        passkey=passkey,
    )


def parse_scrape(query: bytes) -> list[bytes]:
    hashes = [value for name, value in parse_query(query) if name == b"info_hash"]
    if not hashes:
        raise QueryError("missing info_hash (full scrape is not served)")
    for info_hash in hashes:
        if len(info_hash) != 20:
            raise QueryError(
                f"invalid info_hash: expected 20 bytes, got {len(info_hash)}"
            )
    return list(dict.fromkeys(hashes))


def compact_address(host: str, port: int) -> bytes:
    """The compact form of an address (BEP 23 / BEP 7); IPv4-mapped IPv6 is IPv4."""
    try:
        packed = socket.inet_pton(socket.AF_INET, host)
    except OSError:
        try:
            packed = socket.inet_pton(socket.AF_INET6, host.partition("%")[0])
        except OSError:
            raise ValueError(f"not an IP address: {host!r}") from None
        if packed.startswith(_IPV4_MAPPED):
            packed = packed[12:]
    return packed + port.to_bytes(2, "big")


def failure(reason: str) -> bytes:
    return bencode({"failure reason": reason})


def announce_response(
    announce: Announce,
    counts: SwarmCounts,
    peers: Sequence[Peer],
    *,
    interval: int,
    min_interval: int,
) -> bytes:
    if announce.compact:
        # The hot path, by hand: keys in BEP 3 order, as bencode() would sort them.
        four = b"".join([p.address for p in peers])
        six = b""
        if len(four) != 6 * len(peers):  # some IPv6 peers (BEP 7)
            four = b"".join([p.address for p in peers if len(p.address) == 6])
            six = b"".join([p.address for p in peers if len(p.address) == 18])
        return (
            b"d8:completei%de10:downloadedi%de10:incompletei%de8:intervali%de"
            b"12:min intervali%de5:peers%d:%s%se"
            % (
                counts.complete,
                counts.downloaded,
                counts.incomplete,
                interval,
                min_interval,
                len(four),
                four,
                b"6:peers6%d:%s" % (len(six), six) if six else b"",
            )
        )
    response: dict[bytes | str, Bencodable] = {
        "interval": interval,
        "min interval": min_interval,
        "complete": counts.complete,
        "incomplete": counts.incomplete,
        "downloaded": counts.downloaded,
    }
    listed: list[Bencodable] = []
    for peer in peers:
        entry: dict[bytes | str, Bencodable] = {
            "ip": str(ipaddress.ip_address(peer.address[:-2])),
            "port": int.from_bytes(peer.address[-2:], "big"),
        }
        if not announce.no_peer_id:
            entry["peer id"] = peer.peer_id
        listed.append(entry)
    response["peers"] = listed
    return bencode(response)


def scrape_response(files: dict[bytes, SwarmCounts]) -> bytes:
    return bencode(
        {
            "files": {
                info_hash: {
                    "complete": counts.complete,
                    "downloaded": counts.downloaded,
                    "incomplete": counts.incomplete,
                }
                for info_hash, counts in files.items()
            }
        }
    )
