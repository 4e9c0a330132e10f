"""Password reset by email and password change."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.accounts.helpers import RESET_LINK, reset_path
from tests.factories import PASSWORD, UserFactory

RESET_URL = "/en/accounts/password/reset/"
RESET_DONE_URL = "/en/accounts/password/reset/done/"
NEW_PASSWORD = "a-brand-new-secret-42"

pytestmark = pytest.mark.django_db


def can_log_in(email: str, password: str) -> bool:
    """Whether a fresh visitor can sign in with these credentials."""
    response = Client().post(
        "/en/accounts/login/", {"login": email, "password": password}
    )
    return response.status_code == 302 and response["Location"] == "/en/"


def test_known_and_unknown_emails_get_the_same_response(client, mailoutbox):
    UserFactory(email="ada@example.org")

    known = client.post(RESET_URL, {"email": "ada@example.org"})
    unknown = client.post(RESET_URL, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == RESET_DONE_URL


def test_unknown_email_gets_no_reset_link(client, mailoutbox):
    client.post(RESET_URL, {"email": "nobody@example.org"})

    # With enumeration prevention allauth tells the address that it has no account.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nobody@example.org"]
    assert message.subject == "[JamHub] Unknown Account"
    assert not RESET_LINK.search(message.body)
    assert "/en/accounts/signup/" in message.body


def test_reset_link_lets_the_user_choose_a_new_password_and_log_in_with_it(
    client, mailoutbox
):
    UserFactory(email="ada@example.org")

    client.post(RESET_URL, {"email": "ADA@example.org"})

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "[JamHub] Password Reset Email"
    link = reset_path(message)

    # The key moves from the URL into the session before the form is shown.
    opened = client.get(link)
    assert opened.status_code == 302
    form_url = opened["Location"]
    assert form_url.startswith("/en/accounts/password/reset/key/")
    assert form_url.endswith("-set-password/")
    assert client.get(form_url).status_code == 200

    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == "/en/accounts/password/reset/key/done/"
    assert (
        "Your password is now changed." in client.get(done["Location"]).content.decode()
    )
    assert can_log_in("ada@example.org", NEW_PASSWORD)
    assert not can_log_in("ada@example.org", PASSWORD)


def test_a_reset_link_works_only_once(client, mailoutbox):
    UserFactory(email="ada@example.org")
    client.post(RESET_URL, {"email": "ada@example.org"})
    link = reset_path(mailoutbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert "Bad Token" in again.content.decode()
    assert can_log_in("ada@example.org", NEW_PASSWORD)


def test_a_superuser_whose_address_has_capitals_can_reset_their_password(
    client, mailoutbox, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, email="Boss@Example.org", stdout=None
    )

    client.post(RESET_URL, {"email": "Boss@Example.org"})

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[JamHub] Password Reset Email"
    assert RESET_LINK.search(mailoutbox[0].body)


def test_reset_email_is_written_in_the_recipients_language(client, mailoutbox):
    UserFactory(email="zoe@example.org", locale="fr")

    client.post(RESET_URL, {"email": "zoe@example.org"})

    assert len(mailoutbox) == 1
    assert (
        mailoutbox[0].subject == "[JamHub] E-mail de réinitialisation de mot de passe"
    )


def test_logged_in_user_can_change_their_password(client):
    user = UserFactory(email="ada@example.org")
    client.force_login(user)

    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/change/"
    # ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off: the session survives the change.
    assert client.get("/en/accounts/profile/").status_code == 200
    assert can_log_in("ada@example.org", NEW_PASSWORD)
    assert not can_log_in("ada@example.org", PASSWORD)


def test_password_change_needs_the_current_password(client):
    client.force_login(UserFactory(email="ada@example.org"))

    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    assert can_log_in("ada@example.org", PASSWORD)


def test_password_change_requires_login(client):
    response = client.get("/en/accounts/password/change/")

    assert response.status_code == 302
    assert response["Location"] == (
        "/en/accounts/login/?next=/en/accounts/password/change/"
    )
