"""In a browser: the home page plays an album in one click, and the main pages
break no rule of the Content-Security-Policy."""

import hashlib

import pytest

from tests.community.conftest import album, artist, make_album  # noqa: F401
from tests.e2e.conftest import page  # noqa: F401 - the browser fixture
from tests.media import make_audio

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(240),
]


def _playable_track(settings, album_, number: int, title: str):
    from pathlib import Path

    from jamhub.catalog.models import Rendition, Track
    from jamhub.catalog.models.tracks import TrackState

    relative = f"albums/{album_.pk}/mp3/{number:02d} - {title}.mp3"
    path = make_audio(Path(settings.MEDIA_ROOT) / relative, seconds=20)
    track = Track.objects.create(
        album=album_,
        number=number,
        title=title,
        duration=20.0,
        state=TrackState.READY,
    )
    data = path.read_bytes()
    Rendition.objects.create(
        track=track,
        format="mp3",
        codec="mp3",
        path=relative,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        duration=20.0,
    )
    return track


def test_a_card_on_the_home_page_plays_its_album(
    live_server,
    page,  # noqa: F811
    demo_site,
    make_album,  # noqa: F811
    settings,
):
    from playwright.sync_api import expect

    older = make_album("Older Tides")
    _playable_track(settings, older, 1, "Low Water")
    newer = make_album("Newer Winds")
    _playable_track(settings, newer, 1, "North Gale")
    _playable_track(settings, newer, 2, "South Breeze")
    # The first screen is music: on a laptop the first album cards sit beside the
    # welcome, whole, above where the player bar comes.
    page.set_viewport_size({"width": 1366, "height": 850})
    page.goto(live_server.url + "/en/")
    first_screen = page.locator(".home-albums--featured > li")
    expect(first_screen.first).to_be_visible()
    assert (
        first_screen.first.bounding_box()["y"]
        + first_screen.first.bounding_box()["height"]
        < 850 - 80
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/en/")
    # On a phone the cards are two to a row, not one the width of the screen, and
    # the first ones' play buttons are on the first screen.
    assert page.get_by_role("button", name="Play Older Tides").bounding_box()["y"] < 844
    cards = page.locator(".home-albums > li")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["y"] == second["y"]
    assert first["width"] < 390 / 2

    page.get_by_role("button", name="Play Older Tides").click()

    expect(page.locator("[data-player-title]")).to_have_text("Low Water")
    page.wait_for_function(
        "() => { const a = document.getElementById('player-audio');"
        " return a.src.includes('Low%20Water') && !a.paused && a.currentTime > 0; }"
    )
    # The player plays on while the listener moves to another page.
    page.get_by_role("link", name="Newer Winds").first.click()
    expect(page.get_by_role("heading", name="Newer Winds")).to_be_visible()
    assert page.evaluate("() => !document.getElementById('player-audio').paused")


def test_the_main_pages_break_no_content_security_rule(
    live_server,
    page,  # noqa: F811
    demo_site,
    make_album,  # noqa: F811
    settings,
):
    from playwright.sync_api import expect

    from tests.community.test_browser import sign_in
    from tests.factories import UserFactory

    record = make_album("Quiet Rooms")
    _playable_track(settings, record, 1, "Hall")
    record.tags.add("ambient")
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))

    for signed_in in (False, True):
        if signed_in:
            sign_in(page, live_server, UserFactory(display_name="Cy Policy"))
        for path in ("/en/", record.get_absolute_url(), "/en/artists/", "/en/radios/"):
            page.goto(live_server.url + path)
            expect(page.locator("#main")).to_be_visible()
        # Boosted navigation swaps pages in with htmx: through it as well.
        page.goto(live_server.url + "/en/")
        page.get_by_role("link", name="Quiet Rooms").first.click()
        expect(page.get_by_role("heading", name="Quiet Rooms")).to_be_visible()
        # The second round finds the album still playing from the first (the player
        # keeps its queue across pages): its button then reads "Pause".
        page.locator("[data-play-toggle]").first.click()
        expect(page.locator("[data-player-title]")).to_have_text("Hall")

    policy = [m for m in messages if "Content Security Policy" in m]
    assert policy == []


def test_a_boosted_page_swap_copies_no_inline_style(
    live_server,
    page,  # noqa: F811
    demo_site,
):
    """htmx settles attributes of elements kept across a swap (same id) by copying
    them with setAttribute; a style attribute left by a script (even an empty one,
    as `element.style.x = ""` leaves) would then be an inline style the policy
    refuses."""
    from playwright.sync_api import expect

    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(live_server.url + "/en/")
    page.evaluate(
        "() => { for (const id of ['main', 'site-nav', 'header-search'])"
        " { const e = document.getElementById(id);"
        " e.style.color = 'red'; e.style.color = ''; } }"
    )
    assert page.evaluate("() => document.getElementById('main').hasAttribute('style')")

    page.locator(".main-nav").get_by_role("link", name="Artists").click()

    expect(page.get_by_role("heading", name="Artists", exact=True)).to_be_visible()
    assert violations == []
