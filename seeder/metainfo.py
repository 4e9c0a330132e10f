"""Torrent building: pure functions from an album folder to .torrent bytes.

One BitTorrent v1 torrent per album and format (hybrid and v2 torrents break aria2
1.36 and Transmission 3). Files are sorted so that the same files always give the
same info-hash, and the creation date is fixed by the caller, so the same files give
the same bytes. The web seed (BEP 19 url-list) is the base URL of the album's folders:
clients ask <web_seed><torrent name>/<file> with Range requests. No Django here: the
site calls this from a task, and seeders on other hosts may too."""

import hashlib
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from seeder._libtorrent import lt

CREATOR = "JamHub"


class MetainfoError(ValueError):
    """The folder or the URLs cannot make a torrent; the message says why."""


@dataclass(frozen=True)
class TorrentSpec:
    folder: Path  # its name becomes the torrent's name
    trackers: Sequence[str]
    web_seed: str  # ends with "/" (BEP 19, multi-file torrents)
    comment: str
    creation_date: int  # seconds since the epoch: fixed, for reproducible bytes
    creator: str = CREATOR


@dataclass(frozen=True)
class BuiltTorrent:
    data: bytes
    info_hash: str  # v1, 40 hex digits
    name: str
    total_size: int
    piece_length: int
    num_pieces: int
    files: tuple[str, ...]  # paths inside the torrent, in torrent order


def _check_url(url: str, *, what: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "udp", "ws", "wss"} or not parts.netloc:
        raise MetainfoError(f"{what} must be an absolute URL, not {url!r}")


def build_torrent(spec: TorrentSpec, *, workers: int | None = None) -> BuiltTorrent:
    """Hash the folder's files (on `workers` threads, default: the cores, up to 4)
    and return the torrent (v1 only, not private)."""
    folder = spec.folder
    if not folder.is_dir():
        raise MetainfoError(f"{folder} is not a folder")
    if not spec.web_seed.endswith("/"):
        raise MetainfoError("the web seed URL must end with '/' (BEP 19)")
    _check_url(spec.web_seed, what="the web seed")
    for tracker in spec.trackers:
        _check_url(tracker, what="a tracker")
    for path in folder.rglob("*"):
        if path.is_symlink():
            raise MetainfoError(f"{path.name} is a symbolic link")
    # list_files walks the file system in directory order: sort, or the info-hash
    # would depend on the disk.
    entries = sorted(lt.list_files(str(folder)), key=lambda e: e.filename)
    if not entries:
        raise MetainfoError(f"{folder} holds no file")
    creator = lt.create_torrent(entries, 0, lt.create_torrent.v1_only)
    for tier, tracker in enumerate(spec.trackers):
        creator.add_tracker(tracker, tier)
    creator.add_url_seed(spec.web_seed)
    creator.set_creator(spec.creator)
    creator.set_comment(spec.comment)
    creator.set_creation_date(spec.creation_date)
    creator.set_priv(False)
    hash_pieces(creator, folder.parent, workers=workers)
    # generate_buf() raises UnicodeDecodeError on non-ASCII names in this version.
    metainfo = creator.generate()
    data = bytes(lt.bencode(metainfo))
    info = metainfo[b"info"]
    name = info[b"name"].decode()
    files = tuple(
        "/".join([name, *(part.decode() for part in entry[b"path"])])
        for entry in info[b"files"]
        if not entry.get(b"attr", b"").startswith(b"p")  # no padding files in v1_only
    )
    return BuiltTorrent(
        data=data,
        # The v1 info-hash is the SHA-1 of the bencoded info dictionary (BEP 3).
        info_hash=hashlib.sha1(bytes(lt.bencode(info))).hexdigest(),  # noqa: S324
        name=name,
        total_size=sum(int(entry[b"length"]) for entry in info[b"files"]),
        piece_length=int(info[b"piece length"]),
        num_pieces=len(info[b"pieces"]) // 20,
        files=files,
    )


def hash_pieces(creator: Any, root: Path, *, workers: int | None = None) -> None:
    """Set every piece's SHA-1 on the creator, hashing ranges of pieces in parallel.

    hashlib (OpenSSL) releases the GIL on large buffers, so threads use every core;
    libtorrent's own set_piece_hashes hashes on one thread, at about 3/4 of OpenSSL's
    speed on this hardware (bench/hash)."""
    storage = creator.files()
    spans = []  # (absolute path, offset in the torrent, size), in torrent order
    for index in range(storage.num_files()):
        size = int(storage.file_size(index))
        if storage.file_flags(index) & storage.flag_pad_file:
            raise MetainfoError("pad files are not expected in a v1-only torrent")
        spans.append(
            (root / storage.file_path(index), int(storage.file_offset(index)), size)
        )
    piece_length = int(creator.piece_length())
    total = sum(size for _path, _offset, size in spans)
    count = int(creator.num_pieces())
    workers = workers or min(4, os.cpu_count() or 1)
    bounds = [count * n // workers for n in range(workers + 1)]

    def hash_range(first: int, last: int) -> list[tuple[int, bytes]]:
        digests = []
        handles: dict[Path, Any] = {}
        try:
            for piece in range(first, last):
                start = piece * piece_length
                end = min(start + piece_length, total)
                digest = hashlib.sha1()  # noqa: S324 - BitTorrent v1 pieces are SHA-1
                for path, offset, size in spans:
                    if offset + size <= start or offset >= end:
                        continue
                    handle = handles.get(path)
                    if handle is None:
                        handle = handles[path] = path.open("rb")
                    begin = max(start, offset) - offset
                    length = min(end, offset + size) - offset - begin
                    handle.seek(begin)
                    chunk = handle.read(length)
                    if len(chunk) != length:
                        raise MetainfoError(f"{path.name} changed while it was hashed")
                    digest.update(chunk)
                digests.append((piece, digest.digest()))
        finally:
            for handle in handles.values():
                handle.close()
        return digests

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(hash_range, bounds[n], bounds[n + 1]) for n in range(workers)
        ]
        for future in futures:
            for piece, digest in future.result():
                creator.set_hash(piece, digest)


def magnet_link(
    built: BuiltTorrent, *, trackers: Sequence[str], web_seed: str, torrent_url: str
) -> str:
    """A magnet URI with the tracker(s), the web seed (ws) and the .torrent (xs)."""
    from urllib.parse import quote

    parts = [f"xt=urn:btih:{built.info_hash}", f"dn={quote(built.name)}"]
    parts += [f"tr={quote(tracker, safe='')}" for tracker in trackers]
    parts.append(f"ws={quote(web_seed, safe='')}")
    parts.append(f"xs={quote(torrent_url, safe='')}")
    return "magnet:?" + "&".join(parts)


def write_atomic(data: bytes, path: Path) -> str:
    """Write the .torrent next to its final name, then rename (a crash never leaves
    half a file); return its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".torrent.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


def with_passkey(data: bytes, passkey: str) -> bytes:
    """The same torrent with every announce URL carrying `passkey`
    (<scheme>://<host>/<passkey>/announce), so the tracker can credit the listener's
    uploads. The info dictionary is untouched: same info-hash, same swarm."""
    from seeder.tracker.bencode import bdecode, bencode
    from seeder.tracker.protocol import PASSKEY

    if not PASSKEY.fullmatch(passkey):
        raise ValueError("a passkey is 32 lowercase hex digits")
    metainfo = bdecode(data)
    if not isinstance(metainfo, dict) or b"info" not in metainfo:
        raise ValueError("not a torrent")

    def personal(url: bytes) -> bytes:
        base, slash, action = url.rpartition(b"/")
        if not slash or action != b"announce":
            return url  # only our kind of announce URL takes a passkey
        return b"%s/%s/announce" % (base, passkey.encode())

    announce = metainfo.get(b"announce")
    if isinstance(announce, bytes):
        metainfo[b"announce"] = personal(announce)
    tiers = metainfo.get(b"announce-list")
    if isinstance(tiers, list):
        metainfo[b"announce-list"] = [
            [personal(url) for url in tier if isinstance(url, bytes)]
            for tier in tiers
            if isinstance(tier, list)
        ]
    return bencode(metainfo)
