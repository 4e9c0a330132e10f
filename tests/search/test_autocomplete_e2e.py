"""The header box in a browser: three letters suggest artists and albums; the
keyboard moves through them and opens one."""

import pytest

from search import services

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(300),
]


def test_typing_three_letters_suggests_and_the_keyboard_opens_one(
    live_server, page, make_album, settings
):
    from playwright.sync_api import expect

    settings.ELASTICSEARCH_URL = ""
    album = make_album("Café Noir", artist="Cafeteria Band")
    services.rebuild_index(progress=lambda step: None)

    page.goto(live_server.url + "/en/albums/")
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("caf", delay=50)

    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Cafeteria Band")
    expect(options.nth(1)).to_contain_text("Café Noir")
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "header-search-option-1")
    box.press("Enter")

    expect(page).to_have_url(live_server.url + album.get_absolute_url())


def test_escape_closes_and_enter_searches(live_server, page, make_album, settings):
    from playwright.sync_api import expect

    settings.ELASTICSEARCH_URL = ""
    make_album("Café Noir", artist="Cafeteria Band")
    services.rebuild_index(progress=lambda step: None)

    page.goto(live_server.url + "/en/albums/")
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("cafe", delay=50)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    box.press("Enter")

    expect(page).to_have_url(live_server.url + "/en/search/?q=cafe")
    expect(page.get_by_role("status")).to_contain_text("1 album")
    expect(page.get_by_role("heading", name="Café Noir")).to_be_visible()
