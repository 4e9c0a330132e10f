"""Small helpers shared by the account tests: sign-up data and links in emails."""

import re

from django.core.mail import EmailMessage

from tests.factories import PASSWORD

CONFIRM_LINK = re.compile(
    r"https?://[^\s/]+(/[a-z]{2}/accounts/confirm-email/[^\s/]+/)"
)
RESET_LINK = re.compile(
    r"https?://[^\s/]+(/[a-z]{2}/accounts/password/reset/key/[^\s/]+/)"
)


def signup_data(email: str, display_name: str = "Nina Simone") -> dict[str, str]:
    return {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": display_name,
    }


def confirm_path(message: EmailMessage) -> str:
    """The path of the one email-confirmation link in the message."""
    links = CONFIRM_LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]


def reset_path(message: EmailMessage) -> str:
    """The path of the one password-reset link in the message."""
    links = RESET_LINK.findall(message.body)
    assert len(links) == 1, message.body
    return links[0]
