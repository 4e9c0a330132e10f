"""The manifest: which torrents this seeder should seed, as published by the site.

{"torrents": [{"info_hash": "<40 hex>", "torrent_path": "torrents/12/mp3.torrent",
"save_path": "albums/12", "name": "<the torrent's folder>"}]}

Paths are relative to the media root. Parsing is strict per entry: a bad entry is
logged and left out, the others are kept, so one broken album never stops the rest
of the catalogue from being seeded. A manifest that is not JSON or has the wrong
shape as a whole raises ManifestError, and the daemon keeps its previous wanted set."""

import json
import logging
import re
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

INFO_HASH = re.compile(r"[0-9a-f]{40}")
FIELDS = ("info_hash", "torrent_path", "save_path", "name")


class ManifestError(ValueError):
    """The manifest as a whole cannot be used; the message says why."""


@dataclass(frozen=True)
class ManifestEntry:
    info_hash: str  # v1, 40 lower-case hex digits
    torrent_path: PurePosixPath  # relative to the media root
    save_path: PurePosixPath  # relative to the media root; holds the folder `name`
    name: str


def _relative_path(value: object, *, field: str) -> PurePosixPath:
    if not isinstance(value, str) or not value or "\x00" in value or "\\" in value:
        raise ValueError(f"{field} must be a non-empty relative path")
    path = PurePosixPath(value)
    if path.is_absolute() or value.startswith("~"):
        raise ValueError(f"{field} must be relative, not {value!r}")
    if any(part == ".." for part in path.parts):
        raise ValueError(f"{field} must not contain '..': {value!r}")
    return path


def parse_entry(raw: object) -> ManifestEntry:
    """One entry, or ValueError saying what is wrong with it."""
    if not isinstance(raw, dict):
        raise ValueError("an entry must be an object")
    missing = [field for field in FIELDS if field not in raw]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    info_hash = raw["info_hash"]
    if not isinstance(info_hash, str) or not INFO_HASH.fullmatch(info_hash.lower()):
        raise ValueError(f"info_hash must be 40 hex digits, not {info_hash!r}")
    name = raw["name"]
    if (
        not isinstance(name, str)
        or not name
        or name in {".", ".."}
        or "/" in name
        or "\\" in name
        or "\x00" in name
    ):
        raise ValueError(f"name must be a single folder name, not {name!r}")
    return ManifestEntry(
        info_hash=info_hash.lower(),
        torrent_path=_relative_path(raw["torrent_path"], field="torrent_path"),
        save_path=_relative_path(raw["save_path"], field="save_path"),
        name=name,
    )


def parse_manifest(data: bytes | str) -> dict[str, ManifestEntry]:
    """The wanted torrents by info-hash; bad entries are logged and left out, and a
    repeated info-hash keeps its first entry."""
    try:
        document: Any = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ManifestError(f"the manifest is not JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("torrents"), list):
        raise ManifestError('the manifest must be an object with a "torrents" list')
    wanted: dict[str, ManifestEntry] = {}
    for index, raw in enumerate(document["torrents"]):
        try:
            entry = parse_entry(raw)
        except ValueError as exc:
            logger.warning("manifest entry %d refused: %s", index, exc)
            continue
        if entry.info_hash in wanted:
            logger.warning(
                "manifest entry %d refused: duplicate info_hash %s",
                index,
                entry.info_hash,
            )
            continue
        wanted[entry.info_hash] = entry
    return wanted


def inside(root: Path, relative: PurePosixPath) -> Path:
    """root / relative, refusing anything (a symbolic link included) that resolves
    outside root."""
    resolved_root = root.resolve()
    path = (resolved_root / relative).resolve()
    if not path.is_relative_to(resolved_root):
        raise ValueError(f"{relative} escapes the media root")
    return path


def fetch_manifest(source: str, *, token: str | None, timeout: float = 20) -> bytes:
    """The manifest's bytes from an http(s) URL (with the bearer token), a file://
    URL or a plain path."""
    parts = urlsplit(source)
    if parts.scheme in {"http", "https"}:
        request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
            source, headers={"Accept": "application/json"}
        )
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        # The scheme is checked above: no file:// or custom opener through urlopen.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body: bytes = response.read()
            return body
    if parts.scheme == "file":
        return Path(unquote(parts.path)).read_bytes()
    if parts.scheme and len(parts.scheme) > 1:  # not a Windows drive letter
        raise ManifestError(f"unsupported manifest URL scheme {parts.scheme!r}")
    return Path(source).read_bytes()
