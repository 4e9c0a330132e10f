"""What every community view shares: where to go back to, and the 429 page."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from jamhub.community.services.ratelimit import RateLimited


def next_url(request: HttpRequest, default: str) -> str:
    """The "next" field of the form when it is a page of this site, else default."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def is_htmx_fragment(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a boosted page load)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
    )


def rate_limited_response(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = render(
        request,
        "community/rate_limited.html",
        {"retry_minutes": max(1, exc.retry_after // 60)},
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def handles_rate_limits(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Answer 429 with a page that says when to try again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RateLimited as exc:
            return rate_limited_response(request, exc)

    return wrapper
