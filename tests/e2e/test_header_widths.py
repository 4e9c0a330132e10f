"""In a browser: the header fits every screen from 320 to 1920 px for every kind of
person, and the account menu's links can be reached at each width."""

import pytest

from tests.community.conftest import artist, make_album  # noqa: F401 - fixtures
from tests.e2e.conftest import page  # noqa: F401 - the browser fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(300),
]

WIDTHS = (320, 390, 768, 1024, 1366, 1920)
HEIGHT = 800
# Long enough to push a header that does not wrap or truncate off the screen.
LONG_NAME = "Maximilienne Delacroix-Fontainebleau"


def _people():
    from jamhub.accounts.roles import Role
    from jamhub.accounts.services import grant_role
    from jamhub.catalog.services import albums as album_services
    from tests.factories import UserFactory

    listener = UserFactory(display_name=LONG_NAME)
    artist_owner = UserFactory(display_name=f"{LONG_NAME} the artist")
    album_services.create_artist(name="The Very Long Named Loops", by=artist_owner)
    moderator = UserFactory(display_name=f"{LONG_NAME} the moderator")
    grant_role(moderator, role=Role.MODERATOR)
    staff = UserFactory(display_name=f"{LONG_NAME} the staff")
    grant_role(staff, role=Role.STAFF)
    grant_role(staff, role=Role.MODERATOR)
    return {
        "signed out": None,
        "listener": listener,
        "artist": artist_owner,
        "moderator": moderator,
        "staff": staff,
    }


def _sign_in(browser_page, live_server, user) -> None:
    from django.test import Client

    browser_page.context.clear_cookies()
    if user is None:
        return
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


def _assert_no_horizontal_scroll(browser_page, label: str) -> None:
    sizes = browser_page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert sizes[0] <= sizes[1], f"{label}: scrollWidth {sizes[0]} > {sizes[1]}"


def _assert_within_viewport(browser_page, locator, label: str) -> None:
    from playwright.sync_api import expect

    locator.scroll_into_view_if_needed()
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    width = browser_page.viewport_size["width"]
    height = browser_page.viewport_size["height"]
    assert box is not None, label
    assert box["x"] >= 0, f"{label}: starts left of the screen ({box})"
    assert box["x"] + box["width"] <= width, f"{label}: ends past the screen ({box})"
    assert box["y"] >= 0, f"{label}: above the screen ({box})"
    assert box["y"] + box["height"] <= height, f"{label}: below the screen ({box})"


def test_the_header_fits_every_width_for_every_kind_of_person(
    live_server,
    page,  # noqa: F811
    demo_site,
    make_album,  # noqa: F811
):
    from playwright.sync_api import expect

    # The home page's album cards are on the screen too, one with a long title.
    make_album("An Extraordinarily Long Album Title Without Many Breaks")
    make_album("Short")

    for who, user in _people().items():
        _sign_in(page, live_server, user)
        for width in WIDTHS:
            label = f"{who} at {width} px"
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.goto(live_server.url + "/en/", wait_until="domcontentloaded")
            _assert_no_horizontal_scroll(page, label)

            toggle = page.locator(".nav-toggle")
            if toggle.is_visible():
                toggle.click()
                expect(page.locator("#site-nav")).to_be_visible()
                _assert_no_horizontal_scroll(page, f"{label}, phone menu open")
            account = page.get_by_role("navigation", name="Your account")
            if user is None:
                _assert_within_viewport(
                    page, account.get_by_role("link", name="Sign in"), label
                )
                continue
            if who in ("moderator", "staff"):
                _assert_within_viewport(
                    page, account.get_by_role("link", name="Review"), label
                )
            if who == "staff":
                _assert_within_viewport(
                    page, account.get_by_role("link", name="Admin"), label
                )
            summary = account.locator(".account-menu > summary")
            expect(summary).to_contain_text(user.display_name[:12])
            expect(summary).to_have_attribute("aria-expanded", "false")
            summary.click()
            expect(summary).to_have_attribute("aria-expanded", "true")
            _assert_no_horizontal_scroll(page, f"{label}, account menu open")
            _assert_within_viewport(
                page, account.get_by_role("link", name="Your history"), label
            )
            _assert_within_viewport(
                page, account.get_by_role("button", name="Sign out"), label
            )


def test_the_account_menu_works_with_the_keyboard(
    live_server,
    page,  # noqa: F811
    demo_site,
):
    from playwright.sync_api import expect

    from tests.factories import UserFactory

    _sign_in(page, live_server, UserFactory(display_name="Kim Keys"))
    page.set_viewport_size({"width": 1366, "height": HEIGHT})
    page.goto(live_server.url + "/en/")
    summary = page.locator(".account-menu > summary")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_hidden()

    summary.focus()
    page.keyboard.press("Enter")
    expect(sign_out).to_be_visible()
    expect(summary).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Your profile")).to_be_focused()

    page.keyboard.press("Escape")
    expect(sign_out).to_be_hidden()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("aria-expanded", "false")

    summary.click()
    expect(sign_out).to_be_visible()
    page.locator("main").click(position={"x": 5, "y": 5})
    expect(sign_out).to_be_hidden()
