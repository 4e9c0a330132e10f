"""Community tags: listeners tag albums and tracks; each tagging records who tagged.

The tag vocabulary is taggit's Tag, shared with the tags artists give their albums
(Album.tags), so one tag page gathers both.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import GenericTaggedItemBase, TaggedItemBase


class CommunityTaggingQuerySet(models.QuerySet["CommunityTagging"]):
    def on(self, obj: models.Model) -> "CommunityTaggingQuerySet":
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )

    def weights(self) -> "CommunityTaggingQuerySet":
        """One row per tag: name, slug and weight (its number of distinct taggers),
        heaviest first."""
        return (
            self.values("tag__name", "tag__slug")
            .annotate(weight=Count("tagger", distinct=True))
            .order_by("-weight", "tag__name")
        )


class CommunityTagging(GenericTaggedItemBase, TaggedItemBase):
    """A taggit through model: one listener put one tag on one album or track."""

    tagger = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_taggings",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunityTaggingQuerySet.as_manager()

    class Meta:
        verbose_name = _("community tag")
        verbose_name_plural = _("community tags")
        constraints = [
            models.UniqueConstraint(
                fields=["tagger", "content_type", "object_id", "tag"],
                name="community_tagging_once_per_tagger",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.tagger_id} tagged {self.content_type_id}:{self.object_id}"


class BannedTag(models.Model):
    """A tag name listeners may no longer apply (kept by slug, so it survives the
    tag row)."""

    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    name = models.CharField(max_length=100)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("banned tag")
        verbose_name_plural = _("banned tags")

    def __str__(self) -> str:
        return self.name
