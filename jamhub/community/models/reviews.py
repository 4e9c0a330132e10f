"""Reviews of albums: a rating with optional text, its history, votes, replies and
reports."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jamhub.catalog.models import Artist

RATING_MIN, RATING_MAX = 1, 5
BODY_MAX_LENGTH = 10_000


class ReviewStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")
    # Quarantined for moderators (e.g. a burst of ratings flagged by the charts).
    HELD = "held", _("Held for moderators")


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible(self) -> "ReviewQuerySet":
        """Visible reviews of published albums: what listeners and the charts see."""
        return self.filter(status=ReviewStatus.VISIBLE, album__status="published")

    def of_artist(self, artist: "Artist") -> "ReviewQuerySet":
        return self.filter(album__artist=artist)

    def newest_first(self) -> "ReviewQuerySet":
        return self.order_by("-created_at", "-id")

    def for_listing(self) -> "ReviewQuerySet":
        """Everything a review card shows, in a fixed number of queries."""
        return self.select_related("author", "album__artist", "reply__author").annotate(
            helpful_count=Count("helpful_votes", distinct=True)
        )

    def rating_summary(self) -> dict[str, float | int | None]:
        """{"average": mean rating or None, "count": number of ratings}."""
        summary = self.aggregate(average=Avg("rating"), count=Count("id"))
        return {"average": summary["average"], "count": summary["count"]}


class Review(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    album = models.ForeignKey(
        "catalog.Album", on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    body = models.TextField(
        _("review"), blank=True, max_length=BODY_MAX_LENGTH, help_text=_("Markdown")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.VISIBLE,
        db_index=True,
    )
    status_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "album"], name="community_review_one_per_album"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="community_review_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.album_id}: {self.rating}/5"

    def get_absolute_url(self) -> str:
        return reverse("community:review", kwargs={"review_id": self.pk})

    @property
    def is_visible(self) -> bool:
        return self.status == ReviewStatus.VISIBLE

    @property
    def stars(self) -> str:
        return "★" * self.rating + "☆" * (RATING_MAX - self.rating)


class ReviewRevision(models.Model):
    """One version of a review, written on creation and on every edit."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="revisions"
    )
    rating = models.PositiveSmallIntegerField()
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision of review {self.review_id} at {self.created_at}"


class HelpfulVote(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="helpful_votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "voter"], name="community_helpful_vote_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} found {self.review_id} helpful"


class ArtistReply(models.Model):
    """The artist's one answer to a review, written by one of its members."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="reply"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("reply"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("artist reply")
        verbose_name_plural = _("artist replies")

    def __str__(self) -> str:
        return f"reply to review {self.review_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    ACTIONED = "actioned", _("Review hidden")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or hateful")
    OFF_TOPIC = "off_topic", _("Not about this album")
    OTHER = "other", _("Something else")


class ReviewReportQuerySet(models.QuerySet["ReviewReport"]):
    def open(self) -> "ReviewReportQuerySet":
        return self.filter(status=ReportStatus.OPEN)

    def oldest_first(self) -> "ReviewReportQuerySet":
        return self.order_by("created_at", "id")


class ReviewReport(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    comment = models.TextField(_("details"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.OPEN,
        db_index=True,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    # Why the moderator hid the review or left it online: the reporter is told.
    moderator_reason = models.TextField(
        _("moderator's reason"), blank=True, max_length=2000
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"], name="community_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"report on review {self.review_id} ({self.status})"
