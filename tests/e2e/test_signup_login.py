"""A visitor signs up, confirms their email, signs out and signs in, in a browser."""

import re

import pytest
from django.core import mail

# Live-server tests flush the database afterwards; serialized rollback puts back
# what migrations created (Wagtail's root page and locales) for the next test.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(60),
]

PASSWORD = "a-long-enough-secret-1"
CONFIRM_LINK = re.compile(r"https?://\S+/en/accounts/confirm-email/[^\s/]+/")


def test_sign_up_confirm_sign_out_and_sign_in_again(
    live_server, demo_site, page, tmp_path, settings
):
    """demo_site gives the site a real home page (with the theme's header)."""
    from playwright.sync_api import expect

    # Mails link to SITE_URL, here the live server.
    settings.SITE_URL = live_server.url

    mail.outbox.clear()
    account_nav = page.get_by_role("navigation", name="Your account")

    # Sign up.
    page.goto(live_server.url + "/en/accounts/signup/")
    page.get_by_label(re.compile(r"^Email:?$")).fill("robin@example.org")
    page.get_by_label(re.compile(r"^Display name:?$")).fill("Robin Hood")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\):?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(live_server.url + "/en/accounts/confirm-email/")
    expect(
        page.get_by_role("heading", name="Verify Your Email Address")
    ).to_be_visible()
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()

    # Follow the link from the email and confirm.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["robin@example.org"]
    links = CONFIRM_LINK.findall(mail.outbox[0].body)
    assert len(links) == 1
    page.goto(links[0])
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(live_server.url + "/en/")
    account_menu = account_nav.locator(".account-menu > summary")
    expect(account_menu).to_contain_text("Robin Hood")

    # Sign out through the header's account menu.
    account_menu.click()
    account_nav.get_by_role("button", name="Sign out").click()
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()
    expect(account_menu).to_have_count(0)

    # Sign in again through the login form.
    account_nav.get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/en/accounts/login/")
    page.get_by_label(re.compile(r"^Email:?$")).fill("robin@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_server.url + "/en/")
    expect(account_menu).to_contain_text("Robin Hood")

    screenshot = tmp_path / "signed-in.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
