"""Sign-up with mandatory email verification."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from jamhub.accounts.models import User
from tests.accounts.helpers import CONFIRM_LINK, confirm_path, signup_data
from tests.factories import PASSWORD, UserFactory

SIGNUP_URL = "/en/accounts/signup/"
VERIFICATION_SENT_URL = "/en/accounts/confirm-email/"

pytestmark = pytest.mark.django_db


def test_signup_creates_an_unverified_account_and_sends_one_confirmation_email(
    client, mailoutbox
):
    response = client.post(SIGNUP_URL, signup_data("nina@example.org"))

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    user = User.objects.get(email="nina@example.org")
    assert EmailAddress.objects.get(user=user).verified is False
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nina@example.org"]
    assert message.subject == "[JamHub] Please Confirm Your Email Address"
    assert confirm_path(message).startswith("/en/accounts/confirm-email/")


def test_signup_saves_the_display_name_and_page_language_and_makes_a_listener(client):
    client.post(SIGNUP_URL, signup_data("nina@example.org", display_name=" Nina "))

    user = User.objects.get(email="nina@example.org")
    assert user.display_name == "Nina"
    assert user.locale == "en"
    assert list(user.groups.values_list("name", flat=True)) == ["Listeners"]
    assert user.groups.filter(pk=Group.objects.get(name="Listeners").pk).exists()


def test_unverified_user_cannot_log_in_until_the_confirmation_link_is_posted(
    client, mailoutbox
):
    client.post(SIGNUP_URL, signup_data("nina@example.org"))
    credentials = {"login": "nina@example.org", "password": PASSWORD}

    before = client.post("/en/accounts/login/", credentials)

    assert before.status_code == 302
    assert before["Location"] == VERIFICATION_SENT_URL
    assert "_auth_user_id" not in client.session

    path = confirm_path(mailoutbox[0])
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    assert "nina@example.org" in confirm_page.content.decode()
    # ACCOUNT_CONFIRM_EMAIL_ON_GET is off: opening the link alone verifies nothing.
    assert EmailAddress.objects.get(email="nina@example.org").verified is False

    confirmed = client.post(path)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/en/"
    assert EmailAddress.objects.get(email="nina@example.org").verified is True
    user = User.objects.get(email="nina@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get("/en/accounts/profile/")
    assert home.status_code == 200
    assert "Nina Simone" in home.content.decode()

    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session
    again = client.post("/en/accounts/login/", credentials)
    assert again.status_code == 302
    assert again["Location"] == "/en/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_confirming_in_another_browser_verifies_without_logging_that_browser_in(
    client, mailoutbox
):
    client.post(SIGNUP_URL, signup_data("nina@example.org"))
    other_browser = Client()

    response = other_browser.post(confirm_path(mailoutbox[0]))

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nina@example.org").verified is True
    assert "_auth_user_id" not in other_browser.session
    login = other_browser.post(
        "/en/accounts/login/", {"login": "nina@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == "/en/"


def test_a_confirmation_key_that_was_tampered_with_verifies_nothing(client, mailoutbox):
    client.post(SIGNUP_URL, signup_data("nina@example.org"))
    path = confirm_path(mailoutbox[0])

    response = client.post(path[:-2] + "x/")

    assert EmailAddress.objects.get(email="nina@example.org").verified is False
    assert "_auth_user_id" not in client.session
    assert response.status_code == 404


def test_signup_from_the_french_site_stores_french_and_sends_the_email_in_french(
    client, mailoutbox
):
    response = client.post("/fr/accounts/signup/", signup_data("zoe@example.org"))

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/confirm-email/"
    assert User.objects.get(email="zoe@example.org").locale == "fr"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "[JamHub] Confirmez votre adresse e-mail"
    assert "Please Confirm" not in message.subject
    assert confirm_path(message).startswith("/fr/accounts/confirm-email/")


def test_signup_with_an_existing_email_in_another_case_reveals_nothing(
    client, mailoutbox
):
    UserFactory(email="taken@example.org")
    fresh = client.post(SIGNUP_URL, signup_data("fresh@example.org"))
    mailoutbox.clear()

    duplicate = client.post(SIGNUP_URL, signup_data("Taken@EXAMPLE.org", "Impostor"))

    # The visitor sees exactly what a fresh sign-up sees...
    assert duplicate.status_code == fresh.status_code == 302
    assert duplicate["Location"] == fresh["Location"] == VERIFICATION_SENT_URL
    # ...but no second account is made and the owner is told by email instead.
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert not User.objects.filter(display_name="Impostor").exists()
    assert EmailAddress.objects.filter(email__iexact="taken@example.org").count() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["taken@example.org"]
    assert message.subject == "[JamHub] Account Already Exists"
    assert "/en/accounts/password/reset/" in message.body
    assert not CONFIRM_LINK.search(message.body)


def test_signup_rejects_mismatched_passwords_and_creates_nothing(client, mailoutbox):
    data = signup_data("nina@example.org")
    data["password2"] = "something-else-entirely"

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.exists()
    assert mailoutbox == []


def test_signup_with_the_address_of_a_superuser_typed_with_capitals_reveals_nothing(
    client, mailoutbox, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, email="Boss@Example.org", stdout=None
    )
    assert User.objects.get().email.lower() == "boss@example.org"

    response = client.post(SIGNUP_URL, signup_data("boss@example.org"))

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert User.objects.count() == 1
