"""An editor signs in, writes a magazine article in the CMS and publishes it."""

import re

import pytest

from jamhub.accounts.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(300),
]


@pytest.fixture
def patient_page(page):
    """The CMS's editor is heavy for a shared machine's headless Chromium."""
    from playwright.sync_api import expect

    page.context.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    yield page
    expect.set_options(timeout=5_000)  # Playwright's default, for the next tests


def test_an_editor_publishes_an_article_that_appears_in_the_magazine(
    live_server, demo_site, patient_page
):
    from playwright.sync_api import expect

    from jamhub.editorial.models import NewsIndexPage

    page = patient_page
    magazine = NewsIndexPage.objects.get(locale__language_code="en")

    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label(re.compile(r"^Email:?$")).fill("editor@jamhub.test")
    page.get_by_label(re.compile(r"^Password:?$")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_server.url + "/en/")

    page.goto(f"{live_server.url}/cms/pages/add/editorial/newspage/{magazine.pk}/")
    page.locator("#id_title").fill("Notes from the first jam night")
    page.locator("#id_intro").fill("Forty listeners, three bands, one old piano.")
    page.locator("#panel-child-content-body-content").get_by_role(
        "button", name="Insert a block"
    ).first.click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = page.locator(".public-DraftEditor-content").first
    paragraph.click()
    page.keyboard.type("The piano was out of tune; nobody minded.")
    expect(paragraph).to_contain_text("The piano was out of tune")
    # Draftail writes its hidden input a moment after typing; leave it the time.
    page.locator("#id_intro").click()
    page.wait_for_timeout(1_000)

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(re.compile("created and published"))).to_be_visible()

    page.goto(live_server.url + "/en/magazine/")
    article = page.get_by_role("link", name="Notes from the first jam night")
    expect(article).to_be_visible()
    article.click()
    expect(page.get_by_text("The piano was out of tune; nobody minded")).to_be_visible()
    expect(page.get_by_text("Élodie Martin").first).to_be_visible()
