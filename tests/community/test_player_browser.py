"""In a browser: the player keeps playing across Back and Forward, a playlist zip and
a reload; shows what plays on the pages (track rows, "Pause", a radio's "Coming
up"); and its queue panel, shuffle, repeat and star."""

import hashlib
from pathlib import Path

import pytest

from jamhub.catalog.models import Rendition
from jamhub.community.services import playlists as playlist_services
from tests.community.test_browser import sign_in
from tests.e2e.conftest import page  # noqa: F401 - the browser fixture
from tests.media import make_audio

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(240),
]

AUDIO = "document.getElementById('player-audio')"
PLAYING = f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.5"
POSITION = f"() => {AUDIO}.currentTime"
IS_PLAYING = f"() => !{AUDIO}.paused"


@pytest.fixture
def make_playable_track(make_track, settings):
    """A ready track whose MP3 rendition is real audio the browser can play."""

    def make(album, number: int, title: str, *, seconds: float = 40.0):
        track = make_track(album, number, title, formats=("mp3",))
        rendition = track.renditions.get(format="mp3")
        path = Path(settings.MEDIA_ROOT) / rendition.path
        make_audio(path, seconds=seconds, frequency=300 + 40 * number)
        data = path.read_bytes()
        Rendition.objects.filter(pk=rendition.pk).update(
            size=len(data), sha256=hashlib.sha256(data).hexdigest()
        )
        track.duration = seconds
        track.save(update_fields=["duration"])
        return track

    return make


def start_playing(browser_page, button_name: str) -> None:
    browser_page.get_by_role("button", name=button_name).click()
    browser_page.wait_for_function(PLAYING)


def test_back_and_forward_keep_the_music_playing(
    live_server,
    page,  # noqa: F811
    album,
    make_playable_track,
):
    from playwright.sync_api import expect

    make_playable_track(album, 1, "Dawn")
    page.goto(live_server.url + album.get_absolute_url())
    start_playing(page, "Play the album")
    page.wait_for_function(f"() => {AUDIO}.currentTime > 1.5")

    # The title in the player is a link too, and loads the page into #page only.
    page.get_by_role("region", name="Player").get_by_role("link", name="Dawn").click()
    expect(page.get_by_role("heading", name="Dawn")).to_be_visible()
    assert page.evaluate(IS_PLAYING)
    page.go_back()
    expect(page.get_by_role("heading", name="First Light")).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate(IS_PLAYING)
    assert page.evaluate(POSITION) > 1.5
    page.go_forward()
    expect(page.get_by_role("heading", name="Dawn")).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate(IS_PLAYING)
    assert page.evaluate(POSITION) > 1.5
    expect(page.locator("[data-player-title]")).to_have_text("Dawn")


def test_requesting_and_downloading_a_playlist_zip_keeps_the_music_playing(
    live_server,
    page,  # noqa: F811
    album,
    listener,
    make_playable_track,
):
    from playwright.sync_api import expect

    track = make_playable_track(album, 1, "Dawn")
    playlist = playlist_services.create_playlist(by=listener, title="Walk")
    playlist_services.add_track(playlist, track, by=listener)
    sign_in(page, live_server, listener)
    page.goto(live_server.url + playlist.get_absolute_url())
    start_playing(page, "Play the playlist")
    before = page.evaluate(POSITION)

    page.get_by_role("button", name="MP3 (zip)").click()
    download_link = page.get_by_role("link", name="Download the zip")
    expect(download_link).to_be_visible()
    assert page.evaluate(IS_PLAYING)
    assert page.evaluate(POSITION) >= before

    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".zip")
    page.wait_for_timeout(300)
    assert page.evaluate(IS_PLAYING)
    assert page.evaluate(POSITION) >= before


def test_a_reload_resumes_the_music_where_it_was(
    live_server,
    page,  # noqa: F811
    album,
    make_playable_track,
):
    from playwright.sync_api import expect

    make_playable_track(album, 1, "Dawn")
    page.goto(live_server.url + album.get_absolute_url())
    start_playing(page, "Play the album")
    page.wait_for_function(f"() => {AUDIO}.currentTime > 2.5")

    page.reload()

    page.wait_for_function(PLAYING)
    expect(page.locator("[data-player-title]")).to_have_text("Dawn")
    assert page.evaluate(POSITION) > 2


def test_the_track_playing_is_marked_and_play_the_album_pauses_it(
    live_server,
    page,  # noqa: F811
    album,
    make_playable_track,
):
    from playwright.sync_api import expect

    dawn = make_playable_track(album, 1, "Dawn")
    noon = make_playable_track(album, 2, "Noon")
    page.goto(live_server.url + album.get_absolute_url())
    album_button = page.locator("#page [data-play-toggle]")
    dawn_row = page.locator(f"#page li[data-track-id='{dawn.pk}']")
    noon_row = page.locator(f"#page li[data-track-id='{noon.pk}']")
    expect(album_button).to_have_text("Play the album")

    start_playing(page, "Play the album")
    expect(album_button).to_have_text("Pause")
    expect(dawn_row).to_have_attribute("aria-current", "true")
    expect(noon_row).not_to_have_attribute("aria-current", "true")

    page.get_by_role("button", name="Play Noon").click()
    expect(noon_row).to_have_attribute("aria-current", "true")
    expect(dawn_row).not_to_have_attribute("aria-current", "true")
    page.wait_for_function(f"() => {AUDIO}.currentTime > 1")

    album_button.click()  # pauses, and says so
    expect(album_button).to_have_text("Play the album")
    assert page.evaluate(f"() => {AUDIO}.paused")
    paused_at = page.evaluate(POSITION)
    album_button.click()  # resumes Noon, not the album from its start
    expect(album_button).to_have_text("Pause")
    expect(page.locator("[data-player-title]")).to_have_text("Noon")
    assert page.evaluate(POSITION) >= paused_at

    # Another page and back: still marked.
    page.get_by_role("link", name="Noon").first.click()
    expect(page.get_by_role("heading", name="Noon")).to_be_visible()
    page.go_back()
    expect(noon_row).to_have_attribute("aria-current", "true")
    expect(album_button).to_have_text("Pause")


def queue_titles(browser_page) -> list[str]:
    return browser_page.evaluate(
        "() => window.JamHubPlayer.state.queue.map(t => t.title)"
    )


def test_the_queue_panel_reorders_removes_and_plays_next_by_keyboard(
    live_server,
    page,  # noqa: F811
    album,
    make_playable_track,
):
    from playwright.sync_api import expect

    for number, title in enumerate(["Ay", "Bee", "Cee", "Dee"], start=1):
        make_playable_track(album, number, title)
    page.goto(live_server.url + album.get_absolute_url())
    start_playing(page, "Play the album")

    queue_button = page.get_by_role("button", name="Queue", exact=True)
    queue_button.focus()
    page.keyboard.press("Enter")
    expect(queue_button).to_have_attribute("aria-expanded", "true")
    panel = page.get_by_role("region", name="Queue")
    expect(panel.locator("li")).to_have_count(4)
    expect(panel.locator("li[aria-current='true']")).to_contain_text("Ay")

    panel.get_by_role("button", name="Move Cee up").press("Enter")
    assert queue_titles(page) == ["Ay", "Cee", "Bee", "Dee"]
    expect(panel.get_by_role("button", name="Move Cee up")).to_be_focused()
    panel.get_by_role("button", name="Play Dee next").press("Enter")
    assert queue_titles(page) == ["Ay", "Dee", "Cee", "Bee"]
    panel.get_by_role("button", name="Remove Cee").press("Enter")
    assert queue_titles(page) == ["Ay", "Dee", "Bee"]
    expect(panel.locator("li")).to_have_count(3)

    panel.locator("li", has_text="Bee").locator("[data-queue-action='play']").press(
        "Enter"
    )
    expect(page.locator("[data-player-title]")).to_have_text("Bee")
    expect(panel.locator("li[aria-current='true']")).to_contain_text("Bee")
    page.wait_for_function(PLAYING)

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(queue_button).to_be_focused()
    expect(queue_button).to_have_attribute("aria-expanded", "false")


def test_shuffle_and_repeat(
    live_server,
    page,  # noqa: F811
    album,
    make_playable_track,
):
    from playwright.sync_api import expect

    titles = [f"Take {n}" for n in range(1, 9)]
    for number, title in enumerate(titles, start=1):
        make_playable_track(album, number, title, seconds=4)
    page.goto(live_server.url + album.get_absolute_url())
    start_playing(page, "Play the album")

    shuffle = page.get_by_role("button", name="Shuffle")
    shuffle.click()
    expect(shuffle).to_have_attribute("aria-pressed", "true")
    shuffled = queue_titles(page)
    assert shuffled[0] == "Take 1"
    assert sorted(shuffled) == sorted(titles)
    shuffle.click()
    expect(shuffle).to_have_attribute("aria-pressed", "false")
    assert queue_titles(page) == titles

    repeat = page.locator("[data-player='repeat']")
    repeat.click()
    expect(page.get_by_role("button", name="Repeat: all")).to_be_visible()
    page.get_by_role("button", name="Previous track").click()  # wraps to the end
    expect(page.locator("[data-player-title]")).to_have_text("Take 8")
    page.get_by_role("button", name="Next track").click()  # and back to the start
    expect(page.locator("[data-player-title]")).to_have_text("Take 1")

    repeat.click()
    expect(page.get_by_role("button", name="Repeat: one")).to_be_visible()
    page.evaluate(
        f"() => {{ window.ends = 0; {AUDIO}.addEventListener('ended', () => "
        "window.ends += 1); }"
    )
    page.wait_for_function("() => window.ends >= 1", timeout=15_000)
    page.wait_for_function(PLAYING)
    expect(page.locator("[data-player-title]")).to_have_text("Take 1")
    repeat.click()
    expect(page.get_by_role("button", name="Repeat: off")).to_be_visible()


def test_the_player_stars_the_track_playing(
    live_server,
    page,  # noqa: F811
    album,
    listener,
    make_playable_track,
):
    from playwright.sync_api import expect

    from jamhub.community.models import Favourite

    dawn = make_playable_track(album, 1, "Dawn")
    page.goto(live_server.url + album.get_absolute_url())
    start_playing(page, "Play the album")
    star = page.locator("[data-player='star']")
    expect(star).to_be_hidden()  # a visitor has no favourites

    sign_in(page, live_server, listener)
    page.reload()
    page.wait_for_function(PLAYING)
    star = page.get_by_role("button", name="Favourite: the track playing")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    page_star = page.locator(f"#favourite-track-{dawn.pk} button")
    expect(page_star).to_have_attribute("aria-pressed", "true")
    assert Favourite.objects.filter(user=listener, track=dawn).exists()

    star.click()
    expect(star).to_have_attribute("aria-pressed", "false")
    page.wait_for_function(
        f"() => document.querySelector('#favourite-track-{dawn.pk} button')"
        ".getAttribute('aria-pressed') === 'false'"
    )
    assert not Favourite.objects.filter(user=listener, track=dawn).exists()

    # The page's own star: the player's follows.
    page_star.click()
    expect(page_star).to_have_attribute("aria-pressed", "true")
    expect(star).to_have_attribute("aria-pressed", "true")


def test_coming_up_on_a_radio_is_what_the_player_plays_next(
    live_server,
    page,  # noqa: F811
    album,
    make_track,
):
    from playwright.sync_api import expect

    album.tags.add("ambient")
    for number in range(1, 13):
        make_track(album, number, f"Wave {number}")
    page.set_viewport_size({"width": 1366, "height": 850})
    page.goto(live_server.url + "/en/radios/tag/ambient/")
    coming_up = page.locator("[data-player-upcoming] li:not([aria-current='true'])")
    next_titles = (
        "() => { const s = window.JamHubPlayer.state;"
        " return s.queue.slice(s.index + 1).map(t => t.title); }"
    )

    page.get_by_role("button", name="Start the radio").click()
    now_playing = page.locator("[data-player-upcoming] li[aria-current='true']")
    expect(now_playing).to_have_count(1)
    assert coming_up.locator(".upcoming__title").all_inner_texts() == page.evaluate(
        next_titles
    )
    for _ in range(8):
        page.get_by_role("button", name="Next track").click()
    page.wait_for_function("() => window.JamHubPlayer.state.queue.length === 12")
    expect(coming_up).to_have_count(3)
    assert coming_up.locator(".upcoming__title").all_inner_texts() == page.evaluate(
        next_titles
    )

    # One row per track across the column: title and artist, then the duration.
    # Measured in one script: the player re-renders the list as the queue changes,
    # and an element measured between two renders has no box.
    boxes = page.evaluate(
        "() => { const row = document.querySelector("
        "'[data-player-upcoming] li:not([aria-current=\"true\"])');"
        " const box = (e) => e.getBoundingClientRect();"
        " return {row: box(row).width,"
        " title: box(row.querySelector('.upcoming__title')).x,"
        " duration: box(row.querySelector('.upcoming__duration')).x}; }"
    )
    assert boxes["row"] > 500
    assert boxes["duration"] > boxes["title"] + 300
    expect(coming_up.first.locator(".upcoming__duration")).to_have_text("1:01")


def test_the_player_reports_a_play_of_a_short_track_after_half_of_it(
    live_server,
    page,  # noqa: F811
    album,
    make_playable_track,
):
    from jamhub.catalog.models import TrackPlay

    blip = make_playable_track(album, 1, "Blip", seconds=4)
    page.goto(live_server.url + album.get_absolute_url())
    with page.expect_response(lambda r: r.url.endswith("/api/plays/")) as report:
        start_playing(page, "Play the album")
    assert report.value.json() == {"counted": True}
    assert report.value.request.post_data_json["seconds"] >= 2
    assert TrackPlay.objects.filter(track=blip).count() == 1
