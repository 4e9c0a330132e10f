"""The site's answer to a request Django could not read (400), with a reason.

Django raises these before any view runs (the CSRF check reads the form first), so
the view that would have explained the refusal never sees the request."""

from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

# Django reads at most 1 KiB of headers per form part: a file name of about a
# thousand characters or more ends the parsing with this message.
_PART_HEADER_TOO_LONG = "max total header size"
FILE_NAME_LIMIT = 255


def reason_for(exception: Exception | None) -> str:
    """Words for the person who sent the request: what was wrong and what to do."""
    if isinstance(exception, MultiPartParserError) and _PART_HEADER_TOO_LONG in str(
        exception
    ):
        return _(
            "The file name is too long: names may have at most %(limit)s "
            "characters. Rename the file and upload it again."
        ) % {"limit": FILE_NAME_LIMIT}
    if isinstance(exception, RequestDataTooBig):
        return _("The request is larger than this site accepts.")
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _("The form sent more fields or files than this site accepts.")
    if isinstance(exception, MultiPartParserError):
        return _("The uploaded form could not be read; try again.")
    return _("The request could not be understood.")


def bad_request(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    reason = reason_for(exception)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": reason}, status=400)
    return render(request, "400.html", {"reason": reason}, status=400)
