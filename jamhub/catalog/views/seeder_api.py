"""Machine APIs for the seeders: the manifest of what to seed, and their statistics.
Authenticated with the shared JAMHUB_SEEDER_TOKEN (a bearer token); off without it."""

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from jamhub.catalog.services.distribution import record_seeder_stats
from jamhub.catalog.services.torrents import seeder_manifest

MAX_STATS_BYTES = 5 * 1024 * 1024


def _authorised(request: HttpRequest) -> bool:
    token = settings.JAMHUB_SEEDER_TOKEN
    if not token:
        raise Http404  # the API is off
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), token.encode())


@never_cache
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    if not _authorised(request):
        return JsonResponse({"error": "a valid bearer token is required"}, status=401)
    return JsonResponse(seeder_manifest())


@csrf_exempt  # a machine client with a bearer token, not a browser session
@require_POST
def stats(request: HttpRequest) -> JsonResponse:
    if not _authorised(request):
        return JsonResponse({"error": "a valid bearer token is required"}, status=401)
    if len(request.body) > MAX_STATS_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    try:
        payload = json.loads(request.body)
        torrents = payload["torrents"]
        if not isinstance(torrents, dict) or not all(
            isinstance(counts, dict)
            and type(counts.get("uploaded")) is int
            and 0 <= counts["uploaded"] < 2**63
            for counts in torrents.values()
        ):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": 'expected {"torrents": {"<info hash>": {"uploaded": n}}}'},
            status=400,
        )
    return JsonResponse({"updated": record_seeder_stats(torrents)})
