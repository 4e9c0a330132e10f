"""bench/ingest: our ingest pipeline against plain ffmpeg commands, same renditions.

Generates a 10-track album (stereo 44.1 kHz WAV, lossless, so MP3 + Ogg + FLAC are
made), ingests it through the real service (decode check, renditions, licence tags,
checksums, album documents), then makes the same three renditions of every track
with three plain ffmpeg commands each. Prints both times and the ratio.

    .venv/bin/python -m bench.ingest [--tracks 10] [--seconds 60]

Goal: ours <= 1.25 x plain ffmpeg.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def setup_django(work: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="jamhub.settings.dev",
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        CELERY_BROKER_URL="memory://",
        REDIS_URL="",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_sources(folder: Path, tracks: int, seconds: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for n in range(1, tracks + 1):
        path = folder / f"{n:02d} Track {n}.wav"
        expression = (
            f"0.3*sin(2*PI*{110 * n}*t)+0.2*sin(2*PI*{137 * n}*t)"
            f"+0.05*(random(0)-0.5)|0.3*sin(2*PI*{111 * n}*t)+0.2*sin(2*PI*{138 * n}*t)"
        )
        subprocess.run(
            [
                "ffmpeg",
                "-nostdin",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                f"aevalsrc={expression}:s=44100:d={seconds}",
                "-c:a",
                "pcm_s16le",
                str(path),
            ],
            check=True,
        )
        paths.append(path)
    return paths


def run_pipeline(sources: list[Path], *, parallelism: int, label: str) -> float:
    from django.conf import settings

    from jamhub.accounts.models import User
    from jamhub.catalog.services import albums
    from jamhub.catalog.services.ingest import ingest_album
    from jamhub.catalog.services.uploads import add_track

    settings.JAMHUB_INGEST_PARALLELISM = parallelism
    user = User.objects.create_user(f"bench-{label}@example.org", "bench-password-123")
    artist = albums.create_artist(name=f"Bench Band {label}", by=user)
    album = albums.create_album(
        artist, title="Bench Album", licence="cc-by-4.0", by=user
    )
    for source in sources:
        copy = source.with_suffix(".copy.wav")
        shutil.copyfile(source, copy)
        add_track(album, source=copy, file_name=source.name, by=user)
    albums.submit_album(album, by=user)
    started = time.perf_counter()
    ingest_album(album.pk)
    elapsed = time.perf_counter() - started
    album.refresh_from_db()
    if album.status != "pending_review":
        sys.exit(f"ingest did not finish: {album.status} {album.status_reason}")
    return elapsed


def run_plain_ffmpeg(sources: list[Path], out: Path) -> float:
    out.mkdir()
    commands = []
    for source in sources:
        stem = out / source.stem
        base = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(source)]
        commands += [
            [*base, "-c:a", "libmp3lame", "-q:a", "0", f"{stem}.mp3"],
            [*base, "-c:a", "libvorbis", "-q:a", "6", f"{stem}.ogg"],
            [*base, "-c:a", "flac", f"{stem}.flac"],
        ]
    started = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jamhub-bench-") as scratch:
        work = Path(scratch)
        setup_django(work)
        sources = make_sources(work / "sources", options.tracks, options.seconds)
        # Warm the page cache for both runs alike.
        for source in sources:
            source.read_bytes()
        plain = run_plain_ffmpeg(sources, work / "plain")
        serial = run_pipeline(sources, parallelism=1, label="serial")
        from django.conf import settings

        from jamhub.catalog.services.ingest import ingest_parallelism

        settings.JAMHUB_INGEST_PARALLELISM = 0
        workers = ingest_parallelism()
        ours = run_pipeline(sources, parallelism=0, label="parallel")
    audio = options.tracks * options.seconds
    rows = [
        ("plain ffmpeg, 3 commands a track", plain),
        ("JamHub ingest, 1 track at a time", serial),
        (f"JamHub ingest, {workers} tracks at a time", ours),
    ]
    print(f"album: {options.tracks} tracks x {options.seconds} s, 44.1 kHz stereo WAV")
    print("renditions: MP3 V0 + Ogg q6 + FLAC per track, licence tags, checksums")
    for label, seconds in rows:
        print(
            f"{label:<36} {seconds:7.2f} s  {audio / seconds:5.0f}x realtime"
            f"  ratio {seconds / plain:.2f}"
        )
    print(f"ratio ours / plain: {ours / plain:.2f}  (goal <= 1.25)")


if __name__ == "__main__":
    main()
