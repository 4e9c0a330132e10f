"""A throwaway site with one published album, and one run of a swarm against it."""

import json
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.swarm.common import FOLDER, PYTHON, ROOT, free_port, wait_for_port


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
        # Shared by the tracker and the site (dev settings use the same default).
        "JAMHUB_TRACKER_TOKEN": env.get("JAMHUB_TRACKER_TOKEN", "dev-tracker-token"),
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
