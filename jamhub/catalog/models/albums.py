"""Albums: the unit an artist publishes, under one licence, in several formats."""

from django.conf import settings
from django.db import models
from django.db.models import (
    Avg,
    Count,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from jamhub.core.storage import image_upload_to
from jamhub.licensing.licences import get_licence, licence_choices


class AlbumStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROCESSING = "processing", _("Processing")
    PENDING_REVIEW = "pending_review", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden by a moderator")


class AlbumQuerySet(models.QuerySet["Album"]):
    def published(self) -> "AlbumQuerySet":
        return self.filter(status=AlbumStatus.PUBLISHED)

    def by_licence(self, code: str) -> "AlbumQuerySet":
        return self.filter(licence=code)

    def released_in(self, year: int) -> "AlbumQuerySet":
        return self.filter(release_date__year=year)

    def tagged(self, slug: str) -> "AlbumQuerySet":
        return self.filter(tags__slug=slug)

    def newest_first(self) -> "AlbumQuerySet":
        return self.order_by("-published_at", "-id")

    def with_track_count(self) -> "AlbumQuerySet":
        return self.annotate(
            track_count=Count("tracks", distinct=True),
            total_duration=Sum("tracks__duration"),
        )

    def with_rating(self) -> "AlbumQuerySet":
        """`rating`: the mean of the album's visible ratings (None without any)."""
        from django.apps import apps

        if not apps.is_installed("jamhub.community"):
            return self.annotate(rating=Value(None, output_field=FloatField()))
        review = apps.get_model("community", "Review")
        mean = (
            review.objects.filter(album=OuterRef("pk"), status="visible")
            .order_by()
            .values("album")
            .annotate(mean=Avg("rating"))
            .values("mean")
        )
        return self.annotate(rating=Subquery(mean, output_field=FloatField()))

    def awaiting_review(self) -> "AlbumQuerySet":
        return self.filter(status=AlbumStatus.PENDING_REVIEW).order_by("submitted_at")

    def visible_to(self, user: object) -> "AlbumQuerySet":
        """Published albums, plus every album of the artists the user belongs to,
        plus everything for catalogue moderators."""
        if getattr(user, "is_authenticated", False):
            if user.has_perm("catalog.moderate_album"):  # type: ignore[attr-defined]
                return self
            return self.filter(
                Q(status=AlbumStatus.PUBLISHED) | Q(artist__memberships__user=user)
            ).distinct()
        return self.published()


class Album(models.Model):
    artist = models.ForeignKey(
        "catalog.Artist", on_delete=models.PROTECT, related_name="albums"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    licence = models.CharField(
        _("licence"), max_length=32, choices=licence_choices(for_new_uploads=False)
    )
    description = models.TextField(
        _("description"), blank=True, max_length=20_000, help_text=_("Markdown")
    )
    cover = models.ImageField(_("cover"), upload_to=image_upload_to, blank=True)
    tags = TaggableManager(_("tags"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AlbumStatus.choices,
        default=AlbumStatus.DRAFT,
        db_index=True,
    )
    status_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = AlbumQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("album")
        verbose_name_plural = _("albums")
        permissions = [("moderate_album", _("Can review, publish and hide albums"))]
        constraints = [
            models.UniqueConstraint(
                fields=["artist", "slug"], name="catalog_album_slug_per_artist"
            )
        ]

    def __str__(self) -> str:
        return f"{self.artist.name} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "catalog:album",
            kwargs={"artist_slug": self.artist.slug, "album_slug": self.slug},
        )

    @property
    def licence_info(self):  # type: ignore[no-untyped-def]
        return get_licence(self.licence)

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None

    @property
    def is_public(self) -> bool:
        return self.status == AlbumStatus.PUBLISHED

    @property
    def is_editable(self) -> bool:
        """The artist may change files and metadata only before review."""
        return self.status in {AlbumStatus.DRAFT, AlbumStatus.REJECTED}


class AlbumArchive(models.Model):
    """The zip of one album in one format: built once, kept, served with Range."""

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="archives")
    format = models.CharField(max_length=8)
    path = models.CharField(max_length=500)  # relative to MEDIA_ROOT
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["album", "format"], name="catalog_archive_unique"
            )
        ]

    def __str__(self) -> str:
        return self.path
