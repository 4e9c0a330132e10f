"""The one module that imports libtorrent, with a version check.

Everything else in seeder/ (and the site, through seeder.metainfo) uses `lt` from
here, so an upgrade is checked in one place. Measured facts about this version are in
the project's FACTS (v1 torrents only; paused/auto_managed flags; DHT and LSD off in
tests)."""

from typing import Any

try:
    import libtorrent as _lt
except ImportError as exc:  # pragma: no cover - the wheel is a pinned dependency
    raise ImportError(
        "libtorrent is not installed: run `make install` (it is pinned in "
        "pyproject.toml)."
    ) from exc

SUPPORTED = ((2, 1),)

lt: Any = _lt
VERSION = tuple(int(part) for part in str(_lt.__version__).split(".")[:3])

if VERSION[:2] not in SUPPORTED:  # pragma: no cover - guards an upgrade
    raise ImportError(
        f"libtorrent {_lt.__version__} is not a version JamHub was tested with "
        f"({', '.join('.'.join(map(str, v)) for v in SUPPORTED)}.x); check the "
        "torrent and seeding tests before allowing it."
    )

__all__ = ["VERSION", "lt"]
