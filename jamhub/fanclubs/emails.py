"""Fan club emails, each in the fan's language, with a one-click unsubscribe link
(RFC 8058: List-Unsubscribe and List-Unsubscribe-Post headers)."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from jamhub.accounts.models import User
from jamhub.core.text import one_line
from jamhub.fanclubs.models import FanNotification
from jamhub.fanclubs.tokens import make_unsubscribe_token


def unsubscribe_url(user_id: int, artist_id: int | None = None) -> str:
    token = make_unsubscribe_token(user_id, artist_id)
    path = reverse("fanclubs:unsubscribe", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}"


def build_fan_email(
    user: User,
    notifications: Sequence[FanNotification],
    *,
    digest: str | None = None,
) -> EmailMultiAlternatives:
    """One notification mailed on its own (digest None), or a daily or weekly
    digest of several."""
    artists = {n.artist_id for n in notifications}
    # One fan club's mail unsubscribes from that club; a digest from them all.
    artist_id = next(iter(artists)) if digest is None and len(artists) == 1 else None
    with translation.override(user.locale):
        link = unsubscribe_url(user.pk, artist_id)
        context = {
            "user": user,
            "site_url": settings.SITE_URL,
            "notifications": notifications,
            "albums": [n for n in notifications if n.kind == "album"],
            "news": [n for n in notifications if n.kind == "news"],
            "digest": digest,
            "unsubscribe_url": link,
            "preferences_url": settings.SITE_URL + reverse("fanclubs:preferences"),
        }
        subject = render_to_string("fanclubs/email/subject.txt", context).strip()
        body = render_to_string("fanclubs/email/body.txt", context)
    return EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + one_line(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
