"""Listening history: what a signed-in listener played, unless they turned it off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListeningQuerySet(models.QuerySet["Listening"]):
    def of_user(self, user: object) -> "ListeningQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def newest_first(self) -> "ListeningQuerySet":
        return self.order_by("-played_at", "-id")

    def for_listing(self) -> "ListeningQuerySet":
        return self.select_related("track__album__artist")


class Listening(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listenings"
    )
    track = models.ForeignKey(
        "catalog.Track", on_delete=models.CASCADE, related_name="+"
    )
    played_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ListeningQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.user_id} ♪ {self.track_id}"


class ListeningPreference(models.Model):
    """A listener's choice about history; no row means the default (kept)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="listening_preference",
    )
    keep_history = models.BooleanField(_("keep my listening history"), default=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.keep_history}"
