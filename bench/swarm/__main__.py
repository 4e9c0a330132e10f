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
import shutil
import statistics
import tempfile
from pathlib import Path

from bench.swarm.origin import Result, run_scenario, setup_origin
from bench.swarm.roles import run_leecher, run_seeder


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
