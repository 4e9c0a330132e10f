"""Tests: the database and Redis named by DATABASE_URL / REDIS_URL, else SQLite."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, REDIS_URL, STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# Mail is delivered in-process to django.core.mail.outbox; the queued path is tested
# separately against a real worker.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
JAMHUB_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if REDIS_URL:
    CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": "jamhub-test"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server answers parallel uploads
    # from several threads, which an in-memory SQLite database cannot take.
    # One file per test run, so that two runs at once never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")
    }
    # No WAL: Django deletes the test database file between runs but not WAL's
    # side files, and a stale -shm makes the next run fail.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
