"""Theme lookup: JAMHUB_THEME picks themes/<name>/, falling back to themes/default/.

Imported by settings, so it must not import Django models or settings.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DEFAULT_THEME = "default"


def theme_dirs(root: Path, name: str) -> list[Path]:
    """Return the theme folders to search, the chosen theme first, then the default."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ImproperlyConfigured(f"JAMHUB_THEME {name!r} is not a theme folder name.")
    chosen = root / name
    if not chosen.is_dir():
        available = sorted(p.name for p in root.iterdir() if p.is_dir())
        raise ImproperlyConfigured(
            f"JAMHUB_THEME {name!r}: no folder {chosen}. "
            f"Available: {', '.join(available)}."
        )
    names = [name] if name == DEFAULT_THEME else [name, DEFAULT_THEME]
    return [root / n for n in names]


def theme_template_dirs(root: Path, name: str) -> list[Path]:
    """Template folders for the theme; a missing folder in a custom theme is skipped."""
    return [
        d / "templates" for d in theme_dirs(root, name) if (d / "templates").is_dir()
    ]


def theme_static_dirs(root: Path, name: str) -> list[Path]:
    """Static folders for the theme; the first one holding a file wins."""
    return [d / "static" for d in theme_dirs(root, name) if (d / "static").is_dir()]
