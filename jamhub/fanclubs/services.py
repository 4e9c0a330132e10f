"""Fan clubs: joining, news by the artist's members, and telling fans (on the site,
by email now or in a digest, as each fan prefers), with one-click unsubscribe."""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, Artist
from jamhub.catalog.services.access import require_member
from jamhub.fanclubs.emails import build_fan_email
from jamhub.fanclubs.models import (
    ArtistNews,
    Fan,
    FanNotification,
    FanPreferences,
    Frequency,
    NotificationKind,
)
from jamhub.fanclubs.tokens import read_unsubscribe_token

logger = logging.getLogger(__name__)


@transaction.atomic
def become_fan(artist: Artist, *, user: User) -> Fan:
    """Join the artist's fan club (again: nothing changes)."""
    fan, _created = Fan.objects.get_or_create(artist=artist, user=user)
    return fan


@transaction.atomic
def leave_fan_club(artist: Artist, *, user: User) -> None:
    Fan.objects.filter(artist=artist, user=user).delete()


@transaction.atomic
def set_fan_listed(artist: Artist, *, user: User, listed: bool) -> Fan:
    """Name this fan in the club's lists, or stop (fans only; off by default)."""
    fan = Fan.objects.select_for_update().get(artist=artist, user=user)
    fan.is_listed = listed
    fan.save(update_fields=["is_listed"])
    return fan


def preferences_of(user: User) -> FanPreferences:
    """The person's preferences (the defaults until they change one)."""
    preferences, _created = FanPreferences.objects.get_or_create(user=user)
    return preferences


@transaction.atomic
def update_preferences(user: User, **choices: str) -> FanPreferences:
    """Set how the person hears of new albums and news, per channel."""
    preferences = preferences_of(user)
    fields = ["album_site", "album_email", "news_site", "news_email"]
    for name, value in choices.items():
        if name not in fields or value not in Frequency.values:
            raise ValueError(f"unknown preference {name}={value!r}")
        setattr(preferences, name, value)
    preferences.save(update_fields=[name for name in fields if name in choices])
    return preferences


@transaction.atomic
def post_news(
    artist: Artist,
    *,
    by: User,
    title: str,
    body: str,
    image: bytes | None = None,
    fans_only: bool = False,
) -> ArtistNews:
    """Post news to the artist's fan club (members only); fans are told after
    commit. An image is re-encoded like a cover (metadata removed)."""
    require_member(by, artist)
    news = ArtistNews(
        artist=artist,
        author=by,
        title=title.strip()[:200],
        body=body.strip(),
        fans_only=fans_only,
    )
    if image is not None:
        from jamhub.catalog.validation import normalise_cover

        news.image.save("news.jpg", ContentFile(normalise_cover(image)), save=False)
    news.save()
    from jamhub.fanclubs.tasks import announce_news_task

    announce_news_task.delay_on_commit(news.pk)
    return news


def _announce(
    artist: Artist,
    kind: str,
    *,
    album: Album | None = None,
    news: ArtistNews | None = None,
) -> int:
    """Tell every fan of the artist once; return how many were told."""
    fans = (
        Fan.objects.filter(artist=artist, user__is_active=True)
        .select_related("user__fan_preferences")
        .order_by("pk")
    )
    told = 0
    for fan in fans.iterator(chunk_size=500):
        user = fan.user
        try:
            preferences = user.fan_preferences
        except FanPreferences.DoesNotExist:
            preferences = FanPreferences(user=user)
        on_site = preferences.site(kind) != Frequency.NEVER
        frequency = Frequency.NEVER if fan.emails_muted else preferences.email(kind)
        if not on_site and frequency == Frequency.NEVER:
            continue
        try:
            with transaction.atomic():
                notification = FanNotification.objects.create(
                    user=user,
                    artist=artist,
                    kind=kind,
                    album=album,
                    news=news,
                    on_site=on_site,
                    email_frequency=frequency,
                )
        except IntegrityError:
            continue  # told already: announcing is idempotent
        told += 1
        if frequency == Frequency.IMMEDIATE:
            _mail(user, [notification], digest=None)
    return told


def announce_album(album_id: int) -> int:
    """Tell the fans of a newly published album's artist (once per album)."""
    album = Album.objects.select_related("artist").get(pk=album_id)
    if not album.is_public:
        return 0
    return _announce(album.artist, NotificationKind.ALBUM, album=album)


def announce_news(news_id: int) -> int:
    """Tell the artist's fans of a news post (once per post)."""
    news = ArtistNews.objects.select_related("artist").get(pk=news_id)
    return _announce(news.artist, NotificationKind.NEWS, news=news)


def _mail(
    user: User, notifications: list[FanNotification], *, digest: str | None
) -> None:
    message = build_fan_email(user, notifications, digest=digest)
    message.send()
    FanNotification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


def send_digests(frequency: str) -> int:
    """Mail each fan one digest of what is waiting for this frequency (daily or
    weekly); return how many digests went."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"no digest for {frequency!r}")
    waiting = (
        FanNotification.objects.due_by_email(frequency)
        .select_related("user", "artist", "album__artist", "news__artist")
        .order_by("user_id", "created_at", "id")
    )
    by_user: dict[int, list[FanNotification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for notifications in by_user.values():
        user = notifications[0].user
        # Hidden albums and deleted posts drop out; the rest is mailed once.
        shown = [
            n
            for n in notifications
            if (n.album and n.album.is_public) or n.news is not None
        ]
        if shown and user.is_active:
            _mail(user, shown, digest=frequency)
            sent += 1
        FanNotification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            emailed_at=timezone.now()
        )
    return sent


@transaction.atomic
def unsubscribe(token: str) -> bool:
    """Stop the emails a signed unsubscribe link names: one fan club's, or every
    fan club email; False when the link is not ours."""
    request = read_unsubscribe_token(token)
    if request is None or not User.objects.filter(pk=request.user_id).exists():
        return False
    if request.artist_id is not None:
        Fan.objects.filter(user_id=request.user_id, artist_id=request.artist_id).update(
            emails_muted=True
        )
        waiting = Q(artist_id=request.artist_id)
    else:
        user = User.objects.get(pk=request.user_id)
        update_preferences(
            user, album_email=Frequency.NEVER, news_email=Frequency.NEVER
        )
        waiting = Q()
    FanNotification.objects.filter(
        waiting, user_id=request.user_id, emailed_at__isnull=True
    ).exclude(email_frequency=Frequency.NEVER).update(email_frequency=Frequency.NEVER)
    return True


@transaction.atomic
def mark_notifications_read(user: User) -> int:
    return (
        FanNotification.objects.filter(user=user, on_site=True)
        .unread()
        .update(read_at=timezone.now())
    )


MOST_ACTIVE_DAYS = 90


def most_active_fans(
    artist: Artist, *, today: datetime.date, limit: int = 10
) -> list[Fan]:
    """The listed fans who played the artist on the most days of the last 90."""
    since = today - datetime.timedelta(days=MOST_ACTIVE_DAYS)
    return list(
        Fan.objects.filter(artist=artist)
        .listed()
        .most_active(since=since)
        .select_related("user")[:limit]
    )


def unlisted_active_fan_count(artist: Artist, *, today: datetime.date) -> int:
    """How many fans who did not opt in played the artist in the last 90 days (the
    "most active fans" list counts them without naming them)."""
    since = today - datetime.timedelta(days=MOST_ACTIVE_DAYS)
    return Fan.objects.filter(artist=artist).unlisted().most_active(since=since).count()
