"""Making and editing playlists; only the owner may change one."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jamhub.accounts.models import User
from jamhub.catalog.models import Track
from jamhub.community.models import MAX_PLAYLIST_TRACKS, Playlist, PlaylistItem
from jamhub.community.services.ratelimit import check_rate


class PlaylistError(Exception):
    """A change refused for a reason the listener can fix (the message says it)."""


def _check_owner(playlist: Playlist, user: User) -> None:
    if playlist.owner_id != user.pk:
        raise PermissionDenied("Only the owner may change a playlist.")


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PlaylistError(_("A playlist needs a title."))
    return title[: Playlist._meta.get_field("title").max_length]


def create_playlist(*, by: User, title: str, is_public: bool = False) -> Playlist:
    """A new, empty playlist owned by `by`."""
    check_rate(by, "playlist")
    return Playlist.objects.create(
        owner=by, title=_clean_title(title), is_public=is_public
    )


def update_playlist(
    playlist: Playlist, *, by: User, title: str, is_public: bool
) -> Playlist:
    """Rename the playlist and set who may see it."""
    _check_owner(playlist, by)
    check_rate(by, "playlist")
    playlist.title = _clean_title(title)
    playlist.is_public = is_public
    playlist.save(update_fields=["title", "is_public", "updated_at"])
    return playlist


def delete_playlist(playlist: Playlist, *, by: User) -> None:
    """Delete the playlist, its items and its zips."""
    # Imported here: playlist_zips imports PlaylistError from this module.
    from jamhub.community.services.playlist_zips import delete_playlist_zips

    _check_owner(playlist, by)
    delete_playlist_zips(playlist)
    playlist.delete()


def _touch(playlist: Playlist) -> None:
    playlist.save(update_fields=["updated_at"])


def add_track(playlist: Playlist, track: Track, *, by: User) -> PlaylistItem:
    """Append a track of a published album; refused past MAX_PLAYLIST_TRACKS."""
    _check_owner(playlist, by)
    check_rate(by, "playlist")
    if not track.album.is_public:
        raise PlaylistError(_("This track is not published."))
    with transaction.atomic():
        # Lock the playlist row so two additions cannot both pass the cap.
        Playlist.objects.select_for_update().filter(pk=playlist.pk).first()
        items = playlist.items.all()
        if items.count() >= MAX_PLAYLIST_TRACKS:
            raise PlaylistError(
                ngettext(
                    "A playlist holds at most %(count)d track.",
                    "A playlist holds at most %(count)d tracks.",
                    MAX_PLAYLIST_TRACKS,
                )
                % {"count": MAX_PLAYLIST_TRACKS}
            )
        last = items.order_by("-position").values_list("position", flat=True).first()
        item = PlaylistItem.objects.create(
            playlist=playlist, track=track, position=0 if last is None else last + 1
        )
        _touch(playlist)
    return item


def remove_item(item: PlaylistItem, *, by: User) -> None:
    playlist = item.playlist
    _check_owner(playlist, by)
    with transaction.atomic():
        item.delete()
        _renumber(
            playlist, list(playlist.items.in_order().values_list("id", flat=True))
        )


def _renumber(playlist: Playlist, item_ids: Sequence[int]) -> None:
    items = {i.pk: i for i in playlist.items.all()}
    changed = []
    for position, item_id in enumerate(item_ids):
        item = items[item_id]
        if item.position != position:
            item.position = position
            changed.append(item)
    PlaylistItem.objects.bulk_update(changed, ["position"])
    _touch(playlist)


def move_item(item: PlaylistItem, *, by: User, offset: int) -> None:
    """Move an item up (offset -1) or down (+1); at either end nothing moves."""
    playlist = item.playlist
    _check_owner(playlist, by)
    with transaction.atomic():
        Playlist.objects.select_for_update().filter(pk=playlist.pk).first()
        ids = list(playlist.items.in_order().values_list("id", flat=True))
        index = ids.index(item.pk)
        target = max(0, min(len(ids) - 1, index + offset))
        ids.insert(target, ids.pop(index))
        _renumber(playlist, ids)


def reorder_playlist(playlist: Playlist, *, by: User, item_ids: Sequence[int]) -> None:
    """Put the items in the order given, which must name every item once."""
    _check_owner(playlist, by)
    with transaction.atomic():
        Playlist.objects.select_for_update().filter(pk=playlist.pk).first()
        current = set(playlist.items.values_list("id", flat=True))
        if len(item_ids) != len(current) or set(item_ids) != current:
            raise PlaylistError(_("The playlist changed meanwhile: reload the page."))
        _renumber(playlist, item_ids)
