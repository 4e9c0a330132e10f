from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Paths outside i18n_patterns that are not pages: a 404 there is final. Django would
# otherwise redirect it to /<language>/<path>, which Wagtail's catch-all always
# "resolves".
NON_PAGE_PREFIXES = (
    "/api/",
    "/media/",
    "/webseed/",
    "/static/",
    "/healthz",
    "/cms/",
    "/documents/",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path_info.startswith(NON_PAGE_PREFIXES):
            return response
        return super().process_response(request, response)


# The site records nothing and locates no one: a page (or a script injected into
# one, or a frame) may not ask for the camera, the microphone or the position. The
# player may start the next track by itself, on our own origin only.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), autoplay=(self)"


class PermissionsPolicyMiddleware:
    """Send PERMISSIONS_POLICY with every response (a view may set its own)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
