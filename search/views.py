"""The catalogue search page and the header box's suggestions."""

from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page

from jamhub.licensing.licences import LICENCES
from search.params import query_from, with_page
from search.presentation import facet_groups
from search.query import AlbumHit, Sort, Suggestion, SuggestionKind
from search.services import search_catalogue, suggest

EDITORIAL_HITS = 5
MIN_SUGGEST_LENGTH = 2


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
        "cover_url": default_storage.url(hit.cover) if hit.cover else "",
        "title_html": next(iter(hit.highlights.get("title", [])), None),
        "snippets": [
            fragment
            for field in ("tracks", "description")
            for fragment in hit.highlights.get(field, [])
        ][:2],
        "minutes": round(hit.duration / 60) if hit.duration else None,
        "licence": LICENCES.get(hit.licence),
    }


def _editorial_pages(text: str) -> list[Page]:
    """Editorial pages in the current language matching text (Wagtail's search)."""
    pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
    return list(pages.search(text)[:EDITORIAL_HITS])


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Albums matching ?q= and the facet filters, with counts; editorial pages
    that match follow on the first page."""
    query = query_from(request.GET)
    searched = bool(query.text or query.has_filters)
    results = search_catalogue(query) if searched else None
    pages = []
    if query.text and query.page == 1:
        pages = _editorial_pages(query.text)
    data = request.GET
    context: dict[str, object] = {
        "query": query,
        "search_query": query.text,
        "searched": searched,
        "results": results,
        "hits": [_hit_view(hit) for hit in results.hits] if results else [],
        "facets": facet_groups(results, data) if results else [],
        "sorts": _sorts(),
        "pages": pages,
        "hidden_filters": [
            (name, value)
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


def _suggestion_json(suggestion: Suggestion) -> dict[str, str]:
    if suggestion.kind == SuggestionKind.ARTIST:
        url = reverse("catalog:artist", kwargs={"artist_slug": suggestion.artist_slug})
    else:
        url = _album_url(suggestion.artist_slug, suggestion.slug)
    return {
        "kind": suggestion.kind,
        "label": suggestion.label,
        "detail": suggestion.detail,
        "url": url,
    }


@require_safe
def suggestions(request: HttpRequest) -> JsonResponse:
    """Artists and albums for the header box, as the visitor types."""
    text = request.GET.get("q", "").strip()[:100]
    found = suggest(text) if len(text) >= MIN_SUGGEST_LENGTH else []
    response = JsonResponse(
        {"query": text, "suggestions": [_suggestion_json(s) for s in found]}
    )
    response["Cache-Control"] = "public, max-age=60"
    return response
