"""Local development: the embedded default (SQLite, filesystem queue, console mail)."""

from .base import *  # noqa: F403
from .base import JAMHUB_SEEDER_TOKEN, JAMHUB_TRACKER_TOKEN, SECRET_KEY, STORAGES

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The embedded seeder started by `make run` uses this token unless one is set.
JAMHUB_SEEDER_TOKEN = JAMHUB_SEEDER_TOKEN or "dev-seeder-token"
# The embedded tracker started by `make run` uses this token unless one is set.
JAMHUB_TRACKER_TOKEN = JAMHUB_TRACKER_TOKEN or "dev-tracker-token"
