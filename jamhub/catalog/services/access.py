"""Who may do what with an artist or an album (object-level permissions)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, Artist, ArtistMembership, MemberRole


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


def get_artist_for(user: User | object, artist_slug: str) -> Artist:
    """The artist at `artist_slug`, as far as `user` may see it: an artist with no
    published album is only there for its members and the moderators (Http404)."""
    artist = get_object_or_404(Artist, slug=artist_slug)
    if not (
        artist.albums.published().exists()
        or is_member(user, artist)
        or is_moderator(user)
    ):
        raise Http404
    return artist


def get_album_for_member(user: User | object, album_id: int) -> Album:
    """The album, if the user is a member of its artist; 404 otherwise (a stranger
    learns nothing about drafts)."""
    album = get_object_or_404(Album.objects.select_related("artist"), pk=album_id)
    if not is_member(user, album.artist):
        raise Http404
    return album
