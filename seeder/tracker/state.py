"""Swarm state: who is in each swarm, and the counters the site pulls from /stats.

Two stores with one interface: MemoryStore (one process) and RedisStore (several
tracker processes sharing swarms). Rules both follow:
- a peer is (info-hash, peer id); it expires when not seen for `ttl` seconds
  (2 x interval) and leaves at once on event=stopped;
- a completion counts once per peer and info-hash, on event=completed or when a known
  peer's `left` drops from >0 to 0 (aria2 never sends completed: it stops with
  left=0);
- per-passkey bytes are the deltas between a peer's successive announces: a peer's
  first announce only sets the baseline, and a counter that went down (a restarted
  client) resets it."""

import random
from dataclasses import dataclass, field
from typing import Any, Protocol

from seeder.tracker.protocol import Announce, Peer, SwarmCounts


@dataclass(slots=True)
class AnnounceResult:
    counts: SwarmCounts
    peers: list[Peer]


class SwarmStore(Protocol):
    async def announce(
        self, announce: Announce, address: bytes, *, now: float
    ) -> AnnounceResult: ...

    async def scrape(
        self, info_hashes: list[bytes], *, now: float
    ) -> dict[bytes, SwarmCounts]: ...

    async def stats(self, *, now: float) -> dict[str, Any]:
        """{"torrents": {hex: {seeders, leechers, completed, downloaded_bytes}},
        "passkeys": {passkey: {uploaded, downloaded, completed,
                               "torrents": {hex: {uploaded, downloaded, completed}}}}},
        cumulative: the site diffs successive pulls. The server publishes the
        passkeys as digests ("accounts"), never in clear."""
        ...

    async def sweep(self, *, now: float) -> None:
        """Drop expired peers."""
        ...

    async def close(self) -> None: ...


@dataclass(slots=True)
class _PeerState:
    peer: Peer  # reused in every answer that lists this peer
    left: int
    uploaded: int
    downloaded: int
    seen: float
    completed: bool


@dataclass(slots=True)
class _Swarm:
    peers: dict[bytes, _PeerState] = field(default_factory=dict)
    seeders: int = 0
    completed: int = 0
    downloaded_bytes: int = 0  # reported by every peer, for the site's cross-checks


def _add_bytes(
    accounts: dict[str, dict[bytes, list[int]]],
    passkey: str,
    info_hash: bytes,
    uploaded: int,
    downloaded: int,
    completed: int,
) -> None:
    totals = accounts.setdefault(passkey, {}).setdefault(info_hash, [0, 0, 0])
    totals[0] += uploaded
    totals[1] += downloaded
    totals[2] += completed


class MemoryStore:
    def __init__(self, *, ttl: float) -> None:
        self.ttl = ttl
        self._swarms: dict[bytes, _Swarm] = {}
        self._accounts: dict[str, dict[bytes, list[int]]] = {}

    async def announce(
        self, announce: Announce, address: bytes, *, now: float
    ) -> AnnounceResult:
        return self.announce_now(announce, address, now=now)

    async def scrape(
        self, info_hashes: list[bytes], *, now: float
    ) -> dict[bytes, SwarmCounts]:
        return self.scrape_now(info_hashes, now=now)

    async def stats(self, *, now: float) -> dict[str, Any]:
        return self.stats_now(now=now)

    # The synchronous versions: the server calls them directly (no task, no await).

    def announce_now(
        self, announce: Announce, address: bytes, *, now: float
    ) -> AnnounceResult:
        swarm = self._swarms.get(announce.info_hash)
        if swarm is None:
            swarm = self._swarms[announce.info_hash] = _Swarm()
        peers = swarm.peers
        previous = peers.get(announce.peer_id)
        seeding = announce.left == 0
        completed_now = False
        uploaded = downloaded = 0
        if previous is None:
            completed_now = announce.event == "completed"
        else:
            uploaded = max(announce.uploaded - previous.uploaded, 0)
            downloaded = max(announce.downloaded - previous.downloaded, 0)
            completed_now = not previous.completed and (
                announce.event == "completed" or (previous.left > 0 and seeding)
            )
            swarm.seeders -= previous.left == 0
        if completed_now:
            swarm.completed += 1
        swarm.downloaded_bytes += downloaded
        if announce.passkey and (uploaded or downloaded or completed_now):
            _add_bytes(
                self._accounts,
                announce.passkey,
                announce.info_hash,
                uploaded,
                downloaded,
                int(completed_now),
            )
        if announce.event == "stopped":
            peers.pop(announce.peer_id, None)
            return AnnounceResult(self._counts(swarm), [])
        if previous is not None and previous.peer.address == address:
            peer = previous.peer
        else:
            peer = Peer(announce.peer_id, address)
        state = peers[announce.peer_id] = _PeerState(
            peer=peer,
            left=announce.left,
            uploaded=announce.uploaded,
            downloaded=announce.downloaded,
            seen=now,
            completed=completed_now or (previous is not None and previous.completed),
        )
        swarm.seeders += seeding
        return AnnounceResult(
            self._counts(swarm), self._pick(peers, state, announce.numwant)
        )

    @staticmethod
    def _pick(
        peers: dict[bytes, _PeerState], caller: _PeerState, wanted: int
    ) -> list[Peer]:
        if wanted <= 0:
            return []
        if len(peers) <= wanted + 1:
            return [state.peer for state in peers.values() if state is not caller]
        chosen = random.sample(list(peers.values()), wanted + 1)
        return [state.peer for state in chosen if state is not caller][:wanted]

    @staticmethod
    def _counts(swarm: _Swarm) -> SwarmCounts:
        return SwarmCounts(
            complete=swarm.seeders,
            incomplete=len(swarm.peers) - swarm.seeders,
            downloaded=swarm.completed,
        )

    def scrape_now(
        self, info_hashes: list[bytes], *, now: float
    ) -> dict[bytes, SwarmCounts]:
        empty = SwarmCounts(0, 0, 0)
        result = {}
        for info_hash in info_hashes:
            swarm = self._swarms.get(info_hash)
            result[info_hash] = self._counts(swarm) if swarm else empty
        return result

    def stats_now(self, *, now: float) -> dict[str, Any]:
        torrents = {
            info_hash.hex(): {
                "seeders": swarm.seeders,
                "leechers": len(swarm.peers) - swarm.seeders,
                "completed": swarm.completed,
                "downloaded_bytes": swarm.downloaded_bytes,
            }
            for info_hash, swarm in self._swarms.items()
        }
        passkeys = {
            passkey: _account_totals(
                {ih.hex(): tuple(totals) for ih, totals in per_torrent.items()}
            )
            for passkey, per_torrent in self._accounts.items()
        }
        return {"torrents": torrents, "passkeys": passkeys}

    async def sweep(self, *, now: float) -> None:
        deadline = now - self.ttl
        for swarm in self._swarms.values():
            expired = [pid for pid, s in swarm.peers.items() if s.seen < deadline]
            for pid in expired:
                swarm.seeders -= swarm.peers.pop(pid).left == 0

    async def close(self) -> None:
        return None


def _account_totals(per_torrent: dict[str, tuple[int, ...]]) -> dict[str, Any]:
    return {
        "uploaded": sum(t[0] for t in per_torrent.values()),
        "downloaded": sum(t[1] for t in per_torrent.values()),
        "completed": sum(t[2] for t in per_torrent.values()),
        "torrents": {
            ih: {"uploaded": t[0], "downloaded": t[1], "completed": t[2]}
            for ih, t in per_torrent.items()
        },
    }
