"""Signing up with a taken address takes as long as with a new one (issue 10, #16)."""

import re
import statistics
import time

import pytest
from django.conf import global_settings

from tests.accounts.helpers import signup_data
from tests.factories import UserFactory

SIGNUP_URL = "/en/accounts/signup/"
RUNS = 5
CSRF_TOKEN = re.compile(r'(data-csrf-token|name="csrfmiddlewaretoken" value)="[^"]*"')

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def timed_signup(client, email: str) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.post(SIGNUP_URL, signup_data(email))
    return time.perf_counter() - start, response


def test_a_taken_address_takes_as_long_and_answers_the_same_as_a_new_one(
    client, settings
):
    # One taken address per run: allauth sends at most one mail per address every
    # few minutes, and the work must be compared with the mail in both paths.
    taken = [UserFactory(email=f"taken{n}@example.org").email for n in range(RUNS)]
    # The production hasher: the tests' MD5 is too fast for the difference to show.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    settings.ACCOUNT_RATE_LIMITS = {}
    new_times, taken_times, responses, pages = [], [], [], []
    for n in range(RUNS):
        # Interleaved, so that a busy moment of the machine weighs on both.
        for email, times in (
            (f"new{n}@example.org", new_times),
            (taken[n], taken_times),
        ):
            client.logout()
            elapsed, response = timed_signup(client, email)
            times.append(elapsed)
            responses.append((response.status_code, response["Location"]))
            page = client.get(response["Location"]).content.decode()
            pages.append(CSRF_TOKEN.sub("", page.replace(email, "EMAIL")))

    assert set(responses) == {(302, "/en/accounts/confirm-email/")}
    assert len(set(pages)) == 1
    ratio = statistics.median(taken_times) / statistics.median(new_times)
    assert 0.5 < ratio < 2, (new_times, taken_times)
