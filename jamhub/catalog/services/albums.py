"""Artists and albums: creation, editing, and the path from draft to published."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jamhub.accounts.models import User
from jamhub.catalog.models import (
    Album,
    AlbumDecision,
    AlbumStatus,
    Artist,
    ArtistMembership,
    DecisionOutcome,
    MemberRole,
    Track,
)
from jamhub.catalog.services.access import (
    require_member,
    require_moderator,
    require_owner,
)
from jamhub.catalog.services.notifications import notify_artist
from jamhub.core.text import slug_for
from jamhub.licensing.licences import get_licence


class WorkflowError(Exception):
    """A step of the album's path that is not allowed now; the message says why."""


def _unique_slug(queryset, text: str, *, max_length: int) -> str:  # type: ignore[no-untyped-def]
    """The name's slug (see slug_for: "untitled" for a name with no word), made
    unique with -2, -3... (room kept for the number)."""
    base = slug_for(text, max_length=max_length - 5, fallback="untitled")
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def create_artist(*, name: str, by: User, bio: str = "", location: str = "") -> Artist:
    """Claim an artist space: the creator becomes its owner."""
    artist = Artist.objects.create(
        name=name.strip(),
        slug=_unique_slug(Artist.objects.all(), name, max_length=140),
        bio=bio,
        location=location,
    )
    ArtistMembership.objects.create(artist=artist, user=by, role=MemberRole.OWNER)
    from jamhub.accounts.roles import Role
    from jamhub.accounts.services import grant_role

    grant_role(by, role=Role.ARTIST)
    return artist


@transaction.atomic
def update_artist(
    artist: Artist,
    *,
    by: User,
    name: str,
    bio: str,
    location: str,
    links: list[str],
    image: bytes | None = None,
) -> Artist:
    """Change the artist's public profile (any member); a new image is re-encoded."""
    require_member(by, artist)
    artist.name = name.strip()
    artist.bio = bio
    artist.location = location.strip()
    artist.links = links
    fields = ["name", "bio", "location", "links"]
    if image is not None:
        from django.core.files.base import ContentFile

        from jamhub.catalog.validation import normalise_cover

        old = artist.image.name if artist.image else ""
        artist.image.save("artist.jpg", ContentFile(normalise_cover(image)), save=False)
        fields.append("image")
        if old:
            storage = artist.image.storage
            transaction.on_commit(lambda: storage.delete(old))
    artist.save(update_fields=fields)
    from search.tasks import index_artist_albums_task

    index_artist_albums_task.delay_on_commit(artist.pk)
    return artist


@transaction.atomic
def add_member(artist: Artist, *, user: User, role: str, by: User) -> ArtistMembership:
    """Add a person to the artist, or change their role (owners only)."""
    require_owner(by, artist)
    membership, _created = ArtistMembership.objects.update_or_create(
        artist=artist, user=user, defaults={"role": role}
    )
    from jamhub.accounts.roles import Role
    from jamhub.accounts.services import grant_role

    grant_role(user, role=Role.ARTIST)
    return membership


@transaction.atomic
def remove_member(artist: Artist, *, user: User, by: User) -> None:
    """Remove a person from the artist (owners only); the last owner stays."""
    require_owner(by, artist)
    membership = ArtistMembership.objects.select_for_update().get(
        artist=artist, user=user
    )
    owners = artist.memberships.filter(role=MemberRole.OWNER)
    if membership.role == MemberRole.OWNER and owners.count() == 1:
        raise WorkflowError(_("An artist keeps at least one owner."))
    membership.delete()


@transaction.atomic
def create_album(
    artist: Artist,
    *,
    title: str,
    licence: str,
    by: User,
    release_date: datetime.date | None = None,
    description: str = "",
) -> Album:
    """Start a draft album for the artist."""
    require_member(by, artist)
    get_licence(licence)
    return Album.objects.create(
        artist=artist,
        title=title.strip(),
        slug=_unique_slug(artist.albums.all(), title, max_length=220),
        licence=licence,
        release_date=release_date,
        description=description,
        created_by=by,
    )


@transaction.atomic
def update_album(
    album: Album,
    *,
    by: User,
    title: str,
    licence: str,
    release_date: datetime.date | None,
    description: str,
) -> Album:
    """Change a draft's metadata (the slug follows the title until publication)."""
    require_member(by, album.artist)
    _require_editable(album)
    get_licence(licence)
    if title.strip() != album.title:
        album.slug = _unique_slug(
            album.artist.albums.exclude(pk=album.pk), title, max_length=220
        )
    album.title = title.strip()
    album.licence = licence
    album.release_date = release_date
    album.description = description
    album.save(
        update_fields=["title", "slug", "licence", "release_date", "description"]
    )
    return album


@transaction.atomic
def arrange_tracks(
    album: Album, *, by: User, order: list[int], titles: dict[int, str]
) -> None:
    """Renumber the tracks in the given order (ids) and set their titles."""
    require_member(by, album.artist)
    _require_editable(album)
    tracks = {t.pk: t for t in album.tracks.select_for_update()}
    if sorted(order) != sorted(tracks):
        raise WorkflowError(_("The track list changed meanwhile; reload the page."))
    # Two passes keep numbers unique at every step should a constraint be added.
    for position, track_id in enumerate(order, start=1):
        track = tracks[track_id]
        track.number = position
        title = titles.get(track_id, track.title).strip()
        if title:
            track.title = title[:200]
        track.save(update_fields=["number", "title"])


@transaction.atomic
def remove_track(track: Track, *, by: User) -> None:
    """Delete a track and its private original from a draft; renumber the rest."""
    album = track.album
    require_member(by, album.artist)
    _require_editable(album)
    from jamhub.catalog.services.uploads import delete_original_file

    if hasattr(track, "original"):
        delete_original_file(track.original)
    track.delete()
    for position, remaining in enumerate(album.tracks.order_by("number"), start=1):
        if remaining.number != position:
            remaining.number = position
            remaining.save(update_fields=["number"])


def next_track_number(album: Album) -> int:
    return (album.tracks.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def submit_album(album: Album, *, by: User) -> Album:
    """Send a draft to processing: renditions are made, then review or publication."""
    album = Album.objects.select_for_update().get(pk=album.pk)
    require_member(by, album.artist)
    _require_editable(album)
    if not album.tracks.exists():
        raise WorkflowError(_("Add at least one track before submitting."))
    licence = get_licence(album.licence)
    if not licence.for_new_uploads:
        raise WorkflowError(
            _("Choose a current licence: %(name)s is for imports only.")
            % {"name": licence.short_name}
        )
    album.status = AlbumStatus.PROCESSING
    album.status_reason = ""
    album.submitted_at = timezone.now()
    # The year names the album's folders, zips and torrents: fix it now.
    album.release_date = album.release_date or timezone.localdate()
    album.save(
        update_fields=["status", "status_reason", "submitted_at", "release_date"]
    )
    from jamhub.catalog.tasks import ingest_album_task

    ingest_album_task.delay_on_commit(album.pk)
    return album


@transaction.atomic
def finish_processing(album: Album) -> Album:
    """Renditions are ready: publish a trusted artist's album, else queue it for
    review."""
    album = Album.objects.select_for_update().select_related("artist").get(pk=album.pk)
    if album.status != AlbumStatus.PROCESSING:
        return album
    if album.artist.is_trusted:
        return _publish(album, by=None)
    album.status = AlbumStatus.PENDING_REVIEW
    album.save(update_fields=["status"])
    return album


@transaction.atomic
def fail_processing(album: Album, *, reason: str) -> Album:
    """Back to draft, with the reason, so the artist can fix the files and resubmit."""
    album = Album.objects.select_for_update().get(pk=album.pk)
    if album.status != AlbumStatus.PROCESSING:
        return album
    album.status = AlbumStatus.DRAFT
    album.status_reason = reason[:2000]
    album.save(update_fields=["status", "status_reason"])
    notify_artist(album, "processing_failed")
    return album


@transaction.atomic
def approve_album(album: Album, *, by: User) -> Album:
    """A moderator publishes an album waiting for review."""
    require_moderator(by)
    album = Album.objects.select_for_update().get(pk=album.pk)
    if album.status != AlbumStatus.PENDING_REVIEW:
        raise WorkflowError(_("Only albums waiting for review can be approved."))
    AlbumDecision.objects.create(
        album=album, moderator=by, outcome=DecisionOutcome.PUBLISHED
    )
    return _publish(album, by=by)


@transaction.atomic
def reject_album(album: Album, *, by: User, reason: str) -> Album:
    """A moderator sends an album back to its artist with the reason."""
    if not reason.strip():
        raise WorkflowError(_("Say why the album is rejected: the artist reads it."))
    return _moderate(
        album,
        by=by,
        reason=reason,
        source=AlbumStatus.PENDING_REVIEW,
        target=AlbumStatus.REJECTED,
        refusal=_("Only albums waiting for review can be rejected."),
        event="rejected",
        outcome=DecisionOutcome.REJECTED,
    )


@transaction.atomic
def hide_album(album: Album, *, by: User, reason: str) -> Album:
    """A moderator takes a published album down (a legal claim, say), with a reason."""
    if not reason.strip():
        raise WorkflowError(_("Say why the album is hidden: the artist reads it."))
    return _moderate(
        album,
        by=by,
        reason=reason,
        source=AlbumStatus.PUBLISHED,
        target=AlbumStatus.HIDDEN,
        refusal=_("Only published albums can be hidden."),
        event="hidden",
        outcome=DecisionOutcome.HIDDEN,
    )


def _moderate(
    album: Album,
    *,
    by: User,
    reason: str,
    source: str,
    target: str,
    refusal: str,
    event: str,
    outcome: DecisionOutcome,
) -> Album:
    """Move the album from source to target with the moderator's reason, and tell
    the artist."""
    require_moderator(by)
    album = Album.objects.select_for_update().get(pk=album.pk)
    if album.status != source:
        raise WorkflowError(refusal)
    album.status = target
    album.status_reason = reason.strip()[:2000]
    album.reviewed_by = by
    album.reviewed_at = timezone.now()
    album.save(update_fields=["status", "status_reason", "reviewed_by", "reviewed_at"])
    AlbumDecision.objects.create(
        album=album, moderator=by, outcome=outcome, reason=album.status_reason
    )
    if source == AlbumStatus.PUBLISHED:
        # The tracker and the seeders stop serving it.
        from jamhub.catalog.tasks import write_tracker_allowed_file_task
        from search.tasks import remove_album_task

        write_tracker_allowed_file_task.delay_on_commit()
        remove_album_task.delay_on_commit(album.pk)
    notify_artist(album, event)
    return album


@transaction.atomic
def restore_album(album: Album, *, by: User) -> Album:
    """A moderator puts a hidden album back online."""
    require_moderator(by)
    album = Album.objects.select_for_update().get(pk=album.pk)
    if album.status != AlbumStatus.HIDDEN:
        raise WorkflowError(_("Only hidden albums can be restored."))
    AlbumDecision.objects.create(
        album=album, moderator=by, outcome=DecisionOutcome.RESTORED
    )
    return _publish(album, by=by)


@transaction.atomic
def set_artist_trusted(artist: Artist, *, trusted: bool, by: User) -> Artist:
    """A moderator lets an artist publish without review (or takes it back)."""
    require_moderator(by)
    artist.is_trusted = trusted
    artist.save(update_fields=["is_trusted"])
    return artist


def _publish(album: Album, *, by: User | None) -> Album:
    album.status = AlbumStatus.PUBLISHED
    album.status_reason = ""
    album.published_at = album.published_at or timezone.now()
    album.reviewed_by = by
    album.reviewed_at = timezone.now() if by else None
    album.save(
        update_fields=[
            "status",
            "status_reason",
            "published_at",
            "reviewed_by",
            "reviewed_at",
        ]
    )
    # Imported here: these task modules import the services.
    from jamhub.catalog.tasks import (
        build_album_archives_task,
        build_album_torrents_task,
    )
    from jamhub.fanclubs.tasks import announce_album_task
    from search.tasks import index_album_task

    build_album_archives_task.delay_on_commit(album.pk)
    build_album_torrents_task.delay_on_commit(album.pk)
    index_album_task.delay_on_commit(album.pk)
    # The fans are told once per album (a restored album is not news again).
    announce_album_task.delay_on_commit(album.pk)
    notify_artist(album, "published")
    return album


def _require_editable(album: Album) -> None:
    if not album.is_editable:
        raise WorkflowError(
            _("This album cannot be changed while it is %(status)s.")
            % {"status": album.get_status_display().lower()}
        )
