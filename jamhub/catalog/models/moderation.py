"""The moderators' decisions on albums, kept as a log: the album row holds only the
latest, and a rejected album that comes back would erase it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionOutcome(models.TextChoices):
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Sent back")
    HIDDEN = "hidden", _("Hidden")
    RESTORED = "restored", _("Restored")


class AlbumDecisionQuerySet(models.QuerySet["AlbumDecision"]):
    def recent(self, limit: int = 20) -> "AlbumDecisionQuerySet":
        return self.select_related("album__artist", "moderator").order_by(
            "-decided_at", "-id"
        )[:limit]


class AlbumDecision(models.Model):
    album = models.ForeignKey(
        "catalog.Album", on_delete=models.CASCADE, related_name="decisions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    outcome = models.CharField(max_length=12, choices=DecisionOutcome.choices)
    reason = models.TextField(blank=True, max_length=2000)
    decided_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AlbumDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.outcome} album {self.album_id}"
