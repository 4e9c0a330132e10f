"""The artists directory: every artist with a published album, A to Z."""

import string

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from jamhub.catalog.models import Artist
from search.text import clean

ARTISTS_PER_PAGE = 36
# "#" gathers names that start with anything but A to Z.
LETTERS = (*string.ascii_uppercase, "#")


@require_safe
def artist_list(request: HttpRequest) -> HttpResponse:
    query = clean(request.GET.get("q", ""), limit=120)
    letter = request.GET.get("letter", "").upper()
    if letter not in LETTERS:
        letter = ""
    artists = Artist.objects.in_directory().named_like(query)
    if letter:
        artists = artists.under_letter(letter)
    page = Paginator(artists, ARTISTS_PER_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "catalog/artist_list.html",
        {
            "artists": page,
            "query": query.strip(),
            "letter": letter,
            "letters": LETTERS,
            "extra_query": kept.urlencode(),
        },
    )
