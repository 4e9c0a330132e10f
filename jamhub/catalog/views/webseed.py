"""The web seed (BEP 19): /webseed/<album id>/<torrent name>/<file>, the same files as
the album's media folder, answered with Range and paced by the web seed policy
(services/webseed.py). Only torrents of published albums are served."""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from jamhub.catalog.layout import album_root
from jamhub.catalog.models import AlbumStatus, AlbumTorrent
from jamhub.catalog.services.webseed import WebSeedMeter
from jamhub.core.media import accel_path_for, file_response


@require_safe
def web_seed(request: HttpRequest, album_id: int, path: str) -> HttpResponseBase:
    relative = PurePosixPath(path)
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or "\x00" in path  # PostgreSQL refuses NUL in text parameters
        or len(relative.parts) < 2
    ):
        raise Http404
    torrent = (
        AlbumTorrent.objects.select_related("album")
        .filter(
            album_id=album_id,
            name=relative.parts[0],
            album__status=AlbumStatus.PUBLISHED,
        )
        .first()
    )
    if torrent is None:
        raise Http404
    media_path = album_root(torrent.album) / relative
    accel = accel_path_for(media_path)
    return file_response(
        request,
        Path(settings.MEDIA_ROOT) / media_path,
        cache_seconds=3600,
        accel_path=accel,
        meter=WebSeedMeter(torrent.pk, torrent.info_hash),
    )
