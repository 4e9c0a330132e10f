"""Local development: the embedded default (SQLite, filesystem queue, console mail)."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, STORAGES

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
