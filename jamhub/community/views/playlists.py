"""Playlists: the owner makes and orders them; anyone may play a public one."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from jamhub.catalog.layout import safe_name
from jamhub.catalog.models import Track
from jamhub.community.forms import PlaylistForm
from jamhub.community.models import (
    MAX_PLAYLIST_TRACKS,
    Playlist,
    PlaylistArchive,
    PlaylistArchiveStatus,
    PlaylistItem,
)
from jamhub.community.player import queue_entries
from jamhub.community.services import playlist_zips
from jamhub.community.services import playlists as playlist_services
from jamhub.community.services.playlists import PlaylistError
from jamhub.community.views.common import (
    handles_rate_limits,
    is_htmx_fragment,
    next_url,
)
from jamhub.core.ids import id_or_none, parse_posted_id
from jamhub.core.media import accel_path_for, file_response


def readable_playlist(request: HttpRequest, playlist_id: int) -> Playlist:
    """A public playlist, or the user's own; others' private ones are 404."""
    return get_object_or_404(
        Playlist.objects.readable_by(request.user).select_related("owner"),
        pk=playlist_id,
    )


def own_playlist(request: HttpRequest, playlist_id: int) -> Playlist:
    return get_object_or_404(Playlist.objects.owned_by(request.user), pk=playlist_id)


def _own_item(request: HttpRequest, item_id: int) -> PlaylistItem:
    return get_object_or_404(
        PlaylistItem.objects.select_related("playlist").filter(
            playlist__owner=request.user
        ),
        pk=item_id,
    )


@login_required
@handles_rate_limits
def playlist_list(request: HttpRequest) -> HttpResponse:
    form = PlaylistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            playlist = playlist_services.create_playlist(
                by=request.user,
                title=form.cleaned_data["title"],
                is_public=form.cleaned_data["is_public"],
            )
        except PlaylistError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Playlist created."))
            return redirect(playlist)
    playlists = Playlist.objects.owned_by(request.user).with_item_count()
    return render(
        request,
        "community/playlist_list.html",
        {"playlists": playlists.recently_updated(), "form": form},
    )


@require_safe
def playlist_detail(request: HttpRequest, playlist_id: int) -> HttpResponse:
    playlist = readable_playlist(request, playlist_id)
    items = list(playlist.items.in_order().for_listing())
    playable = [i for i in items if i.track.album.is_public]
    is_owner = playlist.owner_id == request.user.pk
    return render(
        request,
        "community/playlist_detail.html",
        {
            "playlist": playlist,
            "items": items if is_owner else playable,
            "hidden_count": len(items) - len(playable),
            "queue": queue_entries(i.track for i in playable),
            "is_owner": is_owner,
            "form": PlaylistForm(
                initial={"title": playlist.title, "is_public": playlist.is_public}
            ),
            "share_url": request.build_absolute_uri(playlist.get_absolute_url()),
            "zip_formats": playlist_zips.ZIP_FORMATS,
            "max_tracks": MAX_PLAYLIST_TRACKS,
        },
    )


@login_required
@require_POST
@handles_rate_limits
def edit_playlist(request: HttpRequest, playlist_id: int) -> HttpResponse:
    playlist = own_playlist(request, playlist_id)
    form = PlaylistForm(request.POST)
    if form.is_valid():
        try:
            playlist_services.update_playlist(
                playlist,
                by=request.user,
                title=form.cleaned_data["title"],
                is_public=form.cleaned_data["is_public"],
            )
        except PlaylistError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Playlist saved."))
    else:
        messages.error(request, _("A playlist needs a title."))
    return redirect(playlist)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_playlist(request: HttpRequest, playlist_id: int) -> HttpResponse:
    """GET: the confirmation (the playlist page opens it as a dialog with JS);
    POST with confirm=yes: delete."""
    playlist = own_playlist(request, playlist_id)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "community/playlist_delete.html", {"playlist": playlist})
    playlist_services.delete_playlist(playlist, by=request.user)
    messages.success(request, _("Playlist deleted."))
    return redirect("community:playlists")


@login_required
@require_POST
@handles_rate_limits
def add_track(request: HttpRequest) -> HttpResponse:
    """Add a track to one of the user's playlists, or to a new one."""
    track_id = _posted_id(request, "track")
    if track_id is None:
        raise Http404
    track = get_object_or_404(
        Track.objects.select_related("album__artist").filter(album__status="published"),
        pk=track_id,
    )
    back = next_url(request, track.get_absolute_url())
    new_title = request.POST.get("new_title", "").strip()
    try:
        # A new playlist that cannot take the track (rate limit, cap) is not kept.
        with transaction.atomic():
            if request.POST.get("playlist") and not new_title:
                playlist_id = _posted_id(request, "playlist")
                if playlist_id is None:
                    raise Http404
                playlist = own_playlist(request, playlist_id)
            else:
                playlist = playlist_services.create_playlist(
                    by=request.user, title=new_title or _("My playlist")
                )
            playlist_services.add_track(playlist, track, by=request.user)
    except PlaylistError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Added %(track)s to %(playlist)s.")
            % {"track": track.title, "playlist": playlist.title},
        )
    return redirect(back)


@login_required
@require_POST
def move_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _own_item(request, item_id)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    playlist_services.move_item(
        item, by=request.user, offset=-1 if direction == "up" else 1
    )
    if is_htmx_fragment(request):
        # Only the list changes: the page keeps its scroll position.
        return render(
            request,
            "community/includes/playlist_items.html",
            {
                "playlist": item.playlist,
                "items": list(item.playlist.items.in_order().for_listing()),
                "is_owner": True,
                "moved_id": item.pk,
                "moved_direction": direction,
            },
        )
    return redirect(f"{item.playlist.get_absolute_url()}#item-{item.pk}")


@login_required
@require_POST
def remove_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _own_item(request, item_id)
    playlist = item.playlist
    playlist_services.remove_item(item, by=request.user)
    messages.success(request, _("Track removed from the playlist."))
    return redirect(playlist)


@login_required
@require_POST
def reorder_playlist(request: HttpRequest, playlist_id: int) -> HttpResponse:
    """Drag and drop: the new order of every item id, as JSON {"items": [...]}."""
    playlist = own_playlist(request, playlist_id)
    try:
        item_ids = [
            parse_posted_id(i) for i in json.loads(request.body or b"{}")["items"]
        ]
        playlist_services.reorder_playlist(playlist, by=request.user, item_ids=item_ids)
    except (ValueError, KeyError, TypeError, PlaylistError):
        return HttpResponse(status=409)
    return HttpResponse(status=204)


@login_required
@require_POST
@handles_rate_limits
def request_zip(request: HttpRequest, playlist_id: int) -> HttpResponse:
    playlist = readable_playlist(request, playlist_id)
    fmt = request.POST.get("format", "")
    if fmt not in playlist_zips.ZIP_FORMATS:
        raise Http404
    try:
        playlist_zips.request_playlist_zip(playlist, fmt=fmt, by=request.user)
    except PlaylistError as exc:
        messages.error(request, str(exc))
        return redirect(playlist)
    return redirect("community:playlist-zip-status", playlist_id=playlist.pk, fmt=fmt)


@login_required
@require_safe
def zip_status(request: HttpRequest, playlist_id: int, fmt: str) -> HttpResponse:
    """ "Being prepared" (the page polls itself) until the zip is ready."""
    playlist = readable_playlist(request, playlist_id)
    if fmt not in playlist_zips.ZIP_FORMATS:
        raise Http404
    ready = playlist_zips.ready_playlist_zip(playlist, fmt)
    archive = (
        ready or PlaylistArchive.objects.filter(playlist=playlist, format=fmt).first()
    )
    return render(
        request,
        "community/playlist_zip.html",
        {
            "playlist": playlist,
            "fmt": fmt,
            "ready": ready,
            "failed": archive is not None
            and archive.status == PlaylistArchiveStatus.FAILED,
            # Pending: the page polls. Otherwise (never asked for, or the playlist
            # changed since) the listener asks again.
            "pending": ready is None
            and archive is not None
            and archive.status == PlaylistArchiveStatus.PENDING,
            "download_url": reverse(
                "community:playlist-zip",
                kwargs={"playlist_id": playlist.pk, "fmt": fmt},
            ),
        },
    )


@login_required
def download_zip(request: HttpRequest, playlist_id: int, fmt: str) -> HttpResponseBase:
    playlist = readable_playlist(request, playlist_id)
    archive = playlist_zips.ready_playlist_zip(playlist, fmt)
    if archive is None:
        raise Http404
    return file_response(
        request,
        Path(settings.MEDIA_ROOT) / archive.path,
        content_type="application/zip",
        # The zip's top folder: the plan names it after the title, the same way.
        download_name=f"{safe_name(playlist.title)} [{fmt.upper()}].zip",
        cache_seconds=0,
        accel_path=accel_path_for(archive.path),
    )


def _posted_id(request: HttpRequest, name: str) -> int | None:
    """A primary key from the form, or None."""
    return id_or_none(request.POST.get(name, ""))
