from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from jamhub.core.health import run_checks


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, cache, broker and storage state: 200 when all are up, else 503."""
    results = run_checks()
    healthy = all(r.ok for r in results.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {
            name: {
                "ok": r.ok,
                "ms": round(r.milliseconds, 1),
                **({"error": r.error} if r.error else {}),
            }
            for name, r in results.items()
        },
    }
    return JsonResponse(body, status=200 if healthy else 503)
