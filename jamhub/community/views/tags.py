"""Tag pages, the tag cloud, autocomplete, and listeners tagging albums and tracks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.context_processors import csrf
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from taggit.models import Tag

from jamhub.catalog.models import Album, Track
from jamhub.community import reads
from jamhub.community.forms import TagForm
from jamhub.community.models import BannedTag
from jamhub.community.services import tags as tag_services
from jamhub.community.services.tags import TagError
from jamhub.community.templatetags.community import community_tags
from jamhub.community.views.common import (
    handles_rate_limits,
    is_htmx_fragment,
    next_url,
)
from search.text import clean

PER_PAGE = 24


@require_safe
def tag_cloud(request: HttpRequest) -> HttpResponse:
    return render(request, "community/tag_cloud.html", {"cloud": reads.tag_cloud()})


@require_safe
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    if BannedTag.objects.filter(slug=tag.slug).exists():
        raise Http404
    listener_albums = Paginator(
        reads.albums_tagged_by_listeners(tag), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "community/tag_detail.html",
        {
            "tag": tag,
            "listener_albums": listener_albums,
            "listener_tracks": reads.tracks_tagged_by_listeners(tag)[:PER_PAGE],
            "artist_albums": reads.albums_tagged_by_artists(tag)[:PER_PAGE],
        },
    )


@require_safe
def autocomplete(request: HttpRequest) -> JsonResponse:
    """{"tags": [{"name": ..., "slug": ...}]} for the tag field's suggestions."""
    # Without control characters: PostgreSQL refuses a NUL in a parameter.
    query = clean(request.GET.get("q", ""), limit=50)
    return JsonResponse({"tags": reads.autocomplete_tags(query)})


def _taggable(kind: str, object_id: int) -> Album | Track:
    if kind == "album":
        return get_object_or_404(Album.objects.published(), pk=object_id)
    if kind == "track":
        return get_object_or_404(
            Track.objects.select_related("album__artist").filter(
                album__status="published"
            ),
            pk=object_id,
        )
    raise Http404


@login_required
@require_POST
@handles_rate_limits
def add_tags(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    obj = _taggable(kind, object_id)
    form = TagForm(request.POST)
    if not form.is_valid():
        return _tags_changed(request, obj, kind, error=_("Type at least one tag."))
    try:
        tags = tag_services.tag_object(
            obj,
            by=request.user,
            names=tag_services.parse_tag_input(form.cleaned_data["tags"]),
        )
    except TagError as exc:
        return _tags_changed(request, obj, kind, error=str(exc))
    return _tags_changed(
        request,
        obj,
        kind,
        success=_("Tagged: %(tags)s.") % {"tags": ", ".join(t.name for t in tags)},
    )


@login_required
@require_POST
def remove_tag(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    obj = _taggable(kind, object_id)
    tag = get_object_or_404(Tag, slug=request.POST.get("tag", ""))
    success = ""
    if tag_services.untag_object(obj, by=request.user, tag=tag):
        success = _("Tag removed: %(tag)s.") % {"tag": tag.name}
    return _tags_changed(request, obj, kind, success=success)


def _tags_changed(
    request: HttpRequest,
    obj: Album | Track,
    kind: str,
    *,
    success: str = "",
    error: str = "",
) -> HttpResponse:
    """htmx: the tags section alone, so the page keeps its scroll position; without
    JS, back to the page the form was on (its "next" ends with the section's anchor).
    """
    if is_htmx_fragment(request):
        context = community_tags(
            {"request": request, "csrf_token": csrf(request)["csrf_token"]}, obj, kind
        )
        context["notice"] = error or success
        return render(request, "community/includes/community_tags.html", context)
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect(next_url(request, obj.get_absolute_url()))
