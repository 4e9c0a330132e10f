"""Emails to an artist's members about their album, each in the member's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from jamhub.catalog.models import Album

EVENTS = {"published", "rejected", "hidden", "processing_failed"}


def notify_artist(album: Album, event: str) -> int:
    """Email every member of the album's artist; return how many were written."""
    if event not in EVENTS:
        raise ValueError(f"unknown album event {event!r}")
    sent = 0
    memberships = album.artist.memberships.select_related("user")
    for membership in memberships:
        user = membership.user
        if not user.is_active:
            continue
        with translation.override(user.locale):
            context = {
                "album": album,
                "user": user,
                "site_url": settings.SITE_URL,
                "album_url": settings.SITE_URL + album.get_absolute_url(),
                "manage_url": settings.SITE_URL + _manage_url(album),
                "failed_tracks": album.tracks.filter(state="failed").order_by("number"),
            }
            subject = render_to_string(
                f"catalog/email/{event}_subject.txt", context
            ).strip()
            body = render_to_string(f"catalog/email/{event}_body.txt", context)
        sent += send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    return sent


def _manage_url(album: Album) -> str:
    from django.urls import reverse

    return reverse("catalog:album-manage", kwargs={"album_id": album.pk})
