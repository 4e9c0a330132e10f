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
