"""Fan clubs: the fans of an artist, the artist's news, and what fans are told."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamhub.core.storage import image_upload_to


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    NEVER = "never", _("Never")


class FanQuerySet(models.QuerySet["Fan"]):
    def listed(self) -> "FanQuerySet":
        """Fans who chose to be shown in the club's lists (opt-in)."""
        return self.filter(is_listed=True, user__is_active=True)

    def unlisted(self) -> "FanQuerySet":
        """Fans counted but not named: the lists say "and N more fans"."""
        return self.exclude(pk__in=self.listed().values("pk"))

    def most_active(self, *, since: datetime.date) -> "FanQuerySet":
        """Fans ordered by the days they played the artist's music since `since`."""
        return (
            self.annotate(
                active_days=Count(
                    "user__trackplay__day",
                    filter=Q(
                        user__trackplay__day__gte=since,
                        user__trackplay__track__album__artist=models.F("artist"),
                    ),
                    distinct=True,
                )
            )
            .filter(active_days__gt=0)
            .order_by("-active_days", "created_at")
        )


class Fan(models.Model):
    """A person who became a fan of an artist."""

    artist = models.ForeignKey(
        "catalog.Artist", on_delete=models.CASCADE, related_name="fans"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fan_of"
    )
    # Opt-in: a fan is named in the club's lists ("Fans", "Most active fans") only
    # after choosing it; everyone else is only counted.
    is_listed = models.BooleanField(
        _("show me in the fan club's lists"),
        default=False,
        help_text=_(
            "Your name in the fan club's list of fans and among its most active "
            "fans. Off unless you switch it on."
        ),
    )
    emails_muted = models.BooleanField(_("no emails from this fan club"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FanQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["artist", "user"], name="fanclubs_fan_once")
        ]
        verbose_name = _("fan")
        verbose_name_plural = _("fans")

    def __str__(self) -> str:
        return f"{self.user} – {self.artist}"


class FanPreferences(models.Model):
    """How one person wants to hear from the fan clubs they joined."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fan_preferences",
    )
    album_site = models.CharField(
        _("new albums, on the site"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
    )
    album_email = models.CharField(
        _("new albums, by email"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )
    news_site = models.CharField(
        _("artist news, on the site"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
    )
    news_email = models.CharField(
        _("artist news, by email"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )

    class Meta:
        verbose_name = _("fan club preferences")
        verbose_name_plural = _("fan club preferences")

    def __str__(self) -> str:
        return f"fan club preferences of {self.user_id}"

    def site(self, kind: str) -> str:
        return self.album_site if kind == NotificationKind.ALBUM else self.news_site

    def email(self, kind: str) -> str:
        return self.album_email if kind == NotificationKind.ALBUM else self.news_email


class NewsQuerySet(models.QuerySet["ArtistNews"]):
    def newest_first(self) -> "NewsQuerySet":
        return self.order_by("-created_at", "-id")

    def readable_by(self, user: object, artist: object) -> "NewsQuerySet":
        """The artist's news this person may read: fans-only posts for its fans and
        members only."""
        news = self.filter(artist=artist)
        if not getattr(user, "is_authenticated", False):
            return news.filter(fans_only=False)
        return news.filter(
            Q(fans_only=False)
            | Q(artist__fans__user=user)
            | Q(artist__memberships__user=user)
        ).distinct()


class ArtistNews(models.Model):
    """A post by the artist's members to their fan club."""

    artist = models.ForeignKey(
        "catalog.Artist", on_delete=models.CASCADE, related_name="news"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20_000, help_text=_("Markdown"))
    image = models.ImageField(_("image"), upload_to=image_upload_to, blank=True)
    fans_only = models.BooleanField(
        _("fans only"),
        default=False,
        help_text=_("Only the fan club's members can read it."),
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("artist news")
        verbose_name_plural = _("artist news")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "fanclubs:news",
            kwargs={"artist_slug": self.artist.slug, "news_id": self.pk},
        )


class NotificationKind(models.TextChoices):
    ALBUM = "album", _("New album")
    NEWS = "news", _("News")


class FanNotificationQuerySet(models.QuerySet["FanNotification"]):
    def on_site(self) -> "FanNotificationQuerySet":
        return self.filter(on_site=True).order_by("-created_at", "-id")

    def unread(self) -> "FanNotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def due_by_email(self, frequency: str) -> "FanNotificationQuerySet":
        return self.filter(email_frequency=frequency, emailed_at__isnull=True)


class FanNotification(models.Model):
    """One new album or news post for one fan: shown on the site, mailed now or in
    a digest, as the fan's preferences said when it happened."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fan_notifications",
    )
    artist = models.ForeignKey(
        "catalog.Artist", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    album = models.ForeignKey(
        "catalog.Album", on_delete=models.CASCADE, null=True, related_name="+"
    )
    news = models.ForeignKey(
        ArtistNews, on_delete=models.CASCADE, null=True, related_name="notifications"
    )
    on_site = models.BooleanField(default=True)
    email_frequency = models.CharField(max_length=10, choices=Frequency.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = FanNotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "album"],
                condition=Q(album__isnull=False),
                name="fanclubs_album_told_once",
            ),
            models.UniqueConstraint(
                fields=["user", "news"],
                condition=Q(news__isnull=False),
                name="fanclubs_news_told_once",
            ),
        ]
        indexes = [models.Index(fields=["email_frequency", "emailed_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"

    @property
    def subject(self) -> object:
        return self.album if self.kind == NotificationKind.ALBUM else self.news
