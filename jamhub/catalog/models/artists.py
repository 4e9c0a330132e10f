"""Artists and the people who act for them."""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jamhub.core.storage import image_upload_to


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class ArtistQuerySet(models.QuerySet["Artist"]):
    def published(self) -> "ArtistQuerySet":
        """Artists with at least one published album (no duplicate rows)."""
        from jamhub.catalog.models.albums import Album, AlbumStatus

        return self.filter(
            models.Exists(
                Album.objects.filter(
                    artist=models.OuterRef("pk"), status=AlbumStatus.PUBLISHED
                )
            )
        )

    def in_directory(self) -> "ArtistQuerySet":
        """Artists with a published album, each with `published_album_count`, A to Z
        whatever the case. (Counted in a subquery: joined, the count would multiply
        with any other join.)"""
        from jamhub.catalog.models.albums import Album

        published = (
            Album.objects.published()
            .filter(artist=OuterRef("pk"))
            .order_by()
            .values("artist")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            self.annotate(published_album_count=Subquery(published[:1]))
            .filter(published_album_count__gt=0)
            .order_by(Lower("name"), "pk")
        )

    def named_like(self, text: str) -> "ArtistQuerySet":
        return self.filter(name__icontains=text.strip()) if text.strip() else self

    def under_letter(self, letter: str) -> "ArtistQuerySet":
        """Names starting with `letter` (A to Z, any case), or "#": with anything
        else (a digit, a sign, a letter beyond A to Z)."""
        if letter == "#":
            return self.exclude(name__iregex=r"^[a-z]")
        return self.filter(name__istartswith=letter)

    def managed_by(self, user: object) -> "ArtistQuerySet":
        """Artists the user is a member of (owner or member)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


class Artist(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    bio = models.TextField(
        _("biography"), blank=True, max_length=10_000, help_text=_("Markdown")
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    image = models.ImageField(_("image"), upload_to=image_upload_to, blank=True)
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Albums of trusted artists are published without review."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArtistQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("artist")
        verbose_name_plural = _("artists")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:artist", kwargs={"artist_slug": self.slug})


class ArtistMembership(models.Model):
    artist = models.ForeignKey(
        Artist, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="artist_memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["artist", "user"], name="catalog_membership_unique"
            )
        ]
        verbose_name = _("artist member")
        verbose_name_plural = _("artist members")

    def __str__(self) -> str:
        return f"{self.user} – {self.artist} ({self.role})"
