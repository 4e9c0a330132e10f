"""Stars and "add to playlist" controls on track rows, album, track and artist
pages. The user's stars and playlists are read once per request and kept on it."""

from typing import Any

from django import template

from jamhub.community.models import Favourite, FavouriteKind, Playlist
from jamhub.community.services.favourites import favourite_kind

register = template.Library()


def _starred(request: object, kind: str) -> set[int]:
    cache: dict[str, set[int]] | None = getattr(request, "_community_starred", None)
    if cache is None:
        user = getattr(request, "user", None)
        favourites = Favourite.objects.of_user(user)
        cache = {k: favourites.starred_ids(k) for k in FavouriteKind.values}
        if request is not None:
            request._community_starred = cache  # type: ignore[attr-defined]
    return cache[kind]


def _own_playlists(request: object) -> list[Playlist]:
    cache: list[Playlist] | None = getattr(request, "_community_playlists", None)
    if cache is None:
        user = getattr(request, "user", None)
        cache = list(Playlist.objects.owned_by(user).recently_updated()[:50])
        if request is not None:
            request._community_playlists = cache  # type: ignore[attr-defined]
    return cache


@register.inclusion_tag("community/includes/favourite_button.html", takes_context=True)
def favourite_button(
    context: dict[str, Any], target: object, labelled: bool = False
) -> dict[str, Any]:
    """The star that adds the target to the user's favourites; labelled: with
    visible words too (where it stands alone, not in a track row)."""
    request = context.get("request")
    kind = favourite_kind(target)  # type: ignore[arg-type]
    return {
        "request": request,
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "target": target,
        "starred": target.pk in _starred(request, kind),  # type: ignore[attr-defined]
        "next": request.get_full_path() if request else "",
        "labelled": labelled,
    }


@register.inclusion_tag("community/includes/add_to_playlist.html", takes_context=True)
def add_to_playlist(context: dict[str, Any], track: object) -> dict[str, Any]:
    request = context.get("request")
    return {
        "request": request,
        "user": getattr(request, "user", None),
        "csrf_token": context.get("csrf_token"),
        "track": track,
        "playlists": _own_playlists(request),
        "next": request.get_full_path() if request else "",
    }
