"""Favourites: a listener stars a track, an album or an artist."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FavouriteKind(models.TextChoices):
    TRACK = "track", _("Track")
    ALBUM = "album", _("Album")
    ARTIST = "artist", _("Artist")


class FavouriteQuerySet(models.QuerySet["Favourite"]):
    def of_user(self, user: object) -> "FavouriteQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def of_kind(self, kind: str) -> "FavouriteQuerySet":
        return self.filter(kind=kind)

    def public(self) -> "FavouriteQuerySet":
        """Favourites whose music is published (a hidden album drops out, and so
        does an artist with nothing published: see catalog's visible_artists)."""
        from jamhub.catalog.models import Artist

        return self.filter(
            Q(kind=FavouriteKind.ARTIST, artist__in=Artist.objects.published())
            | Q(kind=FavouriteKind.ALBUM, album__status="published")
            | Q(kind=FavouriteKind.TRACK, track__album__status="published")
        )

    def newest_first(self) -> "FavouriteQuerySet":
        return self.order_by("-created_at", "-id")

    def starred_ids(self, kind: str) -> set[int]:
        """Ids of the starred objects of one kind."""
        field = f"{kind}_id"
        return set(self.of_kind(kind).values_list(field, flat=True))


class Favourite(models.Model):
    """One star; exactly one of track, album and artist is set, the one `kind` names."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    kind = models.CharField(max_length=10, choices=FavouriteKind.choices)
    track = models.ForeignKey(
        "catalog.Track",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    album = models.ForeignKey(
        "catalog.Album",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    artist = models.ForeignKey(
        "catalog.Artist",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FavouriteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="track",
                        track__isnull=False,
                        album__isnull=True,
                        artist__isnull=True,
                    )
                    | Q(
                        kind="album",
                        album__isnull=False,
                        track__isnull=True,
                        artist__isnull=True,
                    )
                    | Q(
                        kind="artist",
                        artist__isnull=False,
                        track__isnull=True,
                        album__isnull=True,
                    )
                ),
                name="community_favourite_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "track"],
                condition=Q(kind="track"),
                name="community_favourite_track_once",
            ),
            models.UniqueConstraint(
                fields=["user", "album"],
                condition=Q(kind="album"),
                name="community_favourite_album_once",
            ),
            models.UniqueConstraint(
                fields=["user", "artist"],
                condition=Q(kind="artist"),
                name="community_favourite_artist_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.kind} {self.target_id}"

    @property
    def target_id(self) -> int | None:
        target_id: int | None = getattr(self, f"{self.kind}_id")
        return target_id

    @property
    def target(self) -> object:
        return getattr(self, self.kind)
