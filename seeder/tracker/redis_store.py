"""RedisStore: swarm state in Redis, shared by several tracker processes.

Keys, under a prefix (default "jamhub:tracker:"), per info-hash H (40 hex):
  peers:H   hash   peer id -> compact address   (sampled with HRANDFIELD)
  state:H   hash   peer id -> "seeding completed uploaded downloaded"
  seen:H    zset   peer id -> last announce time (expiry)
  seeds:H   set    peer ids with left=0
  done:H    string completions ever (no expiry)
  bytes:H   string bytes every peer reported downloading (no expiry)
  acct:P    hash   "H:up" / "H:down" / "H:done" -> counters of passkey P (no expiry)
  hashes, passkeys   sets of every H and P seen, for /stats
An announce is one EVALSHA: the script reads the peer's previous state, so deltas and
"complete once" stay right when two processes serve the same peer."""

from typing import Any

import redis.asyncio as aioredis

from seeder.tracker.protocol import Announce, Peer, SwarmCounts
from seeder.tracker.state import AnnounceResult, _account_totals

_PRUNE = """
local dead = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1], 'LIMIT', 0, 500)
if #dead > 0 then
  redis.call('HDEL', KEYS[1], unpack(dead))
  redis.call('HDEL', KEYS[2], unpack(dead))
  redis.call('SREM', KEYS[4], unpack(dead))
  redis.call('ZREM', KEYS[3], unpack(dead))
end
"""

ANNOUNCE_SCRIPT = (
    _PRUNE
    + """
local pid, address, event, passkey, ih = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local left, up, down = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local now, ttl, numwant = ARGV[10], tonumber(ARGV[11]), tonumber(ARGV[12])
local seeding = left == 0
local previous = redis.call('HGET', KEYS[2], pid)
local completed_now, was_completed, d_up, d_down = false, false, 0, 0
if previous then
  local p_seed, p_done, p_up, p_down = string.match(previous, '^(%d) (%d) (%d+) (%d+)$')
  was_completed = p_done == '1'
  d_up = math.max(up - tonumber(p_up), 0)
  d_down = math.max(down - tonumber(p_down), 0)
  completed_now = (not was_completed)
    and (event == 'completed' or (p_seed == '0' and seeding))
else
  completed_now = event == 'completed'
end
if completed_now then redis.call('INCR', KEYS[5]) end
if d_down > 0 then redis.call('INCRBY', KEYS[9], string.format('%d', d_down)) end
redis.call('SADD', KEYS[7], ih)
if passkey ~= '' and (d_up > 0 or d_down > 0 or completed_now) then
  redis.call('SADD', KEYS[8], passkey)
  redis.call('HINCRBY', KEYS[6], ih .. ':up', string.format('%d', d_up))
  redis.call('HINCRBY', KEYS[6], ih .. ':down', string.format('%d', d_down))
  if completed_now then redis.call('HINCRBY', KEYS[6], ih .. ':done', 1) end
end
local sample = {}
if event == 'stopped' then
  redis.call('HDEL', KEYS[1], pid)
  redis.call('HDEL', KEYS[2], pid)
  redis.call('ZREM', KEYS[3], pid)
  redis.call('SREM', KEYS[4], pid)
else
  local done = (completed_now or was_completed) and '1' or '0'
  redis.call('HSET', KEYS[1], pid, address)
  redis.call('HSET', KEYS[2], pid,
    (seeding and '1' or '0') .. ' ' .. done .. ' ' .. ARGV[8] .. ' ' .. ARGV[9])
  redis.call('ZADD', KEYS[3], now, pid)
  if seeding then
    redis.call('SADD', KEYS[4], pid)
  else
    redis.call('SREM', KEYS[4], pid)
  end
  for i = 1, 4 do redis.call('EXPIRE', KEYS[i], ttl) end
  if numwant > 0 then
    sample = redis.call('HRANDFIELD', KEYS[1], numwant + 1, 'WITHVALUES')
  end
end
local complete = redis.call('SCARD', KEYS[4])
local incomplete = redis.call('HLEN', KEYS[1]) - complete
local downloaded = tonumber(redis.call('GET', KEYS[5]) or '0')
return {complete, incomplete, downloaded, sample}
"""
)

COUNT_SCRIPT = (
    _PRUNE
    + """
local complete = redis.call('SCARD', KEYS[4])
return {complete, redis.call('HLEN', KEYS[1]) - complete,
        tonumber(redis.call('GET', KEYS[5]) or '0')}
"""
)


class RedisStore:
    def __init__(
        self, url: str, *, ttl: float, prefix: str = "jamhub:tracker:"
    ) -> None:
        self.ttl = ttl
        self.prefix = prefix
        self.redis = aioredis.Redis.from_url(url, decode_responses=False)
        self._announce = self.redis.register_script(ANNOUNCE_SCRIPT)
        self._count = self.redis.register_script(COUNT_SCRIPT)

    def _swarm_keys(self, info_hex: str) -> list[str]:
        p = self.prefix
        return [
            f"{p}peers:{info_hex}",
            f"{p}state:{info_hex}",
            f"{p}seen:{info_hex}",
            f"{p}seeds:{info_hex}",
            f"{p}done:{info_hex}",
        ]

    async def announce(
        self, announce: Announce, address: bytes, *, now: float
    ) -> AnnounceResult:
        info_hex = announce.info_hash.hex()
        passkey = announce.passkey or ""
        keys = [
            *self._swarm_keys(info_hex),
            f"{self.prefix}acct:{passkey}",
            f"{self.prefix}hashes",
            f"{self.prefix}passkeys",
            f"{self.prefix}bytes:{info_hex}",
        ]
        args: list[bytes | str | int | float] = [
            now - self.ttl,
            announce.peer_id,
            address,
            announce.event,
            passkey,
            info_hex,
            announce.left,
            announce.uploaded,
            announce.downloaded,
            now,
            max(int(self.ttl), 1),
            announce.numwant,
        ]
        complete, incomplete, downloaded, sample = await self._announce(keys, args)
        peers = [
            Peer(sample[i], sample[i + 1])
            for i in range(0, len(sample), 2)
            if sample[i] != announce.peer_id
        ]
        return AnnounceResult(
            SwarmCounts(int(complete), int(incomplete), int(downloaded)),
            peers[: announce.numwant],
        )

    async def scrape(
        self, info_hashes: list[bytes], *, now: float
    ) -> dict[bytes, SwarmCounts]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for info_hash in info_hashes:
                await self._count(
                    self._swarm_keys(info_hash.hex()), [now - self.ttl], client=pipe
                )
            rows = await pipe.execute()
        return {
            info_hash: SwarmCounts(int(row[0]), int(row[1]), int(row[2]))
            for info_hash, row in zip(info_hashes, rows, strict=True)
        }

    async def stats(self, *, now: float) -> dict[str, Any]:
        hashes = sorted(await self.redis.smembers(f"{self.prefix}hashes"))
        counts = await self.scrape([bytes.fromhex(_text(h)) for h in hashes], now=now)
        downloaded = (
            await self.redis.mget([f"{self.prefix}bytes:{h.hex()}" for h in counts])
            if counts
            else []
        )
        torrents = {
            info_hash.hex(): {
                "seeders": c.complete,
                "leechers": c.incomplete,
                "completed": c.downloaded,
                "downloaded_bytes": int(total or 0),
            }
            for (info_hash, c), total in zip(counts.items(), downloaded, strict=True)
        }
        passkeys_raw = sorted(await self.redis.smembers(f"{self.prefix}passkeys"))
        async with self.redis.pipeline(transaction=False) as pipe:
            for passkey in passkeys_raw:
                pipe.hgetall(f"{self.prefix}acct:{_text(passkey)}")
            accounts = await pipe.execute()
        passkeys = {}
        for passkey, account in zip(passkeys_raw, accounts, strict=True):
            per_torrent: dict[str, list[int]] = {}
            for name, value in account.items():
                info_hex, _, counter = _text(name).partition(":")
                slot = ("up", "down", "done").index(counter)
                per_torrent.setdefault(info_hex, [0, 0, 0])[slot] = int(value)
            passkeys[_text(passkey)] = _account_totals(
                {ih: tuple(t) for ih, t in per_torrent.items()}
            )
        return {"torrents": torrents, "passkeys": passkeys}

    async def sweep(self, *, now: float) -> None:
        # Each announce prunes its swarm and idle swarms expire with their keys;
        # scrape and stats prune what they read.
        return None

    async def close(self) -> None:
        await self.redis.aclose()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
