"""What the player needs to play tracks from several albums (the same shape as the
album page's queue: see themes/default/static/js/player.js)."""

from collections.abc import Iterable

from jamhub.catalog.models import Track
from jamhub.core.storage import media_url


def stream_url(track: Track) -> str:
    """MP3 plays everywhere, else Ogg; "" when the track has neither (renditions
    prefetched)."""
    by_format = {r.format: r for r in track.renditions.all()}
    rendition = by_format.get("mp3") or by_format.get("ogg")
    return media_url(rendition.path) if rendition else ""


def queue_entries(tracks: Iterable[Track]) -> list[dict[str, object]]:
    """Entries for the tracks of published albums that have a stream, in order
    (tracks with album__artist selected and renditions prefetched)."""
    entries = []
    for track in tracks:
        album = track.album
        url = stream_url(track)
        if not url or not album.is_public:
            continue
        entries.append(
            {
                "id": track.pk,
                "title": track.title,
                "artist": album.artist.name,
                "album": album.title,
                "url": url,
                "page": track.get_absolute_url(),
                "cover": album.cover.url if album.cover else "",
                "duration": track.duration,
            }
        )
    return entries
