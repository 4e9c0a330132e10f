"""Listeners star tracks, albums and artists, and see what they starred."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from jamhub.catalog.models import Album, Artist, Track
from jamhub.catalog.services.access import get_artist_for
from jamhub.community.models import Favourite, FavouriteKind
from jamhub.community.player import queue_entries
from jamhub.community.services import favourites as favourite_services
from jamhub.community.views.common import (
    handles_rate_limits,
    is_htmx_fragment,
    next_url,
)


def favourite_target(
    kind: str, object_id: int, *, user: object
) -> Track | Album | Artist:
    """A published track or album, or an artist `user` may see, by kind and id;
    else 404."""
    if kind == FavouriteKind.TRACK:
        return get_object_or_404(
            Track.objects.select_related("album__artist").filter(
                album__status="published"
            ),
            pk=object_id,
        )
    if kind == FavouriteKind.ALBUM:
        return get_object_or_404(
            Album.objects.published().select_related("artist"), pk=object_id
        )
    if kind == FavouriteKind.ARTIST:
        return get_artist_for(user, pk=object_id)
    raise Http404


def wants_json(request: HttpRequest) -> bool:
    """The player asks for JSON; forms and htmx ask for HTML."""
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


@require_safe
def favourite_status(request: HttpRequest, kind: str, object_id: int) -> JsonResponse:
    """Whether the listener starred it, for the player's star (which is not shown to
    a visitor who is not signed in)."""
    target = favourite_target(kind, object_id, user=request.user)
    signed_in = request.user.is_authenticated
    response = JsonResponse(
        {
            "signed_in": signed_in,
            "starred": signed_in
            and favourite_services.is_favourite(target, user=request.user),
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
@handles_rate_limits
def toggle_favourite(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    target = favourite_target(kind, object_id, user=request.user)
    wanted = request.POST.get("starred")
    if wanted in ("true", "false"):
        # The player says which state it shows, so that a second click (or a star
        # changed in another tab) never flips it the wrong way.
        starred = favourite_services.set_favourite(
            target, by=request.user, starred=wanted == "true"
        )
    else:
        starred = favourite_services.toggle_favourite(target, by=request.user)
    if wants_json(request):
        return JsonResponse({"starred": starred})
    if is_htmx_fragment(request):
        return render(
            request,
            "community/includes/favourite_button.html",
            {
                "kind": kind,
                "target": target,
                "starred": starred,
                "next": next_url(request, target.get_absolute_url()),
                "labelled": request.POST.get("labelled") == "1",
            },
        )
    return redirect(next_url(request, target.get_absolute_url()))


@login_required
@require_safe
def favourite_list(request: HttpRequest) -> HttpResponse:
    favourites = Favourite.objects.of_user(request.user).public().newest_first()
    tracks = [
        f.track
        for f in favourites.of_kind(FavouriteKind.TRACK)
        .select_related("track__album__artist")
        .prefetch_related("track__renditions")
        if f.track is not None
    ]
    albums = [
        f.album
        for f in favourites.of_kind(FavouriteKind.ALBUM).select_related("album__artist")
    ]
    artists = [
        f.artist
        for f in favourites.of_kind(FavouriteKind.ARTIST).select_related("artist")
    ]
    return render(
        request,
        "community/favourites.html",
        {
            "tracks": tracks,
            "albums": albums,
            "artists": artists,
            "queue": queue_entries(tracks),
        },
    )
