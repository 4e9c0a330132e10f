"""The database backend's index: denormalised rows written by search.indexing, so a
search never joins the catalogue. Full-text structures (an FTS5 table on SQLite, a
generated tsvector with a GIN index on PostgreSQL) are created by the migration.

The search_* columns hold folded words (search.text.normalise)."""

from django.db import models


class IndexedAlbum(models.Model):
    album_id = models.IntegerField(primary_key=True)
    title = models.CharField(max_length=200)
    slug = models.CharField(max_length=220)
    artist_id = models.IntegerField(db_index=True)
    artist_name = models.CharField(max_length=120)
    artist_slug = models.CharField(max_length=140)
    cover = models.CharField(max_length=300, blank=True)
    licence = models.CharField(max_length=32)
    allows_commercial = models.BooleanField()
    allows_remix = models.BooleanField()
    year = models.IntegerField(null=True)
    decade = models.IntegerField(null=True)
    lossless = models.BooleanField()
    formats = models.CharField(max_length=40, blank=True)
    duration = models.FloatField(null=True)
    duration_bucket = models.CharField(max_length=8, blank=True)
    rating = models.FloatField(null=True)
    popularity = models.BigIntegerField(default=0)
    published_at = models.DateTimeField(null=True)
    indexed_at = models.DateTimeField()
    search_title = models.TextField()
    search_artist = models.TextField()
    search_tags = models.TextField(blank=True)
    search_tracks = models.TextField(blank=True)
    search_description = models.TextField(blank=True)

    class Meta:
        db_table = "search_album"
        indexes = [
            models.Index(
                fields=["-published_at", "-album_id"], name="search_album_new"
            ),
            models.Index(fields=["-popularity", "-album_id"], name="search_album_pop"),
            models.Index(fields=["search_title"], name="search_album_title"),
        ]

    def __str__(self) -> str:
        return self.title


class IndexedAlbumTag(models.Model):
    album_id = models.IntegerField()
    slug = models.CharField(max_length=100)
    name = models.CharField(max_length=100)
    # The folded name: tags are found by name and filtered by slug or name.
    search_name = models.TextField(default="")

    class Meta:
        db_table = "search_album_tag"
        indexes = [
            models.Index(fields=["slug", "album_id"], name="search_tag_slug"),
            models.Index(fields=["album_id"], name="search_tag_album"),
            models.Index(fields=["search_name", "album_id"], name="search_tag_name"),
        ]

    def __str__(self) -> str:
        return self.slug


class IndexedArtist(models.Model):
    artist_id = models.IntegerField(primary_key=True)
    name = models.CharField(max_length=120)
    slug = models.CharField(max_length=140)
    album_count = models.IntegerField(default=0)
    indexed_at = models.DateTimeField()
    search_name = models.TextField()

    class Meta:
        db_table = "search_artist"
        indexes = [
            models.Index(
                fields=["-album_count", "-artist_id"], name="search_artist_count"
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndexedTrack(models.Model):
    """A track of a published album, with what a result row and the player need."""

    track_id = models.IntegerField(primary_key=True)
    album_id = models.IntegerField(db_index=True)
    number = models.IntegerField()
    title = models.CharField(max_length=200)
    duration = models.FloatField(null=True)
    album_title = models.CharField(max_length=200)
    album_slug = models.CharField(max_length=220)
    artist_name = models.CharField(max_length=120)
    artist_slug = models.CharField(max_length=140)
    cover = models.CharField(max_length=300, blank=True)
    stream = models.CharField(max_length=500, blank=True)
    popularity = models.BigIntegerField(default=0)
    search_title = models.TextField()

    class Meta:
        db_table = "search_track"

    def __str__(self) -> str:
        return self.title
