"""Radios by tag or by artist: a page to start one, and JSON batches for the player."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from jamhub.community.player import queue_entries
from jamhub.community.services.radios import (
    RADIO_KINDS,
    RadioSeed,
    first_radio_batch,
    next_radio_batch,
    radio_title_object,
)


def _seed(kind: str, value: str) -> tuple[RadioSeed, object]:
    seed = RadioSeed(kind=kind, value=value)
    if kind not in RADIO_KINDS:
        raise Http404
    try:
        return seed, radio_title_object(seed)
    except LookupError:
        raise Http404 from None


@require_safe
def radio(request: HttpRequest, kind: str, value: str) -> HttpResponse:
    seed, subject = _seed(kind, value)
    queue = queue_entries(first_radio_batch(seed, request=request))
    return render(
        request,
        "community/radio.html",
        {
            "kind": kind,
            "subject": subject,
            "queue": queue,
            "next_url": reverse(
                "community:radio-next", kwargs={"kind": kind, "value": value}
            ),
        },
    )


@require_safe
def radio_next(request: HttpRequest, kind: str, value: str) -> JsonResponse:
    """The player asks for more when its queue runs low."""
    seed, _subject = _seed(kind, value)
    tracks = queue_entries(next_radio_batch(seed, request=request))
    response = JsonResponse({"tracks": tracks})
    response["Cache-Control"] = "private, no-store"
    return response
