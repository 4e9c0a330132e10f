"""An artist uploads an album, a moderator approves it, a listener plays it and keeps
hearing it while moving to another page."""

import re

import pytest

from tests.media import make_audio, make_image

# Live-server tests flush the database afterwards; serialized rollback puts back
# what migrations created (Wagtail's root page and locales) for the next test.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(180),
]

DEMO_PASSWORD = "jamhub-demo"


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/en/accounts/login/")
    page.get_by_label(re.compile(r"^Email:?$")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(base_url + "/en/")


def sign_out(page) -> None:
    nav = page.get_by_role("navigation", name="Your account")
    nav.locator(".account-menu > summary").click()
    nav.get_by_role("button", name="Sign out").click()
    nav.get_by_role("link", name="Sign in").wait_for()


def test_upload_review_and_listen_across_pages(live_server, demo_site, page, tmp_path):
    from playwright.sync_api import expect

    base = live_server.url
    files = [
        make_audio(tmp_path / f"0{n} Take {n}.flac", seconds=3, frequency=300 + 100 * n)
        for n in (1, 2, 3)
    ]
    cover = make_image(tmp_path / "cover.png", size=(640, 640))

    # The artist creates an artist space and an album, then uploads three files.
    sign_in(page, base, "alice@jamhub.test")
    page.goto(base + "/en/studio/artists/new/")
    page.get_by_label(re.compile("Artist or band name")).fill("The Browser Band")
    page.get_by_role("button", name="Create").click()
    page.get_by_label(re.compile("Album title")).fill("Headless Sessions")
    page.get_by_label("CC BY 4.0").check()
    page.get_by_role("button", name=re.compile("Create the album")).click()
    expect(page.get_by_role("heading", name="Headless Sessions")).to_be_visible()

    page.locator("[data-upload-input][data-ready]").set_input_files(
        [str(f) for f in files]
    )
    # One progress bar per file; the list reloads with the tracks once all are in.
    expect(page.locator(".track-editor__item")).to_have_count(3, timeout=30_000)
    expect(page.locator(".track-editor__item input[type=text]").first).to_have_value(
        re.compile("Take 1")
    )

    page.locator("#cover-file").set_input_files(str(cover))
    page.get_by_role("button", name="Save the cover").click()
    expect(page.get_by_text("Cover saved.")).to_be_visible()

    page.get_by_role("button", name="Submit for publication").click()
    expect(page.locator("[data-album-status]")).to_contain_text(
        re.compile("Waiting for review|Processing"), timeout=60_000
    )
    sign_out(page)

    # A moderator listens, checks and approves.
    sign_in(page, base, "moderator@jamhub.test")
    page.goto(base + "/en/moderation/")
    page.get_by_role("link", name="Headless Sessions").click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Published. The artist has been told.")).to_be_visible()
    sign_out(page)

    # A listener plays the album, then follows a link: the music goes on.
    page.goto(base + "/en/albums/")
    page.get_by_role("link", name=re.compile("Headless Sessions")).first.click()
    expect(page.get_by_role("heading", name="Headless Sessions")).to_be_visible()
    page.get_by_role("button", name="Play the album").click()
    page.wait_for_function(
        "() => { const a = document.getElementById('player-audio');"
        " return a && !a.paused && a.currentTime > 0.3; }",
        timeout=15_000,
    )
    page.evaluate(
        "() => { document.getElementById('player').dataset.marker = 'same'; }"
    )
    before = page.evaluate("() => document.getElementById('player-audio').currentTime")

    page.locator("#main").get_by_role("link", name="The Browser Band").first.click()
    expect(page.get_by_role("heading", name="The Browser Band")).to_be_visible()
    assert page.url.endswith("/en/artists/the-browser-band/")
    page.wait_for_function(
        f"() => document.getElementById('player-audio').currentTime > {before} + 0.5",
        timeout=10_000,
    )
    state = page.evaluate(
        "() => ({marker: document.getElementById('player').dataset.marker,"
        " paused: document.getElementById('player-audio').paused,"
        " title: document.querySelector('[data-player-title]').textContent})"
    )
    assert state["marker"] == "same"  # the player element was never replaced
    assert state["paused"] is False
    assert "Take 1" in state["title"]
    page.screenshot(path=str(tmp_path / "listening.png"), full_page=True)
    assert (tmp_path / "listening.png").stat().st_size > 10_000
