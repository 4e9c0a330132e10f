"""Moderators rename, merge, ban and unban tags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from taggit.models import Tag

from jamhub.catalog.services.access import require_moderator
from jamhub.community.forms import BanTagForm, MergeTagForm, RenameTagForm
from jamhub.community.models import BannedTag
from jamhub.community.services import tags as tag_services
from jamhub.community.services.tags import TagError

PAGE = "community:tag-moderation"


@login_required
@require_safe
def tag_list(request: HttpRequest) -> HttpResponse:
    require_moderator(request.user)
    query = request.GET.get("q", "").strip()
    tags = Tag.objects.annotate(
        community_uses=Count("community_communitytagging_items", distinct=True),
        artist_uses=Count("taggit_taggeditem_items", distinct=True),
    ).order_by("name")
    if query:
        tags = tags.filter(name__icontains=query)
    return render(
        request,
        "community/moderation/tags.html",
        {
            "query": query,
            "tags": tags[:100],
            "banned": BannedTag.objects.order_by("name"),
            "rename_form": RenameTagForm(),
            "merge_form": MergeTagForm(),
            "ban_form": BanTagForm(),
        },
    )


@login_required
@require_POST
def rename_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    require_moderator(request.user)
    tag = get_object_or_404(Tag, pk=tag_id)
    form = RenameTagForm(request.POST)
    old = tag.name
    try:
        if not form.is_valid():
            raise TagError(_("Type the new name."))
        tag_services.rename_tag(tag, by=request.user, name=form.cleaned_data["name"])
    except TagError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("“%(old)s” is now “%(new)s”.") % {"old": old, "new": tag.name},
        )
    return redirect(PAGE)


@login_required
@require_POST
def merge_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    require_moderator(request.user)
    source = get_object_or_404(Tag, pk=tag_id)
    form = MergeTagForm(request.POST)
    into = None
    if form.is_valid():
        name = form.cleaned_data["into"].strip()
        into = (
            Tag.objects.filter(name__iexact=name).first()
            or Tag.objects.filter(slug=name).first()
        )
    if into is None:
        messages.error(request, _("There is no tag with that name to merge into."))
        return redirect(PAGE)
    try:
        tag_services.merge_tags(source, into=into, by=request.user)
    except TagError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("“%(source)s” is merged into “%(target)s”.")
            % {"source": source.name, "target": into.name},
        )
    return redirect(PAGE)


@login_required
@require_POST
def ban_tag(request: HttpRequest, tag_id: int) -> HttpResponse:
    require_moderator(request.user)
    tag = get_object_or_404(Tag, pk=tag_id)
    form = BanTagForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    tag_services.ban_tag(tag, by=request.user, reason=reason)
    messages.success(
        request,
        _("“%(tag)s” is banned; listeners can no longer use it.") % {"tag": tag.name},
    )
    return redirect(PAGE)


@login_required
@require_POST
def unban_tag(request: HttpRequest, banned_id: int) -> HttpResponse:
    require_moderator(request.user)
    banned = get_object_or_404(BannedTag, pk=banned_id)
    tag_services.unban_tag(banned, by=request.user)
    messages.success(request, _("“%(tag)s” may be used again.") % {"tag": banned.name})
    return redirect(PAGE)
