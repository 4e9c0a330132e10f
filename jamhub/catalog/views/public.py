"""Listener pages: albums, artists, tracks, downloads, and play counting."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jamhub.catalog.forms import AlbumFilterForm, ReasonForm
from jamhub.catalog.models import Album, AlbumArchive, AlbumStatus, Rendition, Track
from jamhub.catalog.services.access import get_artist_for, is_member, is_moderator
from jamhub.catalog.services.archives import album_formats, ready_archive
from jamhub.catalog.services.distribution import album_distribution
from jamhub.catalog.services.events import record_download, record_play
from jamhub.catalog.services.passkeys import passkey_for
from jamhub.catalog.services.torrents import magnet_link
from jamhub.catalog.tasks import build_album_archives_task
from jamhub.core.ids import parse_posted_id
from jamhub.core.storage import media_url
from jamhub.licensing.licences import get_licence

ALBUMS_PER_PAGE = 24


def _visible_album(request: HttpRequest, artist_slug: str, album_slug: str) -> Album:
    album = get_object_or_404(
        Album.objects.select_related("artist"),
        artist__slug=artist_slug,
        slug=album_slug,
    )
    if album.status != AlbumStatus.PUBLISHED and not (
        is_member(request.user, album.artist) or is_moderator(request.user)
    ):
        raise Http404
    return album


def _tracks_with_renditions(album: Album) -> list[Track]:
    return list(
        album.tracks.order_by("number").prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.order_by("format"))
        )
    )


def _stream_url(track: Track) -> str:
    """The Ogg or MP3 rendition the browser player uses (MP3 plays everywhere)."""
    by_format = {r.format: r for r in track.renditions.all()}
    rendition = by_format.get("mp3") or by_format.get("ogg")
    return media_url(rendition.path) if rendition else ""


def player_queue(album: Album, tracks: list[Track]) -> list[dict[str, object]]:
    """What the player needs to play these tracks (those with a stream)."""
    cover = album.cover.url if album.cover else ""
    return [
        {
            "id": t.pk,
            "title": t.title,
            "artist": album.artist.name,
            "album": album.title,
            "url": url,
            "page": t.get_absolute_url(),
            "cover": cover,
            "duration": t.duration,
        }
        for t in tracks
        if (url := _stream_url(t))
    ]


@require_safe
def album_list(request: HttpRequest) -> HttpResponse:
    form = AlbumFilterForm(request.GET or None)
    albums = Album.objects.published().select_related("artist").with_track_count()
    if form.is_valid():
        if form.cleaned_data["licence"]:
            albums = albums.by_licence(form.cleaned_data["licence"])
        if form.cleaned_data["tag"]:
            albums = albums.tagged(form.cleaned_data["tag"])
        if form.cleaned_data["year"]:
            albums = albums.released_in(form.cleaned_data["year"])
    page = Paginator(albums.newest_first(), ALBUMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/album_list.html",
        {"form": form, "albums": page, "extra_query": query.urlencode()},
    )


@require_safe
def artist_detail(request: HttpRequest, artist_slug: str) -> HttpResponse:
    artist = get_artist_for(request.user, artist_slug)
    albums = artist.albums.published().with_track_count().newest_first()
    member = is_member(request.user, artist)
    return render(
        request,
        "catalog/artist_detail.html",
        {
            "artist": artist,
            "albums": albums,
            "members": artist.memberships.select_related("user").order_by("created_at"),
            "is_member": member,
        },
    )


def _torrent_links(request: HttpRequest, album: Album) -> list[dict[str, object]]:
    """Per format: the public .torrent (for <link rel=alternate> and anonymous fans)
    and, for a signed-in listener, the personal .torrent and magnet with their
    passkey, which credit their seeding."""
    passkey = passkey_for(request.user) if request.user.is_authenticated else None
    links: list[dict[str, object]] = []
    for t in album.torrents.order_by("format"):
        public_url = media_url(t.path)
        links.append(
            {
                "format": t.format,
                "url": public_url,
                "download_url": reverse(
                    "catalog:album-torrent",
                    args=[album.artist.slug, album.slug, t.format],
                )
                if passkey
                else public_url,
                "magnet": magnet_link(t, passkey=passkey),
                "torrent": t,
            }
        )
    return links


@require_safe
def album_detail(
    request: HttpRequest, artist_slug: str, album_slug: str
) -> HttpResponse:
    album = _visible_album(request, artist_slug, album_slug)
    tracks = _tracks_with_renditions(album)
    queue = player_queue(album, tracks)
    return render(
        request,
        "catalog/album_detail.html",
        {
            "album": album,
            "licence": get_licence(album.licence),
            "tracks": tracks,
            "formats": album_formats(album),
            # A zip not built yet answers with a message on the album page: its
            # link must not carry `download`, or the browser saves that page.
            "zipped_formats": set(
                AlbumArchive.objects.filter(album=album).values_list(
                    "format", flat=True
                )
            ),
            "torrents": _torrent_links(request, album) if album.is_public else [],
            "distribution": album_distribution(album) if album.is_public else None,
            "queue": queue,
            "is_member": is_member(request.user, album.artist),
            "is_moderator": is_moderator(request.user),
            "reason_form": ReasonForm(),
        },
    )


@require_safe
def track_detail(
    request: HttpRequest, artist_slug: str, album_slug: str, track_id: int
) -> HttpResponse:
    album = _visible_album(request, artist_slug, album_slug)
    track = get_object_or_404(
        Track.objects.prefetch_related("renditions"), album=album, pk=track_id
    )
    queue = player_queue(album, [track])
    return render(
        request,
        "catalog/track_detail.html",
        {
            "album": album,
            "track": track,
            "licence": get_licence(album.licence),
            "queue": queue,
        },
    )


@require_safe
def download_album(
    request: HttpRequest, artist_slug: str, album_slug: str, fmt: str
) -> HttpResponse:
    """Count the download, then send the browser to the zip (which supports Range,
    so resumed downloads go straight there and are not counted twice)."""
    album = _visible_album(request, artist_slug, album_slug)
    if fmt not in album_formats(album):
        raise Http404
    archive = ready_archive(album, fmt)
    if archive is None:
        # Zips are built by the worker after publication, never in a request.
        build_album_archives_task.delay_on_commit(album.pk)
        messages.info(
            request,
            _("This zip is being prepared. Please try again in a minute."),
        )
        return redirect(album.get_absolute_url())
    if album.is_public:
        record_download(album, fmt=fmt, request=request)
    return redirect(media_url(archive.path))


@require_POST
def count_play(request: HttpRequest) -> JsonResponse:
    """The player reports a play after 30 seconds of listening (half of a shorter
    track)."""
    try:
        payload = json.loads(request.body or b"{}")
        track_id = parse_posted_id(payload["track"])
        seconds = float(payload["seconds"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": "expected {track: id, seconds: number}"}, status=400
        )
    track = Track.objects.select_related("album").filter(pk=track_id).first()
    if track is None or not track.album.is_public:
        return JsonResponse({"error": "no such track"}, status=404)
    counted = record_play(track, request=request, seconds_listened=seconds)
    return JsonResponse({"counted": counted})
