"""The catalogue search page and the header box's suggestions."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page

from jamhub.core.storage import media_url
from jamhub.licensing.licences import LICENCES
from search.params import query_from, with_page
from search.presentation import facet_groups
from search.query import (
    AlbumHit,
    FacetName,
    Sections,
    Sort,
    Suggestion,
    SuggestionKind,
    TrackHit,
)
from search.services import search_catalogue, search_sections, suggest, suggest_tags
from search.text import MAX_TEXT, clean, plain_words

EDITORIAL_HITS = 5
MIN_SUGGEST_LENGTH = 2
MAX_SUGGEST_TEXT = 100


def _sorts() -> list[tuple[str, str]]:
    return [
        (Sort.RELEVANCE, _("Relevance")),
        (Sort.NEWEST, _("Newest")),
        (Sort.RATING, _("Best rated")),
        (Sort.POPULAR, _("Most popular")),
    ]


def _album_url(artist_slug: str, slug: str) -> str:
    return reverse(
        "catalog:album", kwargs={"artist_slug": artist_slug, "album_slug": slug}
    )


def _hit_view(hit: AlbumHit) -> dict[str, object]:
    return {
        "hit": hit,
        "url": _album_url(hit.artist_slug, hit.slug),
        "artist_url": reverse(
            "catalog:artist", kwargs={"artist_slug": hit.artist_slug}
        ),
        "cover_url": media_url(hit.cover) if hit.cover else "",
        "title_html": next(iter(hit.highlights.get("title", [])), None),
        "snippets": [
            fragment
            for field in ("tracks", "description")
            for fragment in hit.highlights.get(field, [])
        ][:2],
        "minutes": round(hit.duration / 60) if hit.duration else None,
        "licence": LICENCES.get(hit.licence),
    }


def _artist_url(artist_slug: str) -> str:
    return reverse("catalog:artist", kwargs={"artist_slug": artist_slug})


def _track_url(track: TrackHit) -> str:
    return reverse(
        "catalog:track",
        kwargs={
            "artist_slug": track.artist_slug,
            "album_slug": track.album_slug,
            "track_id": track.track_id,
        },
    )


def _tag_filter_url(slug: str) -> str:
    return f"{reverse('search:results')}?{urlencode({'tag': slug})}"


def _queue_entry(track: TrackHit) -> dict[str, object] | None:
    """What the player needs to play the track (the shape of the album page's
    queue, see jamhub.community.player); None when it has no stream."""
    if not track.stream:
        return None
    return {
        "id": track.track_id,
        "title": track.title,
        "artist": track.artist_name,
        "album": track.album_title,
        "url": media_url(track.stream),
        "page": _track_url(track),
        "cover": media_url(track.cover) if track.cover else "",
        "duration": track.duration,
    }


def _sections_view(sections: Sections) -> dict[str, object]:
    """Rows of the artists, tracks and tags sections; the playable tracks make
    the page's player queue, each play button pointing at its entry."""
    queue: list[dict[str, object]] = []
    tracks = []
    for track in sections.tracks:
        entry = _queue_entry(track)
        tracks.append(
            {
                "hit": track,
                "url": _track_url(track),
                "album_url": _album_url(track.artist_slug, track.album_slug),
                "play_index": len(queue) if entry else None,
            }
        )
        if entry:
            queue.append(entry)
    return {
        "artists": [
            {"hit": artist, "url": _artist_url(artist.slug)}
            for artist in sections.artists
        ],
        "tracks": tracks,
        "tags": [
            {"tag": tag, "url": _tag_filter_url(tag.slug)} for tag in sections.tags
        ],
        "queue": queue,
    }


def _editorial_pages(text: str) -> list[Page]:
    """Editorial pages in the current language matching text (Wagtail's search).
    Only the words go to Wagtail: its SQLite backend puts each one in double quotes
    without escaping, so a quote or a NUL in text was a syntax error (a 500)."""
    words = plain_words(text)
    if not words:
        return []
    pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
    return list(pages.search(words)[:EDITORIAL_HITS])


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Albums matching ?q= and the facet filters, with counts; editorial pages
    that match follow on the first page."""
    query = query_from(request.GET)
    searched = bool(query.text or query.has_filters)
    results = search_catalogue(query) if searched else None
    pages = []
    sections = Sections()
    if query.text and query.page == 1:
        pages = _editorial_pages(query.text)
        sections = search_sections(query.text)
    data = request.GET
    facets = facet_groups(results, data) if results else []
    context: dict[str, object] = {
        "query": query,
        "search_query": query.text,
        "searched": searched,
        "results": results,
        "hits": [_hit_view(hit) for hit in results.hits] if results else [],
        "facets": facets,
        "sections": _sections_view(sections) if sections else None,
        "filter_count": sum(
            option.selected for group in facets for option in group.options
        ),
        # The tag filter's first suggestions, before the visitor types.
        "tag_options": results.facets.get(FacetName.TAG, []) if results else [],
        "tag_filter_kept": [
            (name, clean(value, limit=MAX_TEXT))
            for name, values in data.lists()
            if name != "page"
            for value in values
        ],
        "sorts": _sorts(),
        "pages": pages,
        "hidden_filters": [
            (name, clean(value, limit=MAX_TEXT))
            for name, values in data.lists()
            if name not in {"q", "sort", "page"}
            for value in values
        ],
    }
    if results is not None:
        if query.page > 1:
            context["previous_query"] = with_page(data, query.page - 1)
        if query.page < results.pages:
            context["next_query"] = with_page(data, query.page + 1)
    return render(request, "search/results.html", context)


def _kind_labels() -> dict[SuggestionKind, str]:
    return {
        SuggestionKind.ARTIST: _("Artist"),
        SuggestionKind.ALBUM: _("Album"),
        SuggestionKind.TRACK: _("Track"),
        SuggestionKind.TAG: _("Tag"),
    }


def _suggestion_json(suggestion: Suggestion) -> dict[str, object]:
    """A suggestion for the header box; a track carries its player entry, so
    choosing it plays it."""
    play = None
    if suggestion.kind == SuggestionKind.ARTIST:
        url = _artist_url(suggestion.artist_slug)
    elif suggestion.kind == SuggestionKind.TAG:
        url = _tag_filter_url(suggestion.slug)
    elif suggestion.track is not None:
        url = _track_url(suggestion.track)
        play = _queue_entry(suggestion.track)
    else:
        url = _album_url(suggestion.artist_slug, suggestion.slug)
    item: dict[str, object] = {
        "kind": suggestion.kind,
        "kind_label": _kind_labels()[suggestion.kind],
        "label": suggestion.label,
        "detail": suggestion.detail,
        "url": url,
    }
    if suggestion.kind == SuggestionKind.TAG:
        item["detail"] = ngettext(
            "%(count)s album", "%(count)s albums", suggestion.count
        ) % {"count": suggestion.count}
    if play is not None:
        item["play"] = play
    return item


@require_safe
def suggestions(request: HttpRequest) -> JsonResponse:
    """Artists, albums, tracks and tags for the header box, as the visitor
    types."""
    text = clean(request.GET.get("q", ""), limit=MAX_SUGGEST_TEXT)
    found = suggest(text) if len(text) >= MIN_SUGGEST_LENGTH else []
    response = JsonResponse(
        {"query": text, "suggestions": [_suggestion_json(s) for s in found]}
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def tag_suggestions(request: HttpRequest) -> JsonResponse:
    """Tags whose names start with the words typed, for the tag filter's field."""
    text = clean(request.GET.get("q", ""), limit=MAX_SUGGEST_TEXT)
    found = suggest_tags(text) if text else []
    response = JsonResponse(
        {
            "query": text,
            "tags": [
                {"slug": tag.slug, "name": tag.name, "count": tag.album_count}
                for tag in found
            ],
        }
    )
    response["Cache-Control"] = "public, max-age=60"
    return response
