"""Who may do what with an artist or an album (object-level permissions)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, Artist, ArtistMembership, MemberRole
from jamhub.catalog.models.artists import ArtistQuerySet


def is_member(user: User | object, artist: Artist) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ArtistMembership.objects.filter(artist=artist, user=user).exists()


def is_owner(user: User | object, artist: Artist) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ArtistMembership.objects.filter(
        artist=artist, user=user, role=MemberRole.OWNER
    ).exists()


def is_moderator(user: User | object) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_perm("catalog.moderate_album")  # type: ignore[union-attr]
    )


def require_member(user: User | object, artist: Artist) -> None:
    if not is_member(user, artist):
        raise PermissionDenied("Only the artist's members may do this.")


def require_owner(user: User | object, artist: Artist) -> None:
    if not is_owner(user, artist):
        raise PermissionDenied("Only the artist's owners may do this.")


def require_moderator(user: User | object) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators may do this.")


def visible_artists(user: User | object) -> ArtistQuerySet:
    """The artists `user` may see: those with a published album, and also their own
    (its members') and every one for moderators. The one rule of every route that
    shows or names an artist: a stranger must not learn that the others exist."""
    if is_moderator(user):
        return Artist.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Artist.objects.published()
    return Artist.objects.filter(
        Q(pk__in=Artist.objects.published().values("pk"))
        | Q(pk__in=Artist.objects.managed_by(user).values("pk"))
    )


def may_see_artist(user: User | object, artist: Artist) -> bool:
    return visible_artists(user).filter(pk=artist.pk).exists()


def get_artist_for(
    user: User | object, artist_slug: str | None = None, *, pk: int | None = None
) -> Artist:
    """The artist at `artist_slug` (or with primary key `pk`), as far as `user` may
    see it (visible_artists); Http404 otherwise."""
    if (artist_slug is None) == (pk is None):
        raise TypeError("get_artist_for takes a slug or a pk")
    lookup = {"slug": artist_slug} if pk is None else {"pk": pk}
    return get_object_or_404(visible_artists(user), **lookup)


def get_album_for_member(user: User | object, album_id: int) -> Album:
    """The album, if the user is a member of its artist; 404 otherwise (a stranger
    learns nothing about drafts)."""
    album = get_object_or_404(Album.objects.select_related("artist"), pk=album_id)
    if not is_member(user, album.artist):
        raise Http404
    return album
