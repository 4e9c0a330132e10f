"""The torrent of each album format, what the swarm and the origin say of it, and the
listeners' passkeys with the seeding they are credited for."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models

from seeder.tracker.protocol import passkey_digest


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
    web_seed_bytes = models.BigIntegerField(default=0)  # sent by the web seed (BEP 19)
    # The tracker's own cumulative counters as last pulled (they restart from zero
    # with the tracker): completions, and bytes every peer reported downloading, the
    # ceiling of what fans may be credited for uploading.
    reported_completed = models.PositiveIntegerField(default=0)
    reported_downloaded = models.BigIntegerField(default=0)
    stats_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["album", "format"], name="catalog_torrent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.info_hash})"


class TorrentCompletion(models.Model):
    """Torrent completions of an album per day (all formats), from the tracker's
    counts: the raw event that charts and statistics read."""

    album = models.ForeignKey(
        "catalog.Album", on_delete=models.CASCADE, related_name="torrent_completions"
    )
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["album", "day"], name="catalog_completion_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} completions of album {self.album_id} on {self.day}"


def new_passkey() -> str:
    return secrets.token_hex(16)  # 128 bits; the tracker accepts [0-9a-f]{32}


class Passkey(models.Model):
    """A listener's key in the announce URL of their personal .torrent files: the
    tracker credits that key with what its peers report uploading."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkey"
    )
    key = models.CharField(max_length=32, unique=True, default=new_passkey)
    # What the tracker's /stats names the key by (it never sends the key itself);
    # derived from `key` on every save.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"passkey of {self.user_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.digest = passkey_digest(self.key)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "key" in update_fields:
            kwargs["update_fields"] = {*update_fields, "digest"}
        super().save(*args, **kwargs)


class SeedingCredit(models.Model):
    """What one listener's clients carried for one torrent. `uploaded` is what the
    tracker reported, capped by what the swarm reported downloading (uploads are
    self-reported); the `reported_*` fields are the tracker's last cumulative counts,
    which restart from zero with the tracker."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="seeding_credits",
    )
    torrent = models.ForeignKey(
        AlbumTorrent, on_delete=models.CASCADE, related_name="seeding_credits"
    )
    uploaded = models.BigIntegerField(default=0)
    downloaded = models.BigIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    reported_uploaded = models.BigIntegerField(default=0)
    reported_downloaded = models.BigIntegerField(default=0)
    reported_completed = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "torrent"], name="catalog_credit_unique_torrent"
            )
        ]

    def __str__(self) -> str:
        return f"seeding of user {self.user_id} for torrent {self.torrent_id}"
