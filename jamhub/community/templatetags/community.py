"""Reviews and community tags on the album, track, artist, home and moderation
pages: each include reads what it shows, so the pages' views stay unchanged."""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString

from jamhub.catalog.models import Album, Artist
from jamhub.catalog.services.access import is_member, is_moderator
from jamhub.community import reads
from jamhub.community.forms import HideReviewForm, ReviewForm, TagForm
from jamhub.community.models import (
    CommunityTagging,
    HelpfulVote,
    Review,
    ReviewReport,
    ReviewStatus,
)
from jamhub.community.services.reviews import review_refusal

register = template.Library()

REVIEWS_ON_ALBUM = 20
REVIEWS_ON_ARTIST = 6
REVIEWS_ON_HOME = 6


@register.filter
def star_slots(rating: object) -> list[str]:
    """Five "full", "half" or "empty" slots for a rating, rounded to the nearest
    half star (4.5 draws four and a half stars, not five)."""
    try:
        halves = round(float(rating) * 2)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        halves = 0
    halves = max(0, min(10, halves))
    return [
        "full" if halves >= 2 * i else "half" if halves == 2 * i - 1 else "empty"
        for i in range(1, 6)
    ]


@register.filter
def rating_label(rating: object) -> str:
    """The rating for screen readers: "4.5", "4" (one decimal at most)."""
    try:
        value = round(float(rating), 1)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "0"
    return formats.number_format(value, 0 if value.is_integer() else 1)


def _voted_ids(user: object, reviews: list[Review]) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not reviews:
        return set()
    return set(
        HelpfulVote.objects.filter(
            voter=user, review__in=[r.pk for r in reviews]
        ).values_list("review_id", flat=True)
    )


def _feed_context(context: dict[str, Any], reviews: list[Review]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "request": request,
        "user": user,
        "reviews": reviews,
        "voted_ids": _voted_ids(user, reviews),
        "is_moderator": is_moderator(user),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("community/includes/album_reviews.html", takes_context=True)
def album_reviews(context: dict[str, Any], album: Album) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    visible = Review.objects.visible().filter(album=album)
    reviews = list(visible.for_listing().newest_first()[:REVIEWS_ON_ALBUM])
    own = (
        Review.objects.filter(album=album, author=user).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    return {
        **_feed_context(context, reviews),
        "album": album,
        "summary": visible.rating_summary(),
        "own_review": own,
        "refusal": "" if own else review_refusal(album, user),
        "signed_in": getattr(user, "is_authenticated", False),
        "is_artist_member": is_member(user, album.artist),
        "form": ReviewForm(),
        "show_album": False,
    }


@register.inclusion_tag("community/includes/review_feed.html", takes_context=True)
def artist_reviews(context: dict[str, Any], artist: Artist) -> dict[str, Any]:
    reviews = list(
        Review.objects.visible()
        .of_artist(artist)
        .for_listing()
        .newest_first()[:REVIEWS_ON_ARTIST]
    )
    user = getattr(context.get("request"), "user", None)
    return {
        **_feed_context(context, reviews),
        "show_album": True,
        "is_artist_member": is_member(user, artist),
        "feed_id": "artist-reviews",
    }


@register.inclusion_tag("community/includes/review_feed.html", takes_context=True)
def latest_reviews(context: dict[str, Any]) -> dict[str, Any]:
    reviews = list(reads.latest_reviews(REVIEWS_ON_HOME))
    return {
        **_feed_context(context, reviews),
        "show_album": True,
        "is_artist_member": False,
        "feed_id": "latest-reviews",
    }


@register.inclusion_tag("community/includes/community_tags.html", takes_context=True)
def community_tags(context: dict[str, Any], obj: Any, kind: str) -> dict[str, Any]:
    """The listeners' tags of an album or track (kind: "album" or "track")."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = getattr(user, "is_authenticated", False)
    mine: set[str] = set()
    if signed_in:
        mine = set(
            CommunityTagging.objects.on(obj)
            .filter(tagger=user)
            .values_list("tag__slug", flat=True)
        )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "obj": obj,
        "kind": kind,
        "tags": reads.community_tags_of(obj),
        "artist_tags": list(obj.tags.all()) if kind == "album" else [],
        "mine": mine,
        "signed_in": signed_in,
        "form": TagForm(),
    }


@register.simple_tag
def tag_url(slug: object, page: str = "tag") -> str:
    """The URL of a tag's page (or its radio: page="radio"); "" when the slug can
    have none. Every tag gets a usable slug (jamhub.core.text.tag_slug), and this
    is the safety net for a row written some other way (SQL, an import): a link
    never takes the page down, the tag shows as plain text instead."""
    if not isinstance(slug, str) or not slug:
        return ""
    try:
        if page == "radio":
            return reverse("community:radio", args=["tag", slug])
        return reverse("community:tag", args=[slug])
    except NoReverseMatch:
        return ""


@register.simple_tag
def tag_link(name: object, slug: object) -> SafeString:
    """The tag's name linked to its page, or the name alone (see tag_url)."""
    url = tag_url(slug)
    if url:
        return format_html('<a href="{}">{}</a>', url, name)
    return format_html("<span>{}</span>", name)


@register.inclusion_tag("community/moderation/reports.html", takes_context=True)
def review_reports(context: dict[str, Any]) -> dict[str, Any]:
    """The moderators' queue of reported and held reviews."""
    reports = list(
        ReviewReport.objects.open()
        .oldest_first()
        .select_related("review__author", "review__album__artist", "reporter")
    )
    held = list(
        Review.objects.filter(status=ReviewStatus.HELD)
        .select_related("author", "album__artist")
        .order_by("created_at")[:50]
    )
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "reports": reports,
        "held": held,
        "hide_form": HideReviewForm(),
    }
