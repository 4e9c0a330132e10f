"""Reads that span the catalogue and the community tables: tag pages, the tag cloud
and the review feeds."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import Tag, TaggedItem

from jamhub.catalog.models import Album, AlbumStatus, Track
from jamhub.community.models import BannedTag, CommunityTagging, Review

CLOUD_SIZE = 60
CLOUD_STEPS = 5


def _weight(model: type, tag: Tag) -> Subquery:
    """Distinct listeners who gave `tag` to the outer row (album or track)."""
    return Subquery(
        CommunityTagging.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            tag=tag,
        )
        .values("object_id")
        .annotate(n=Count("tagger", distinct=True))
        .values("n"),
        output_field=IntegerField(),
    )


def albums_tagged_by_listeners(tag: Tag) -> QuerySet[Album]:
    """Published albums listeners gave this tag, heaviest first (`weight`)."""
    return (
        Album.objects.published()
        .select_related("artist")
        .annotate(weight=Coalesce(_weight(Album, tag), Value(0)))
        .filter(weight__gt=0)
        .order_by("-weight", "-published_at", "-id")
    )


def albums_tagged_by_artists(tag: Tag) -> QuerySet[Album]:
    """Published albums whose artist gave them this tag, newest first."""
    return (
        Album.objects.published()
        .tagged(tag.slug)
        .select_related("artist")
        .newest_first()
    )


def tracks_tagged_by_listeners(tag: Tag) -> QuerySet[Track]:
    return (
        Track.objects.filter(album__status=AlbumStatus.PUBLISHED)
        .select_related("album__artist")
        .annotate(weight=Coalesce(_weight(Track, tag), Value(0)))
        .filter(weight__gt=0)
        .order_by("-weight", "title", "id")
    )


def community_tags_of(obj: object) -> list[dict[str, object]]:
    """[{"tag__name", "tag__slug", "weight"}] for one album or track."""
    return list(CommunityTagging.objects.on(obj).weights())  # type: ignore[arg-type]


@dataclass(frozen=True)
class CloudTag:
    name: str
    slug: str
    count: int
    step: int  # 1 (smallest) .. CLOUD_STEPS


def tag_cloud(limit: int = CLOUD_SIZE) -> list[CloudTag]:
    """The most used tags, listeners' and artists' together, in alphabetical order,
    each with a size step from its number of uses."""
    counts: dict[int, int] = {}
    for row in CommunityTagging.objects.values("tag").annotate(n=Count("id")):
        counts[row["tag"]] = counts.get(row["tag"], 0) + row["n"]
    album_type = ContentType.objects.get_for_model(Album)
    published = Album.objects.published().values("pk")
    for row in (
        TaggedItem.objects.filter(content_type=album_type, object_id__in=published)
        .values("tag")
        .annotate(n=Count("id"))
    ):
        counts[row["tag"]] = counts.get(row["tag"], 0) + row["n"]
    banned = set(BannedTag.objects.values_list("slug", flat=True))
    tags = {t.pk: t for t in Tag.objects.filter(pk__in=counts).exclude(slug__in=banned)}
    top = sorted(
        (pk for pk in counts if pk in tags), key=lambda pk: (-counts[pk], tags[pk].name)
    )[:limit]
    if not top:
        return []
    low, high = min(counts[pk] for pk in top), max(counts[pk] for pk in top)
    spread = max(high - low, 1)
    return sorted(
        (
            CloudTag(
                tags[pk].name,
                tags[pk].slug,
                counts[pk],
                1 + round((counts[pk] - low) * (CLOUD_STEPS - 1) / spread),
            )
            for pk in top
        ),
        key=lambda t: t.name,
    )


def autocomplete_tags(prefix: str, limit: int = 10) -> list[dict[str, str]]:
    """Tags starting with `prefix` (then containing it), most used first."""
    prefix = prefix.strip().lower()
    if not prefix:
        return []
    banned = BannedTag.objects.values("slug")
    tags = (
        Tag.objects.filter(name__icontains=prefix)
        .exclude(slug__in=banned)
        .annotate(uses=Count("community_communitytagging_items", distinct=True))
        .order_by("-uses", "name")[:50]
    )
    ordered = sorted(tags, key=lambda t: (not t.name.lower().startswith(prefix),))
    return [{"name": t.name, "slug": t.slug} for t in ordered[:limit]]


def latest_reviews(limit: int = 6) -> QuerySet[Review]:
    return Review.objects.visible().for_listing().newest_first()[:limit]
