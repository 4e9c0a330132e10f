"""Tracks, the private original upload of each, and the public renditions."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RenditionFormat(models.TextChoices):
    MP3 = "mp3", "MP3"
    OGG = "ogg", "Ogg Vorbis"
    FLAC = "flac", "FLAC"


class TrackState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Track(models.Model):
    album = models.ForeignKey(
        "catalog.Album", on_delete=models.CASCADE, related_name="tracks"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    duration = models.FloatField(_("duration"), null=True, blank=True)
    lyrics = models.TextField(_("lyrics"), blank=True, max_length=20_000)
    state = models.CharField(
        max_length=12, choices=TrackState.choices, default=TrackState.UPLOADED
    )
    error = models.CharField(max_length=500, blank=True)
    # Integrated loudness (EBU R 128) of the original, measured by the ingest's
    # decode check: moderators see a track far louder or quieter than its album.
    loudness = models.FloatField(_("loudness (LUFS)"), null=True, blank=True)

    class Meta:
        ordering = ["album", "number"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return f"{self.number:02d}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "catalog:track",
            kwargs={
                "artist_slug": self.album.artist.slug,
                "album_slug": self.album.slug,
                "track_id": self.pk,
            },
        )

    @property
    def error_message(self) -> str:
        """Why the track failed, in the active language (error holds a code)."""
        from jamhub.catalog.audio import MESSAGES

        return str(MESSAGES.get(self.error, self.error))


class OriginalStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALID = "valid", _("Checked")
    REJECTED = "rejected", _("Rejected")


class Original(models.Model):
    """The artist's uploaded file: private, never served, the source of renditions."""

    track = models.OneToOneField(
        Track, on_delete=models.CASCADE, related_name="original"
    )
    path = models.CharField(max_length=500)  # relative to MEDIA_ROOT, under private/
    original_name = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    format_name = models.CharField(max_length=40)
    codec = models.CharField(max_length=40)
    duration = models.FloatField()
    lossless = models.BooleanField(default=False)
    # What the upload check found, shown to the moderators (null: uploaded before
    # they were kept).
    sample_rate = models.PositiveIntegerField(null=True, blank=True)
    channels = models.PositiveSmallIntegerField(null=True, blank=True)
    bits_per_sample = models.PositiveSmallIntegerField(null=True, blank=True)
    bit_rate = models.PositiveIntegerField(null=True, blank=True)
    tags = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=OriginalStatus.choices, default=OriginalStatus.UPLOADED
    )
    error = models.CharField(max_length=500, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class Rendition(models.Model):
    track = models.ForeignKey(
        Track, on_delete=models.CASCADE, related_name="renditions"
    )
    format = models.CharField(max_length=8, choices=RenditionFormat.choices)
    codec = models.CharField(max_length=40)
    bit_rate = models.PositiveIntegerField(null=True)
    path = models.CharField(max_length=500)  # relative to MEDIA_ROOT, public folder
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    duration = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["track", "format"], name="catalog_rendition_unique"
            )
        ]

    def __str__(self) -> str:
        return self.path
