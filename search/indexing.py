"""The one module that maps catalogue models to search records.

Rating and popularity are read defensively: popularity from the raw events that
exist (plays, downloads, torrent completions); rating from a `with_rating()` read
when the catalogue offers one, else None."""

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from jamhub.catalog.models import (
    Album,
    AlbumTorrent,
    Artist,
    DownloadEvent,
    Rendition,
    RenditionFormat,
    Track,
    TrackPlay,
)
from jamhub.catalog.models.albums import AlbumQuerySet, AlbumStatus
from jamhub.community.models import CommunityTagging
from jamhub.licensing.licences import LICENCES
from search.records import AlbumRecord, ArtistRecord, TagRecord, TrackRecord

CHUNK = 500


def _count(queryset: object, key: str) -> Coalesce:
    """COUNT(*) of rows per album as a scalar subquery (no join fan-out)."""
    rows = (
        queryset.filter(**{key: OuterRef("pk")})  # type: ignore[attr-defined]
        .order_by()
        .values(key)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _albums_for_index() -> AlbumQuerySet:
    completed = (
        AlbumTorrent.objects.filter(album=OuterRef("pk"))
        .order_by()
        .values("album")
        .annotate(n=Sum("completed"))
        .values("n")
    )
    queryset = (
        Album.objects.published()
        .select_related("artist")
        .prefetch_related("tags", "tracks__renditions")  # type: ignore[misc]
        .annotate(
            play_count=_count(TrackPlay.objects.all(), "track__album"),
            download_count=_count(DownloadEvent.objects.all(), "album"),
            completion_count=Coalesce(
                Subquery(completed, output_field=IntegerField()), 0
            ),
            **{
                f"search_has_{fmt}": Exists(
                    Rendition.objects.filter(track__album=OuterRef("pk"), format=fmt)
                )
                for fmt in RenditionFormat.values
            },
        )
    )
    with_rating = getattr(queryset, "with_rating", None)
    if callable(with_rating):
        queryset = with_rating()
    return queryset


def _rating(album: Album) -> float | None:
    value = getattr(album, "rating", None)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _stream(track: Track) -> str:
    """The rendition the player plays (MP3 plays everywhere, else Ogg), as in
    jamhub.community.player; "" when there is none."""
    by_format = {r.format: r.path for r in track.renditions.all()}
    return by_format.get("mp3") or by_format.get("ogg") or ""


def community_tags(albums: list[Album]) -> dict[int, list[TagRecord]]:
    """The tags listeners gave each album or one of its tracks, by album id: they
    are searched and filtered like the artist's own (one query per batch)."""
    if not albums:
        return {}
    album_type = ContentType.objects.get_for_model(Album)
    track_type = ContentType.objects.get_for_model(Track)
    track_albums = {
        track.pk: album.pk for album in albums for track in album.tracks.all()
    }
    rows = (
        CommunityTagging.objects.filter(
            Q(content_type=album_type, object_id__in=[album.pk for album in albums])
            | Q(content_type=track_type, object_id__in=list(track_albums))
        )
        .values_list("content_type_id", "object_id", "tag__slug", "tag__name")
        .distinct()
    )
    found: dict[int, list[TagRecord]] = {}
    for content_type_id, object_id, slug, name in rows:
        album_id = (
            object_id if content_type_id == album_type.pk else track_albums[object_id]
        )
        found.setdefault(album_id, []).append(TagRecord(slug, name))
    return found


def album_record(album: Album, *, community: Iterable[TagRecord] = ()) -> AlbumRecord:
    """The record of an album read through _albums_for_index(); community: the
    tags listeners gave it (see community_tags)."""
    licence = LICENCES.get(album.licence)
    tracks = sorted(album.tracks.all(), key=lambda track: track.number)
    tags = {tag.slug: TagRecord(tag.slug, tag.name) for tag in album.tags.all()}
    for tag in community:
        tags.setdefault(tag.slug, tag)
    durations = [track.duration for track in tracks if track.duration is not None]
    return AlbumRecord(
        album_id=album.pk,
        title=album.title,
        slug=album.slug,
        artist_id=album.artist_id,
        artist_name=album.artist.name,
        artist_slug=album.artist.slug,
        description=album.description,
        cover=album.cover.name or "",
        licence=album.licence,
        allows_commercial=bool(licence and licence.allows_commercial),
        allows_remix=bool(licence and licence.allows_derivatives),
        release_year=album.year,
        formats=tuple(
            fmt
            for fmt in RenditionFormat.values
            if getattr(album, f"search_has_{fmt}", False)
        ),
        duration=sum(durations) if durations else None,
        published_at=album.published_at,
        tags=tuple(tags[slug] for slug in sorted(tags)),
        tracks=tuple(
            TrackRecord(
                track_id=track.pk,
                album_id=album.pk,
                number=track.number,
                title=track.title,
                duration=track.duration,
                lyrics=track.lyrics,
                stream=_stream(track),
            )
            for track in tracks
        ),
        rating=_rating(album),
        popularity=int(
            getattr(album, "play_count", 0)
            + getattr(album, "download_count", 0)
            + getattr(album, "completion_count", 0)
        ),
    )


def published_album_record(album_id: int) -> AlbumRecord | None:
    """The record of a published album, or None when it is not (or no longer)."""
    album = _albums_for_index().filter(pk=album_id).first()
    if album is None:
        return None
    return album_record(album, community=community_tags([album]).get(album.pk, []))


def published_album_records(*, artist_id: int | None = None) -> Iterator[AlbumRecord]:
    queryset = _albums_for_index().order_by("pk")
    if artist_id is not None:
        queryset = queryset.filter(artist_id=artist_id)
    albums = queryset.iterator(chunk_size=CHUNK)
    while batch := list(islice(albums, CHUNK)):
        community = community_tags(batch)
        for album in batch:
            yield album_record(album, community=community.get(album.pk, []))


def published_album_count() -> int:
    return Album.objects.published().count()


def newest_publication() -> datetime.datetime | None:
    newest: datetime.datetime | None = Album.objects.published().aggregate(
        newest=Max("published_at")
    )["newest"]
    return newest


def _artists_for_index() -> "QuerySet[Artist]":
    return Artist.objects.annotate(
        published=Count("albums", filter=Q(albums__status=AlbumStatus.PUBLISHED))
    ).filter(published__gt=0)


def artist_record(artist: Artist) -> ArtistRecord:
    return ArtistRecord(
        artist_id=artist.pk,
        name=artist.name,
        slug=artist.slug,
        location=artist.location,
        bio=artist.bio,
        album_count=int(getattr(artist, "published", 0)),
    )


def published_artist_record(artist_id: int) -> ArtistRecord | None:
    """The artist's record while it has a published album, else None."""
    artist = _artists_for_index().filter(pk=artist_id).first()
    return None if artist is None else artist_record(artist)


def published_artist_records() -> Iterator[ArtistRecord]:
    for artist in _artists_for_index().order_by("pk").iterator(chunk_size=CHUNK):
        yield artist_record(artist)


def album_artist_id(album_id: int) -> int | None:
    return Album.objects.filter(pk=album_id).values_list("artist_id", flat=True).first()
