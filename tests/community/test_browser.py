"""In a browser: a listener's whole round (star, review, tag, playlist, play), tag
suggestions by keyboard, the 429 page through htmx, and a radio's refills."""

import pytest

from jamhub.community.models import CommunityTagging
from jamhub.community.services import ratelimit
from jamhub.community.services import tags as tag_services
from tests.e2e.conftest import page  # noqa: F401 - the browser fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(240),
]


def sign_in(browser_page, live_server, user) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    browser_page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


def test_tag_suggestions_are_chosen_with_the_keyboard(
    live_server,
    page,  # noqa: F811
    album,
    listener,
    other_listener,
):
    from playwright.sync_api import expect

    tag_services.tag_object(album, by=other_listener, names=["ambient", "dub"])
    sign_in(page, live_server, listener)
    page.goto(live_server.url + album.get_absolute_url())

    field = page.get_by_role("combobox", name="Add tags")
    field.press_sequentially("amb")
    option = page.get_by_role("option", name="ambient")
    expect(option).to_be_visible()
    field.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    field.press("Enter")
    expect(field).to_have_value("ambient, ")
    field.press_sequentially("night")
    field.press("Enter")  # no suggestion selected: the form is sent

    expect(page.locator(".tags--community")).to_contain_text("night")
    assert set(
        CommunityTagging.objects.filter(tagger=listener).values_list(
            "tag__name", flat=True
        )
    ) == {"ambient", "night"}


def test_the_slow_down_page_is_shown_after_an_htmx_post(
    live_server,
    page,  # noqa: F811
    album,
    listener,
    monkeypatch,
):
    from playwright.sync_api import expect

    monkeypatch.setattr(
        ratelimit, "LIMITS", {**ratelimit.LIMITS, "tag": ratelimit.Limit(0, 600)}
    )
    sign_in(page, live_server, listener)
    page.goto(live_server.url + album.get_absolute_url())

    page.get_by_role("combobox", name="Add tags").fill("night")
    page.get_by_role("button", name="Add", exact=True).click()

    expect(page.get_by_role("heading", name="Slow down")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("try again in 10 minutes")


def test_a_listener_stars_reviews_tags_builds_a_playlist_and_plays_it(
    live_server,
    page,  # noqa: F811
    album,
    make_track,
    listener,
):
    from playwright.sync_api import expect

    from jamhub.community.models import Favourite, Playlist, Review

    make_track(album, 1, "Dawn")
    sign_in(page, live_server, listener)
    page.goto(live_server.url + album.get_absolute_url())

    page.get_by_label("5 – Outstanding").check()
    page.get_by_label("Your review (optional)").fill("Warm *and* patient.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".review-form, .reviews").first).to_be_visible()
    expect(page.get_by_text("Warm and patient.").first).to_be_visible()
    page.get_by_role("combobox", name="Add tags").fill("sunrise")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".tags--community")).to_contain_text("sunrise")

    star = page.get_by_role("button", name="Favourite: 01. Dawn")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(page.get_by_role("button", name="Favourite: 01. Dawn")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.locator(".add-to-playlist summary").click()
    page.get_by_label("New playlist title").fill("Walk")
    page.get_by_role("button", name="Add to playlist").click()
    expect(page.get_by_text("Added Dawn to Walk.")).to_be_visible()

    playlist = Playlist.objects.get(owner=listener)
    page.goto(live_server.url + playlist.get_absolute_url())
    page.get_by_role("button", name="Play the playlist").click()
    expect(page.locator("[data-player-title]")).to_have_text("Dawn")
    assert Favourite.objects.filter(user=listener, kind="track").count() == 1
    assert [i.track.title for i in playlist.items.all()] == ["Dawn"]
    assert Review.objects.get(author=listener, album=album).rating == 5


def test_a_radio_fetches_more_tracks_when_its_queue_runs_low(
    live_server,
    page,  # noqa: F811
    album,
    make_track,
):
    from playwright.sync_api import expect

    album.tags.add("ambient")
    for number in range(1, 13):
        make_track(album, number, f"Wave {number}")
    page.goto(live_server.url + "/en/radios/tag/ambient/")
    page.get_by_role("button", name="Start the radio").click()
    queue_length = "() => window.JamHubPlayer.state.queue.length"
    assert page.evaluate(queue_length) == 10
    next_button = page.get_by_role("button", name="Next track")
    for _ in range(8):
        next_button.click()
    page.wait_for_function("() => window.JamHubPlayer.state.queue.length === 12")
    ids = page.evaluate("() => window.JamHubPlayer.state.queue.map(t => t.id)")
    assert len(set(ids)) == 12
    expect(page.locator("[data-player-title]")).to_contain_text("Wave")


def _scroll_to(browser_page, locator) -> float:
    """Scroll so the element sits mid-screen; return window.scrollY."""
    locator.evaluate("el => el.scrollIntoView({block: 'center'})")
    browser_page.wait_for_timeout(100)
    scroll = browser_page.evaluate("window.scrollY")
    assert scroll > 50, "the page is too short to test the scroll position"
    return scroll


def test_helpful_tags_and_playlist_arrows_keep_the_scroll_position(
    live_server,
    page,  # noqa: F811
    album,
    make_track,
    listener,
    other_listener,
):
    from playwright.sync_api import expect

    from jamhub.community.services import playlists as playlist_services
    from tests.community.factories import ReviewFactory

    page.set_viewport_size({"width": 1000, "height": 420})
    review = ReviewFactory(album=album, author=other_listener, body="Long and warm.")
    for _ in range(3):
        ReviewFactory(album=album)
    sign_in(page, live_server, listener)
    page.goto(live_server.url + album.get_absolute_url())

    card = page.locator(f"#review-{review.pk}")
    before = _scroll_to(page, card)
    card.get_by_role("button", name="Helpful").click()
    expect(card).to_contain_text("1 listener found this helpful")
    assert abs(page.evaluate("window.scrollY") - before) < 5

    field = page.get_by_role("combobox", name="Add tags")
    before = _scroll_to(page, field)
    field.fill("sunrise")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".tags--community")).to_contain_text("sunrise")
    assert abs(page.evaluate("window.scrollY") - before) < 5

    playlist = playlist_services.create_playlist(by=listener, title="Walk")
    for number, title in enumerate("ABCDEFGH", 1):
        track = make_track(album, number, title)
        playlist_services.add_track(playlist, track, by=listener)
    page.goto(live_server.url + playlist.get_absolute_url())
    button = page.get_by_role("button", name="Move H up")
    before = _scroll_to(page, button)
    button.click()
    titles = page.locator("#playlist-items .tracklist__title")
    expect(titles.nth(6)).to_have_text("H")
    assert abs(page.evaluate("window.scrollY") - before) < 5
    expect(page.get_by_role("button", name="Move H up")).to_be_focused()


def test_deleting_a_playlist_asks_in_a_dialog(
    live_server,
    page,  # noqa: F811
    listener,
):
    from playwright.sync_api import expect

    from jamhub.community.models import Playlist
    from jamhub.community.services import playlists as playlist_services

    playlist = playlist_services.create_playlist(by=listener, title="Walk")
    sign_in(page, live_server, listener)
    page.goto(live_server.url + playlist.get_absolute_url())

    page.get_by_role("link", name="Delete the playlist…").click()
    dialog = page.get_by_role("dialog", name="Delete “Walk”?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Keep it")).to_be_focused()
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()
    assert page.url.endswith(playlist.get_absolute_url())
    assert Playlist.objects.filter(pk=playlist.pk).exists()

    page.get_by_role("link", name="Delete the playlist…").click()
    dialog.get_by_role("button", name="Delete the playlist").click()
    expect(page.get_by_role("heading", name="Your playlists", level=1)).to_be_visible()
    assert not Playlist.objects.filter(pk=playlist.pk).exists()
