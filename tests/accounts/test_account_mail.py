"""Account mails and pages: the site's name, links to the public site, a resend link,
a contact page, and signing in on confirmation (issue 10, #11)."""

import time

import pytest
from django.core.cache import cache
from wagtail.models import Site

from jamhub.editorial.models import SiteSettings
from tests.accounts.helpers import confirm_path, signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/en/accounts/signup/"
SITE_URL = "https://music.example.org"
# What a visitor of `make run` sends; it named the site in every mail.
DEV_HOST = "127.0.0.1:8000"


@pytest.fixture
def public_site(settings):
    settings.SITE_URL = SITE_URL
    settings.SITE_HOST = "music.example.org"
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.site_name = "Radio Libre"
    site_settings.save()


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def assert_branded(message) -> None:
    html = html_of(message)
    for body in (message.body, html):
        assert "Radio Libre" in body
        assert "127.0.0.1" not in body
        assert "testserver" not in body
    assert "Hello from Radio Libre!" in message.body
    assert message.subject.startswith("[Radio Libre] ")
    assert "#c2410c" in html  # the site's accent colour
    assert f"{SITE_URL}/en/accounts/contact/" in message.body


def test_the_confirmation_mail_is_signed_with_the_sites_name(
    public_site, client, mailoutbox
):
    client.post(SIGNUP_URL, signup_data("nina@example.org"), HTTP_HOST=DEV_HOST)

    [message] = mailoutbox
    assert_branded(message)
    assert f"{SITE_URL}/en/accounts/confirm-email/" in message.body
    assert f'href="{SITE_URL}/en/accounts/confirm-email/' in html_of(message)


def test_the_password_reset_mail_is_signed_with_the_sites_name(
    public_site, client, mailoutbox
):
    UserFactory(email="nina@example.org")

    client.post(
        "/en/accounts/password/reset/",
        {"email": "nina@example.org"},
        HTTP_HOST=DEV_HOST,
    )

    [message] = mailoutbox
    assert_branded(message)
    assert f"{SITE_URL}/en/accounts/password/reset/key/" in message.body


def test_the_account_already_exists_mail_is_signed_with_the_sites_name(
    public_site, client, mailoutbox
):
    UserFactory(email="nina@example.org")

    client.post(SIGNUP_URL, signup_data("nina@example.org"), HTTP_HOST=DEV_HOST)

    [message] = mailoutbox
    assert_branded(message)
    assert f"{SITE_URL}/en/accounts/password/reset/" in html_of(message)


def test_confirming_the_next_day_still_signs_in_the_browser_that_signed_up(
    client, mailoutbox, monkeypatch
):
    client.post(SIGNUP_URL, signup_data("nina@example.org"))
    path = confirm_path(mailoutbox[0])
    later = time.time() + 8 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: later)

    response = client.post(path)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_confirm_your_email_page_links_to_resend_and_contact(client):
    client.post(SIGNUP_URL, signup_data("nina@example.org"))

    html = client.get("/en/accounts/confirm-email/").content.decode()

    assert 'href="/en/accounts/resend-confirmation/"' in html
    assert 'href="/en/accounts/contact/"' in html
    assert "We’ve sent you an email" in html


def test_resending_the_confirmation_sends_a_new_link(client, mailoutbox):
    client.post(SIGNUP_URL, signup_data("nina@example.org"))
    first = confirm_path(mailoutbox[0])

    too_soon = client.post(
        "/en/accounts/resend-confirmation/", {"email": "nina@example.org"}
    )
    assert too_soon.status_code == 200
    assert "Wait a few minutes" in too_soon.content.decode()
    assert len(mailoutbox) == 1

    cache.clear()  # the rate limit's few minutes have passed
    response = client.post(
        "/en/accounts/resend-confirmation/", {"email": "Nina@Example.org"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert len(mailoutbox) == 2
    second = confirm_path(mailoutbox[1])
    assert client.post(second).status_code == 302
    assert "_auth_user_id" in client.session
    assert first.startswith("/en/accounts/confirm-email/")


def test_resending_to_an_unknown_address_answers_the_same(client, mailoutbox):
    response = client.post(
        "/en/accounts/resend-confirmation/", {"email": "nobody@example.org"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    [message] = mailoutbox
    assert message.to == ["nobody@example.org"]


def test_every_contact_link_of_the_account_pages_answers(client, settings):
    settings.JAMHUB_CONTACT_EMAIL = "help@music.example.org"
    pages = [
        "/en/accounts/confirm-email/",
        "/en/accounts/password/reset/",
        "/en/accounts/password/reset/done/",
        "/en/accounts/resend-confirmation/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert 'href="/en/accounts/contact/"' in html, url

    contact = client.get("/en/accounts/contact/")

    assert contact.status_code == 200
    assert 'href="mailto:help@music.example.org"' in contact.content.decode()
    assert client.get("/fr/accounts/contact/").status_code == 200
