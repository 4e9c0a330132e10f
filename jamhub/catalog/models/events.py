"""Raw listening and download events: the inputs of statistics and charts."""

from django.db import models


class TrackPlay(models.Model):
    """A play of 30 seconds or more (half of a shorter track), once per listener,
    track and day."""

    track = models.ForeignKey(
        "catalog.Track", on_delete=models.CASCADE, related_name="plays"
    )
    listener_key = models.CharField(max_length=64)  # user id, or a salted hash
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL
    )
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["track", "listener_key", "day"], name="catalog_play_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"play of track {self.track_id} on {self.day}"


class DownloadEvent(models.Model):
    album = models.ForeignKey(
        "catalog.Album", on_delete=models.CASCADE, related_name="downloads"
    )
    format = models.CharField(max_length=8)
    listener_key = models.CharField(max_length=64)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.format} download of album {self.album_id}"
