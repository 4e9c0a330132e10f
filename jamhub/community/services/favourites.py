"""Starring tracks, albums and artists."""

from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, Artist, Track
from jamhub.catalog.services.access import may_see_artist
from jamhub.community.models import Favourite, FavouriteKind
from jamhub.community.services.ratelimit import check_rate

_KINDS: dict[type, str] = {
    Track: FavouriteKind.TRACK,
    Album: FavouriteKind.ALBUM,
    Artist: FavouriteKind.ARTIST,
}


def favourite_kind(target: Track | Album | Artist) -> str:
    return _KINDS[type(target)]


def is_favourite(target: Track | Album | Artist, *, user: object) -> bool:
    kind = favourite_kind(target)
    return Favourite.objects.of_user(user).filter(kind=kind, **{kind: target}).exists()


def set_favourite(target: Track | Album | Artist, *, by: User, starred: bool) -> bool:
    """Star or unstar `target` for `by` (idempotent); return whether it is starred.

    Raises Http404 for an artist `by` may not see: starring it would name it on the
    favourites page."""
    if starred and isinstance(target, Artist) and not may_see_artist(by, target):
        raise Http404
    check_rate(by, "favourite")
    kind = favourite_kind(target)
    if not starred:
        Favourite.objects.filter(user=by, kind=kind, **{kind: target}).delete()
        return False
    try:
        with transaction.atomic():
            lookup: dict[str, Any] = {"user": by, "kind": kind, kind: target}
            Favourite.objects.get_or_create(**lookup)
    except IntegrityError:  # a concurrent request starred it first
        pass
    return True


def toggle_favourite(target: Track | Album | Artist, *, by: User) -> bool:
    """Star `target` if it is not starred, else unstar it; return the new state."""
    return set_favourite(target, by=by, starred=not is_favourite(target, user=by))
