"""The allowed list: the info-hashes this tracker serves (JamHub's published albums).

From a text file (one 40-hex info-hash per line, optionally followed by whitespace
and an id; the site replaces it atomically) re-read when it changes, or from the
site's JSON manifest ({"torrents": [{"info_hash": "<40 hex>", ...}]}) polled over
HTTP with an optional bearer token."""

import asyncio
import json
import logging
import os
import re
import urllib.request
from pathlib import Path

logger = logging.getLogger(__name__)
_HEX40 = re.compile(r"[0-9a-fA-F]{40}")


class AllowedList:
    def __init__(self, hashes: frozenset[bytes] = frozenset()) -> None:
        self.hashes = hashes

    def __contains__(self, info_hash: bytes) -> bool:
        return info_hash in self.hashes

    async def refresh(self) -> None:
        """Reload if the source changed; a broken source keeps the previous list."""


def parse_allowed_file(text: str) -> frozenset[bytes]:
    hashes = set()
    for line in text.splitlines():
        first = line.split(maxsplit=1)[0] if line.strip() else ""
        if first.startswith("#") or not first:
            continue
        if _HEX40.fullmatch(first):
            hashes.add(bytes.fromhex(first))
        else:
            logger.warning("allowed file: skipping %r", line[:80])
    return frozenset(hashes)


def parse_manifest(data: bytes) -> frozenset[bytes]:
    document = json.loads(data)
    hashes = set()
    for torrent in document["torrents"]:
        info_hash = torrent["info_hash"]
        if not isinstance(info_hash, str) or not _HEX40.fullmatch(info_hash):
            raise ValueError(f"bad info_hash {info_hash!r} in the manifest")
        hashes.add(bytes.fromhex(info_hash))
    return frozenset(hashes)


class AllowedFile(AllowedList):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._signature: tuple[int, int, int] | None = None

    async def refresh(self) -> None:
        try:
            stat = os.stat(self.path)
        except OSError as error:
            logger.warning("allowed file unreadable, keeping the list: %s", error)
            return
        # Inode too: an atomic rename within the same mtime tick is still seen.
        signature = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
        if signature == self._signature:
            return
        try:
            self.hashes = parse_allowed_file(self.path.read_text())
        except (OSError, UnicodeDecodeError) as error:
            logger.warning("allowed file unreadable, keeping the list: %s", error)
            return
        self._signature = signature
        logger.info("allowed file: %d info-hashes", len(self.hashes))


class AllowedManifest(AllowedList):
    def __init__(self, url: str, *, token: str | None) -> None:
        super().__init__()
        self.url = url
        self.token = token

    def _fetch(self) -> bytes:
        request = urllib.request.Request(self.url)  # noqa: S310 - operator's URL
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            data: bytes = response.read(64 * 1024 * 1024)
            return data

    async def refresh(self) -> None:
        try:
            data = await asyncio.to_thread(self._fetch)
            self.hashes = parse_manifest(data)
        except (OSError, ValueError, KeyError, TypeError) as error:
            logger.warning("manifest fetch failed, keeping the list: %s", error)
            return
        logger.info("manifest: %d info-hashes", len(self.hashes))
