"""Signing in and out with an email address and a password."""

import pytest

from tests.factories import PASSWORD, UserFactory

LOGIN_URL = "/en/accounts/login/"
LOGOUT_URL = "/en/accounts/logout/"
BAD_CREDENTIALS = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."

pytestmark = pytest.mark.django_db


def test_right_password_logs_in_and_lands_on_the_english_home_page(client):
    user = UserFactory(email="ada@example.org")

    response = client.post(
        LOGIN_URL, {"login": "ada@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_ignores_the_case_of_the_email_address(client):
    user = UserFactory(email="ada@example.org")

    response = client.post(
        LOGIN_URL, {"login": "ADA@Example.ORG", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_from_the_french_site_lands_on_the_french_home_page(client):
    UserFactory(email="ada@example.org")

    response = client.post(
        "/fr/accounts/login/", {"login": "ada@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_a_next_parameter_wins_over_the_home_page(client):
    UserFactory(email="ada@example.org")

    response = client.post(
        f"{LOGIN_URL}?next=/en/accounts/profile/",
        {"login": "ada@example.org", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/profile/"


def test_wrong_password_shows_an_error_and_does_not_log_in(client):
    UserFactory(email="ada@example.org")

    response = client.post(LOGIN_URL, {"login": "ada@example.org", "password": "nope"})

    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_same_error_as_a_wrong_password(client):
    response = client.post(
        LOGIN_URL, {"login": "nobody@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_five_failures_even_the_right_password_is_refused(client, settings):
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"
    UserFactory(email="ada@example.org")
    for _attempt in range(5):
        failed = client.post(LOGIN_URL, {"login": "ada@example.org", "password": "x"})
        assert BAD_CREDENTIALS in failed.content.decode()

    response = client.post(
        LOGIN_URL, {"login": "ada@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_failure_limit_counts_per_account(client):
    UserFactory(email="ada@example.org")
    other = UserFactory(email="grace@example.org")
    for _attempt in range(5):
        client.post(LOGIN_URL, {"login": "ada@example.org", "password": "x"})

    response = client.post(
        LOGIN_URL, {"login": "grace@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_successful_logins_do_not_count_towards_the_failure_limit(client):
    UserFactory(email="ada@example.org")
    credentials = {"login": "ada@example.org", "password": PASSWORD}
    for _attempt in range(6):
        response = client.post(LOGIN_URL, credentials)
        assert response.status_code == 302
        client.post(LOGOUT_URL)


def test_logout_by_get_only_asks_for_confirmation(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Are you sure you want to sign out?" in page
    assert f'action="{LOGOUT_URL}"' in page
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_by_post_logs_out(client):
    client.force_login(UserFactory())

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/en/accounts/profile/").status_code == 302


def test_the_header_shows_the_display_name_and_a_sign_out_button_when_logged_in(
    client,
):
    client.force_login(UserFactory(display_name="Ada Lovelace"))

    page = client.get("/en/accounts/profile/").content.decode()

    assert '<span class="account-menu__name">Ada Lovelace</span>' in page
    assert '<a href="/en/accounts/profile/">Your profile</a>' in page
    assert f'<form method="post" action="{LOGOUT_URL}">' in page
