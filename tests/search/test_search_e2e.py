"""The search in a browser: a track chosen in the header box plays at once, and on
a phone the filters fold behind a "Filters" button below which the results come."""

import re

import pytest

from search import services
from tests.media import make_audio

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(300),
]


def test_choosing_a_track_in_the_header_box_plays_it(
    live_server, page, make_album, settings
):
    from playwright.sync_api import expect

    settings.ELASTICSEARCH_URL = ""
    album = make_album(
        "Blue Hour", artist="Marimba Collective", tracks=("Glass Harbour",)
    )
    stream = settings.MEDIA_ROOT / "x" / str(album.pk) / "1.mp3"
    stream.parent.mkdir(parents=True)
    make_audio(stream, seconds=4)
    services.rebuild_index(progress=lambda step: None)

    page.goto(live_server.url + "/en/albums/")
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("glass", delay=50)
    listbox = page.get_by_role("listbox", name="Suggestions")
    option = listbox.get_by_role("option", name=re.compile("Glass Harbour"))
    expect(option).to_contain_text("Track")
    expect(option).to_contain_text("Marimba Collective")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")

    page.wait_for_function(
        "() => { const a = document.getElementById('player-audio');"
        " return a && !a.paused && a.currentTime > 0.3; }",
        timeout=15_000,
    )
    expect(page.locator("[data-player-title]")).to_have_text("Glass Harbour")
    assert page.url == live_server.url + "/en/albums/"  # it plays where we are
    expect(listbox).to_be_hidden()

    # Opening a suggested album keeps the music playing (only #page is swapped).
    box.fill("")
    box.press_sequentially("blue", delay=50)
    album_option = listbox.get_by_role("option", name=re.compile("Blue Hour"))
    expect(album_option).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(live_server.url + album.get_absolute_url())
    expect(page.get_by_role("heading", name="Blue Hour", level=1)).to_be_visible()
    assert (
        page.evaluate("() => document.getElementById('player-audio').paused") is False
    )


def _catalogue(make_album):
    for n in range(4):
        make_album(
            f"Calm {n}",
            tags=("calm", "piano") if n % 2 else ("calm",),
            licence="cc-by-4.0" if n % 2 else "cc-by-nc-4.0",
            year=2000 + n,
        )
    services.rebuild_index(progress=lambda step: None)


def test_on_a_phone_the_filters_fold_behind_a_button_after_the_results(
    live_server, page, make_album, settings
):
    from playwright.sync_api import expect

    settings.ELASTICSEARCH_URL = ""
    _catalogue(make_album)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url + "/en/search/?q=calm")

    toggle = page.locator("summary", has_text="Filters")
    facet = page.get_by_role("checkbox", name=re.compile("Allows commercial use"))
    first_hit = page.locator(".search-hit").first
    expect(toggle).to_be_visible()
    expect(facet).to_be_hidden()
    expect(first_hit).to_be_visible()
    assert first_hit.bounding_box()["y"] < 844  # on the first screen
    # The results come first in the document (reading and tabbing order).
    assert page.evaluate(
        "() => Boolean(document.querySelector('.search-results-section')"
        ".compareDocumentPosition(document.querySelector('.search-facets'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )

    toggle.click()
    expect(facet).to_be_visible()
    facet.click()
    expect(page.get_by_role("status")).to_contain_text("2 albums")
    expect(page.locator("summary", has_text="Filters")).to_contain_text("(1)")


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(
    live_server, page, make_album, settings
):
    from playwright.sync_api import expect

    settings.ELASTICSEARCH_URL = ""
    _catalogue(make_album)
    page.set_viewport_size({"width": 1366, "height": 850})

    page.goto(live_server.url + "/en/search/?q=calm")

    facet = page.get_by_role("checkbox", name=re.compile("Allows commercial use"))
    expect(facet).to_be_visible()
    expect(page.locator("summary", has_text="Filters")).to_be_hidden()
    facets_box = page.locator(".search-facets").bounding_box()
    results_box = page.locator(".search-results-section").bounding_box()
    assert facets_box["x"] < results_box["x"]  # the left column

    tag_field = page.get_by_label("Filter by tag")
    tag_field.fill("PIANO")
    tag_field.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("2 albums")


def test_a_long_unmatched_query_wraps_instead_of_widening_the_page(
    live_server, page, settings
):
    settings.ELASTICSEARCH_URL = ""
    page.set_viewport_size({"width": 1366, "height": 850})
    page.goto(live_server.url + "/en/search/?q=" + "a" * 300)
    assert page.locator(".search-empty").is_visible()
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )
