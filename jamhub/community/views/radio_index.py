"""The radios page: a radio for each of the most used tags and for the artists with
the most published albums, so that "Radios" in the menu leads somewhere to start."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from jamhub.catalog.models import Artist
from jamhub.community.reads import tag_cloud

TAG_RADIOS = 24
ARTIST_RADIOS = 12


@require_safe
def radio_index(request: HttpRequest) -> HttpResponse:
    # A tag whose slug came out empty cannot make a URL: it has no radio.
    tags = sorted((t for t in tag_cloud() if t.slug), key=lambda t: (-t.count, t.name))[
        :TAG_RADIOS
    ]
    artists = Artist.objects.in_directory().order_by("-published_album_count", "name")[
        :ARTIST_RADIOS
    ]
    return render(
        request, "community/radio_index.html", {"tags": tags, "artists": artists}
    )
