"""Health probes for /healthz: each returns when its part is up, raises if not."""

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from jamhub.celery import app as celery_app

PROBE_TIMEOUT_SECONDS = 3


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("cache did not return the value just written")
    finally:
        cache.delete(key)


def check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT_SECONDS)
        # A channel proves the broker accepts work, not only the TCP connection.
        conn.default_channel  # noqa: B018


def check_storage() -> None:
    name = default_storage.save(
        f"healthz/{secrets.token_hex(8)}.txt", ContentFile(b"ok")
    )
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise RuntimeError("storage did not return the bytes just written")
    finally:
        default_storage.delete(name)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    milliseconds: float
    error: str = ""


def run_checks(
    checks: dict[str, Callable[[], None]] | None = None,
) -> dict[str, ProbeResult]:
    """Run every probe; a failing one reports its exception type, never its details."""
    results = {}
    for name, check in (checks or CHECKS).items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:
            results[name] = ProbeResult(
                False, (time.perf_counter() - started) * 1000, type(exc).__name__
            )
        else:
            results[name] = ProbeResult(True, (time.perf_counter() - started) * 1000)
    return results
