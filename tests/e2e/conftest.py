"""Browser tests: headless Debian Chromium driven by Playwright's sync API."""

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread, which makes
# Django refuse ORM calls from that thread (the test's own fixtures included).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    # Headless Chromium has no sound card: let media play without one.
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture
def page() -> Iterator[object]:
    """A fresh page in a headless Chromium; the browser is never downloaded."""
    executable = shutil.which("chromium")
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(locale="en-GB")
            context.set_default_timeout(10_000)
            yield context.new_page()
            context.close()
        finally:
            browser.close()
