"""Media under MEDIA_URL: public images freely; album folders and zips only while the
album is published (its members and moderators may preview it before); private files
never. With JAMHUB_MEDIA_ACCEL_PREFIX set, nginx sends the bytes (X-Accel-Redirect).

The album folders are the torrents' web seeds (BEP 19): clients ask
<base><folder>/<file> with Range requests, which file_response answers."""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase

from jamhub.catalog.models import Album, AlbumStatus
from jamhub.catalog.services.access import is_member, is_moderator
from jamhub.core.ids import parse_id
from jamhub.core.media import accel_path_for, file_response

PUBLIC_PREFIXES = ("images", "avatars", "original_images")
ALBUM_PREFIXES = ("albums", "zips", "torrents")


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise Http404
    top = relative.parts[0]
    cache_seconds = 86400
    if top in ALBUM_PREFIXES:
        # Previews of unpublished albums must not sit in shared caches.
        cache_seconds = 3600 if _check_album_access(request, relative) else 0
    elif top not in PUBLIC_PREFIXES:
        raise Http404
    full = Path(settings.MEDIA_ROOT) / relative
    download_name = relative.name if top in {"zips", "torrents"} else None
    accel = accel_path_for(relative)
    return file_response(
        request,
        full,
        download_name=download_name,
        accel_path=accel,
        cache_seconds=cache_seconds,
    )


def _check_album_access(request: HttpRequest, relative: PurePosixPath) -> bool:
    """Raise 404 unless the requester may see the album; True when it is public."""
    if len(relative.parts) < 3:
        raise Http404
    album_id = parse_id(relative.parts[1])
    album = Album.objects.select_related("artist").filter(pk=album_id).first()
    if album is None:
        raise Http404
    if album.status == AlbumStatus.PUBLISHED:
        return True
    if is_moderator(request.user) or is_member(request.user, album.artist):
        return False
    raise Http404
