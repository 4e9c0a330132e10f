"""Production settings: fail fast half-configured, pass check --deploy otherwise."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-for-the-check-only-" + "x" * 20
TRACKER_TOKEN = "tracker-token-for-the-check-only"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "JAMHUB_TRACKER_TOKEN",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests
        }
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="jamhub.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_check_deploy_passes_with_the_required_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="jamhub.example",
        SITE_URL="https://jamhub.example",
        JAMHUB_TRACKER_TOKEN=TRACKER_TOKEN,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="jamhub.example")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_refuses_a_short_secret_key():
    result = run_manage("check", SECRET_KEY="short", ALLOWED_HOSTS="jamhub.example")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=GOOD_KEY)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_the_tracker_token():
    for token in ({}, {"JAMHUB_TRACKER_TOKEN": ""}):
        result = run_manage(
            "check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="jamhub.example", **token
        )

        assert result.returncode != 0
        assert "JAMHUB_TRACKER_TOKEN must be set" in result.stderr


@pytest.mark.slow
def test_production_headers_on_a_real_response():
    # /healthz needs no collected static files; its status depends on the services.
    code = (
        "from django.test import Client;"
        "r = Client().get('/healthz', secure=True, HTTP_HOST='jamhub.example');"
        "print(r.status_code);"
        "[print(h, '=', r.get(h, '')) for h in ("
        "'Strict-Transport-Security', 'Content-Security-Policy', 'Referrer-Policy',"
        "'X-Frame-Options', 'X-Content-Type-Options', 'Cross-Origin-Opener-Policy',"
        "'Permissions-Policy')]"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="jamhub.example",
        JAMHUB_TRACKER_TOKEN=TRACKER_TOKEN,
    )

    assert result.returncode == 0, result.stderr
    headers = dict(
        line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line
    )
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), autoplay=(self)"
    )
