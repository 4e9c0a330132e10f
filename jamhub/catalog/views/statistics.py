"""Public statistics pages: how an album and an artist are listened to, downloaded and
carried by fans, over the last 90 days, from the raw events."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from jamhub.catalog.models import Album, AlbumStatus
from jamhub.catalog.services.access import get_artist_for
from jamhub.catalog.services.distribution import (
    album_distribution,
    artist_distribution,
)
from jamhub.catalog.services.statistics import (
    CHART_HEIGHT,
    CHART_WIDTH,
    DAYS,
    album_series,
    artist_series,
    play_counts,
)


def _chart_context() -> dict[str, int]:
    return {"chart_width": CHART_WIDTH, "chart_height": CHART_HEIGHT, "days": DAYS}


@require_safe
def album_statistics(
    request: HttpRequest, artist_slug: str, album_slug: str
) -> HttpResponse:
    album = get_object_or_404(
        Album.objects.select_related("artist"),
        artist__slug=artist_slug,
        slug=album_slug,
        status=AlbumStatus.PUBLISHED,
    )
    return render(
        request,
        "catalog/statistics.html",
        {
            "subject": album.title,
            "album": album,
            "distribution": album_distribution(album),
            "series": album_series(album),
            **_chart_context(),
        },
    )


@require_safe
def artist_statistics(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = get_artist_for(request.user, artist_slug)
    albums = artist.albums.filter(status=AlbumStatus.PUBLISHED).order_by(
        "-published_at"
    )
    plays = play_counts(albums)
    rows = [
        {
            "album": album,
            "plays": plays.get(album.pk, 0),
            "distribution": album_distribution(album, downloads=album.zip_downloads),
        }
        for album in albums.prefetch_related("torrents").annotate(
            zip_downloads=Count("downloads")
        )
    ]
    return render(
        request,
        "catalog/statistics.html",
        {
            "subject": artist.name,
            "artist": artist,
            "distribution": artist_distribution(artist),
            "series": artist_series(artist),
            "rows": rows,
            **_chart_context(),
        },
    )
