from urllib.parse import quote_plus

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Editorial pages in the current language matching ?q= (Wagtail's search)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        )
        paginator = Paginator(pages.search(query), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    return render(
        request,
        "editorial/search_results.html",
        {
            "search_query": query,
            "search_query_encoded": quote_plus(query),
            "results": results,
        },
    )
