"""bench/swarm: how many copies of an album the origin sends when fans download it
together, and how fast a lone fan gets it.

Everything real, on loopback, each part its own process: JamHub's tracker
(`python -m seeder.tracker`), JamHub's seeder (SeedingSession, upload capped at the
origin's budget), JamHub's web seed (the Django view under `manage.py runserver`,
with the web seed policy), and libtorrent leechers with default settings, whose
torrent names both the tracker and the web seed (BEP 19).

Three runs, side by side:
- anchor: the web seed without a budget (what a plain HTTP mirror in the url-list
  does) and a seeder with libtorrent's default unchoke slots;
- JamHub: the web seed policy and the seeder as configured for production;
- lone: one leecher alone with JamHub's settings.

    .venv/bin/python -m bench.swarm [--leechers 10] [--size-mb 96] [--cap-mb 2]

Printed: origin copies = (seeder bytes + web seed bytes) / album size, completion
times, and the lone leecher's speed against the origin's cap. Goals: at most 1.2
copies with 10 leechers; the lone leecher at the origin's full speed (cap).
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FOLDER = "Bench Band - Swarm Test (2026) [FLAC]"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}")


# --- Roles run in their own processes -------------------------------------------------


def run_seeder(args: argparse.Namespace) -> None:
    """The origin's BitTorrent seeder: JamHub's SeedingSession, capped."""
    from pathlib import PurePosixPath

    from seeder.manifest import ManifestEntry
    from seeder.session import SeedingSession, SessionConfig

    config = SessionConfig(
        media_root=Path(args.media_root),
        state_dir=Path(args.state_dir),
        listen_interfaces=f"127.0.0.1:{args.port}",
        upload_rate_limit=args.cap,
        allow_multiple_connections_per_ip=True,
        recheck_interval=0,
        super_seeding=args.super_seeding,
        unchoke_slots_limit=8 if args.libtorrent_defaults else args.unchoke_slots,
    )
    session = SeedingSession(config)
    session.add(
        ManifestEntry(
            info_hash=args.info_hash,
            torrent_path=PurePosixPath(args.torrent),
            save_path=PurePosixPath(args.save_path),
            name=FOLDER,
        )
    )
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while not stopping:
        session.process_alerts()
        time.sleep(0.1)
    handle = session.torrents[args.info_hash].handle
    print(json.dumps({"uploaded": int(handle.status().total_payload_upload)}))
    sys.stdout.flush()
    os._exit(0)  # the session's teardown is not what is measured


def run_leecher(args: argparse.Namespace) -> None:
    """A fan: libtorrent with its defaults, no DHT/LSD/UPnP, loopback peers allowed."""
    from seeder._libtorrent import lt

    session = lt.session(
        {
            "listen_interfaces": "127.0.0.1:0",
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "allow_multiple_connections_per_ip": True,
            "webtorrent_stun_server": "",
        }
    )
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(args.torrent)
    params.save_path = args.save_path
    params.flags &= ~lt.torrent_flags.paused & ~lt.torrent_flags.auto_managed
    handle = session.add_torrent(params)
    started = time.monotonic()
    while not handle.status().is_seeding:
        time.sleep(0.1)
        if time.monotonic() - started > args.timeout:
            print(json.dumps({"seconds": None}))
            sys.stdout.flush()
            os._exit(1)
    seconds = time.monotonic() - started
    print(json.dumps({"seconds": seconds}))
    sys.stdout.flush()
    # A fan keeps seeding until the run ends.
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while not stopping:
        time.sleep(0.1)
    os._exit(0)


# --- The run --------------------------------------------------------------------------


@dataclass
class Origin:
    """A site (Django web seed), a tracker and the album, in a temporary folder."""

    folder: Path
    album_id: int
    info_hash: str
    size: int
    torrent: Path
    web_port: int
    tracker_port: int


def django_env(folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "ELASTICSEARCH_URL"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "jamhub.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "CELERY_BROKER_URL": f"filesystem://{folder / 'queue'}",
        "PYTHONPATH": str(ROOT),
    }
    return env


def publish_script(size: int) -> str:
    """Django shell code: publish one album of `size` bytes and build its torrent."""
    return f"""
import os, random
from pathlib import Path
from django.utils import timezone
from jamhub.accounts.models import User
from jamhub.catalog.models import Album, AlbumStatus, AlbumTorrent, Artist
from seeder.metainfo import TorrentSpec, build_torrent
owner = User.objects.create_user(email="bench@jamhub.test", password=None)
artist = Artist.objects.create(name="Bench Band", slug="bench-band")
album = Album.objects.create(artist=artist, title="Swarm Test", slug="swarm-test",
    licence="cc-by-4.0", status=AlbumStatus.PUBLISHED, published_at=timezone.now())
folder = Path(os.environ["MEDIA_ROOT"]) / "albums" / str(album.pk) / {FOLDER!r}
folder.mkdir(parents=True)
rng = random.Random(7)
left, n = {size}, 1
while left > 0:
    chunk = min(left, {size} // 6 + 1)
    (folder / f"{{n:02d}} - Track.flac").write_bytes(rng.randbytes(chunk))
    left -= chunk
    n += 1
built = build_torrent(TorrentSpec(folder=folder,
    trackers=["http://127.0.0.1:" + os.environ["BENCH_TRACKER_PORT"] + "/announce"],
    web_seed="http://127.0.0.1:" + os.environ["BENCH_WEB_PORT"]
        + f"/webseed/{{album.pk}}/",
    comment="bench", creation_date=1_700_000_000))
torrent = Path(os.environ["MEDIA_ROOT"]) / "torrents" / "bench.torrent"
torrent.parent.mkdir(parents=True)
torrent.write_bytes(built.data)
AlbumTorrent.objects.create(album=album, format="flac", info_hash=built.info_hash,
    name=built.name, path="torrents/bench.torrent", size=built.total_size,
    files_digest="bench")
print(album.pk, built.info_hash, built.total_size)
"""


def setup_origin(folder: Path, size: int) -> Origin:
    """A fresh site (migrated) with one published album and its torrent."""
    web_port, tracker_port = free_port(), free_port()
    env = django_env(folder)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    env |= {"BENCH_TRACKER_PORT": str(tracker_port), "BENCH_WEB_PORT": str(web_port)}
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", publish_script(size)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    album_id, info_hash, total = int(out[-3]), out[-2], int(out[-1])
    return Origin(
        folder=folder,
        album_id=album_id,
        info_hash=info_hash,
        size=total,
        torrent=folder / "media" / "torrents" / "bench.torrent",
        web_port=web_port,
        tracker_port=tracker_port,
    )


@dataclass
class Result:
    label: str
    leechers: int
    seeder_bytes: int
    web_seed_bytes: int
    times: list[float]

    def copies(self, size: int) -> float:
        return (self.seeder_bytes + self.web_seed_bytes) / size


def web_seed_bytes(origin: Origin) -> int:
    import sqlite3

    with sqlite3.connect(origin.folder / "db.sqlite3") as db:
        row = db.execute(
            "SELECT web_seed_bytes FROM catalog_albumtorrent WHERE info_hash = ?",
            (origin.info_hash,),
        ).fetchone()
    return int(row[0])


def reset_counters(origin: Origin) -> None:
    import sqlite3

    with sqlite3.connect(origin.folder / "db.sqlite3") as db:
        db.execute("UPDATE catalog_albumtorrent SET web_seed_bytes = 0")


def run_scenario(
    origin: Origin,
    *,
    label: str,
    leechers: int,
    cap: int,
    policy: bool,
    super_seeding: bool,
    unchoke_slots: int,
    timeout: float,
) -> Result:
    reset_counters(origin)
    run_dir = Path(tempfile.mkdtemp(dir=origin.folder, prefix="run-"))
    allowed = run_dir / "allowed.txt"
    allowed.write_text(f"{origin.info_hash}\n")
    env = django_env(origin.folder)
    env |= {
        "JAMHUB_WEB_SEED_RATE": str(cap if policy else 0),
        "JAMHUB_TRACKER_STATS_URL": f"http://127.0.0.1:{origin.tracker_port}/stats",
    }
    if not policy:  # no budget at all; with the policy, the settings' default
        env["JAMHUB_WEB_SEED_SWARM_RATE"] = "0"
    processes: list[subprocess.Popen[str]] = []

    def start(command: list[str], **kwargs: object) -> subprocess.Popen[str]:
        process = subprocess.Popen(command, cwd=ROOT, text=True, **kwargs)  # type: ignore[call-overload]
        processes.append(process)
        return process

    try:
        start(
            [
                PYTHON,
                "-m",
                "seeder.tracker",
                "--host",
                "127.0.0.1",
                "--port",
                str(origin.tracker_port),
                "--allowed-file",
                str(allowed),
                "--log-level",
                "WARNING",
            ],
            env=env,
        )
        start(
            [
                PYTHON,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{origin.web_port}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(origin.tracker_port)
        wait_for_port(origin.web_port)
        seeder = start(
            [
                PYTHON,
                "-m",
                "bench.swarm",
                "seeder",
                "--media-root",
                str(origin.folder / "media"),
                "--state-dir",
                str(run_dir / "seeder"),
                "--port",
                str(free_port()),
                "--cap",
                str(cap),
                "--info-hash",
                origin.info_hash,
                "--torrent",
                "torrents/bench.torrent",
                "--save-path",
                f"albums/{origin.album_id}",
                *([] if policy else ["--libtorrent-defaults"]),
                *(["--super-seeding"] if policy and super_seeding else []),
                *(["--unchoke-slots", str(unchoke_slots)] if policy else []),
            ],
            stdout=subprocess.PIPE,
        )
        time.sleep(2)  # the seeder announces first, as the real one does
        fans = [
            start(
                [
                    PYTHON,
                    "-m",
                    "bench.swarm",
                    "leecher",
                    "--torrent",
                    str(origin.torrent),
                    "--save-path",
                    str(run_dir / f"fan-{n}"),
                    "--timeout",
                    str(timeout),
                ],
                stdout=subprocess.PIPE,
            )
            for n in range(leechers)
        ]
        times = []
        for fan in fans:
            line = fan.stdout.readline() if fan.stdout else ""
            seconds = json.loads(line)["seconds"] if line else None
            if seconds is None:
                raise RuntimeError(f"{label}: a leecher did not finish in {timeout} s")
            times.append(seconds)
        for fan in fans:
            fan.send_signal(signal.SIGTERM)
        seeder.send_signal(signal.SIGTERM)
        uploaded = json.loads(seeder.stdout.readline() if seeder.stdout else "")[
            "uploaded"
        ]
        time.sleep(1)  # the web seed's last responses close and are counted
        for fan_dir in run_dir.glob("fan-*"):
            check_files(origin, fan_dir)
        return Result(label, leechers, uploaded, web_seed_bytes(origin), times)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def check_files(origin: Origin, fan_dir: Path) -> None:
    source = origin.folder / "media" / "albums" / str(origin.album_id) / FOLDER
    for original in source.iterdir():
        copy = fan_dir / FOLDER / original.name
        if copy.read_bytes() != original.read_bytes():
            raise RuntimeError(f"{copy} differs from the original")


def report(results: list[Result], size: int, cap: int) -> None:
    mb = 1024 * 1024
    print(f"\nalbum: {size / mb:.1f} MiB; origin cap: {cap / mb:.1f} MiB/s\n")
    print(
        f"{'run':<34} {'fans':>4} {'seeder MiB':>10} {'web seed MiB':>12} "
        f"{'copies':>7} {'median s':>9} {'last s':>7}"
    )
    for r in results:
        print(
            f"{r.label:<34} {r.leechers:>4} {r.seeder_bytes / mb:>10.1f} "
            f"{r.web_seed_bytes / mb:>12.1f} {r.copies(size):>7.2f} "
            f"{statistics.median(r.times):>9.1f} {max(r.times):>7.1f}"
        )
    anchor, ours, lone = results
    print(
        f"\ncopies, JamHub / anchor: {ours.copies(size):.2f} / "
        f"{anchor.copies(size):.2f} = {ours.copies(size) / anchor.copies(size):.2f} "
        f"(goal: JamHub <= 1.20 copies)"
    )
    speed = size / lone.times[0]
    print(
        f"lone fan: {speed / mb:.2f} MiB/s = {speed / cap:.2f} x the origin's cap "
        f"(goal: >= 1.00)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="role")
    seeder = sub.add_parser("seeder")
    for name in ("--media-root", "--state-dir", "--info-hash", "--torrent"):
        seeder.add_argument(name, required=True)
    seeder.add_argument("--save-path", required=True)
    seeder.add_argument("--port", type=int, required=True)
    seeder.add_argument("--cap", type=int, required=True)
    seeder.add_argument("--libtorrent-defaults", action="store_true")
    seeder.add_argument("--super-seeding", action="store_true")
    seeder.add_argument("--unchoke-slots", type=int, default=1)
    leecher = sub.add_parser("leecher")
    leecher.add_argument("--torrent", required=True)
    leecher.add_argument("--save-path", required=True)
    leecher.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--leechers", type=int, default=10)
    parser.add_argument("--size-mb", type=float, default=96)
    parser.add_argument("--cap-mb", type=float, default=2)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--super-seeding",
        action="store_true",
        help="JamHub's seeder in BEP 16 super-seeding mode",
    )
    parser.add_argument(
        "--unchoke-slots", type=int, default=1, help="JamHub's seeder (--unchoke-slots)"
    )
    args = parser.parse_args()
    if args.role == "seeder":
        run_seeder(args)
    elif args.role == "leecher":
        run_leecher(args)

    cap = int(args.cap_mb * 1024 * 1024)
    folder = Path(tempfile.mkdtemp(prefix="jamhub-bench-swarm-"))
    try:
        print("preparing a site, an album and its torrent...", flush=True)
        origin = setup_origin(folder, int(args.size_mb * 1024 * 1024))
        results = []
        for label, leechers, policy in (
            ("anchor: web seed without budget", args.leechers, False),
            ("JamHub: web seed policy", args.leechers, True),
            ("JamHub: a lone fan", 1, True),
        ):
            print(f"running {label} with {leechers} fan(s)...", flush=True)
            results.append(
                run_scenario(
                    origin,
                    label=label,
                    leechers=leechers,
                    cap=cap,
                    policy=policy,
                    super_seeding=args.super_seeding,
                    unchoke_slots=args.unchoke_slots,
                    timeout=args.timeout,
                )
            )
        report(results, origin.size, cap)
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
