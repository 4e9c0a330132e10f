"""The torrent of each album format, and what the swarm and the seeder say of it."""

from django.db import models


class AlbumTorrent(models.Model):
    album = models.ForeignKey(
        "catalog.Album", on_delete=models.CASCADE, related_name="torrents"
    )
    format = models.CharField(max_length=8)
    info_hash = models.CharField(max_length=40, unique=True)  # v1, hex
    name = models.CharField(max_length=255)  # the album folder's name
    path = models.CharField(max_length=500)  # the .torrent, relative to MEDIA_ROOT
    size = models.BigIntegerField()  # bytes of music and documents it holds
    files_digest = models.CharField(max_length=64)  # rebuilt when this changes
    built_at = models.DateTimeField(auto_now=True)
    # From the tracker (swarm health) and the seeder (origin bytes), refreshed
    # periodically; never written on the announce path.
    seeders = models.PositiveIntegerField(default=0)
    leechers = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    seeder_uploaded = models.BigIntegerField(default=0)
    stats_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["album", "format"], name="catalog_torrent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.info_hash})"
