"""Playlists: a listener's ordered list of tracks, public or private, and its zips."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# More tracks than anyone plays in a day, and a zip a worker builds in minutes.
MAX_PLAYLIST_TRACKS = 500
TITLE_MAX_LENGTH = 120


class PlaylistQuerySet(models.QuerySet["Playlist"]):
    def owned_by(self, user: object) -> "PlaylistQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def readable_by(self, user: object) -> "PlaylistQuerySet":
        """Public playlists, plus the user's own."""
        if getattr(user, "is_authenticated", False):
            return self.filter(models.Q(is_public=True) | models.Q(owner=user))
        return self.filter(is_public=True)

    def with_item_count(self) -> "PlaylistQuerySet":
        return self.annotate(item_count=models.Count("items"))

    def recently_updated(self) -> "PlaylistQuerySet":
        return self.order_by("-updated_at", "-id")


class Playlist(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="playlists"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Anyone with the link can listen; private playlists are yours."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlaylistQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:playlist", kwargs={"playlist_id": self.pk})


class PlaylistItemQuerySet(models.QuerySet["PlaylistItem"]):
    def in_order(self) -> "PlaylistItemQuerySet":
        return self.order_by("position", "id")

    def playable(self) -> "PlaylistItemQuerySet":
        """Items whose album is published: the only ones players and zips get."""
        return self.filter(track__album__status="published")

    def for_listing(self) -> "PlaylistItemQuerySet":
        return self.select_related("track__album__artist").prefetch_related(
            "track__renditions"
        )


class PlaylistItem(models.Model):
    playlist = models.ForeignKey(
        Playlist, on_delete=models.CASCADE, related_name="items"
    )
    track = models.ForeignKey(
        "catalog.Track", on_delete=models.CASCADE, related_name="+"
    )
    # Gaps are fine; services renumber 0..n-1 after every move.
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = PlaylistItemQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["playlist", "position"])]

    def __str__(self) -> str:
        return f"{self.playlist_id}#{self.position}: {self.track_id}"


class PlaylistArchiveStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class PlaylistArchive(models.Model):
    """The zip of a playlist in one format. `fingerprint` names the contents it was
    asked for (tracks, order, files, credits): when the playlist changes, the
    fingerprint no longer matches and a new zip is built."""

    playlist = models.ForeignKey(
        Playlist, on_delete=models.CASCADE, related_name="archives"
    )
    format = models.CharField(max_length=8)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10,
        choices=PlaylistArchiveStatus.choices,
        default=PlaylistArchiveStatus.PENDING,
    )
    path = models.CharField(max_length=500, blank=True)  # relative to MEDIA_ROOT
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["playlist", "format"], name="community_playlist_archive_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.playlist_id} {self.format} {self.status}"
