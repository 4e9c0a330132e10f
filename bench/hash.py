"""bench/hash: torrent building throughput against OpenSSL's SHA-1 on one core.

Builds the v1 torrent of a generated album folder (8 files, 512 MB in all, read from
the page cache after a warm-up) with seeder.metainfo.build_torrent, and runs
`openssl speed -evp sha1` on 16 KiB blocks in the same run. Prints both in MB/s and
the ratio.

    .venv/bin/python -m bench.hash [--megabytes 512]

Goal: torrent building >= 90% of OpenSSL's SHA-1 speed.
"""

import argparse
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from seeder.metainfo import TorrentSpec, build_torrent

FILES = 8


def make_folder(root: Path, megabytes: int) -> Path:
    folder = root / "Bench Band - Bench Album (2026) [FLAC]"
    folder.mkdir()
    per_file = megabytes * 1024 * 1024 // FILES
    block = os.urandom(1024 * 1024)
    for n in range(1, FILES + 1):
        with (folder / f"{n:02d} - Track {n}.flac").open("wb") as handle:
            for _ in range(per_file // len(block)):
                handle.write(block)
    return folder


def torrent_mb_per_second(folder: Path, total_bytes: int, workers: int) -> float:
    spec = TorrentSpec(
        folder=folder,
        trackers=["http://127.0.0.1:6969/announce"],
        web_seed="http://127.0.0.1:8000/media/albums/1/",
        comment="bench",
        creation_date=0,
    )
    build_torrent(spec)  # warm the page cache
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        build_torrent(spec, workers=workers)
        best = max(best, total_bytes / (time.perf_counter() - started) / 1e6)
    return best


def openssl_mb_per_second() -> float:
    output = subprocess.run(
        ["openssl", "speed", "-evp", "sha1", "-bytes", "16384", "-seconds", "3"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # The result line: "sha1   <k/s for 16384-byte blocks>k"
    match = re.search(r"^sha1\s+([\d.]+)k\s*$", output, re.MULTILINE)
    if match is None:
        raise SystemExit(f"could not read openssl's output:\n{output}")
    return float(match.group(1)) * 1000 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=512)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jamhub-bench-hash-") as scratch:
        folder = make_folder(Path(scratch), options.megabytes)
        total = sum(p.stat().st_size for p in folder.iterdir())
        one_core = torrent_mb_per_second(folder, total, workers=1)
        workers = min(4, os.cpu_count() or 1)
        ours = torrent_mb_per_second(folder, total, workers=workers)
    anchor = openssl_mb_per_second()
    print(f"data: {total / 1e6:.0f} MB in {FILES} files, from the page cache")
    print(f"openssl speed -evp sha1 (16 KiB blocks, one core): {anchor:7.0f} MB/s")
    print(
        f"JamHub torrent building, 1 thread:                 {one_core:7.0f} MB/s"
        f"  ratio {one_core / anchor:.2f}"
    )
    print(
        f"JamHub torrent building, {workers} threads:                {ours:7.0f} MB/s"
        f"  ratio {ours / anchor:.2f}"
    )
    print(f"ratio ours / openssl: {ours / anchor:.2f}  (goal >= 0.90)")


if __name__ == "__main__":
    main()
