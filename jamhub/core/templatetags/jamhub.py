"""Template tags of the public site."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[LanguageLink]:
    """The current page in every site language: its Wagtail translation when there is
    one, else the same view under the other language prefix, else that language's
    home page."""
    request = context.get("request")
    current = translation.get_language()
    page = context.get("page")
    translated: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        for other in (
            page.get_translations(inclusive=True).live().select_related("locale")
        ):
            url = other.get_url(request)
            if url:
                translated[other.locale.language_code] = url
    links = []
    for code, name in settings.LANGUAGES:
        url = translated.get(code) or _resolved_url_in(request, code) or f"/{code}/"
        links.append(LanguageLink(code, name, url, code == current))
    return links


def _resolved_url_in(request: HttpRequest | None, code: str) -> str:
    """The view that answered the request, reversed in language `code`, with the
    query string; "" when no view matched (a 404 for an unknown path).

    Built from the resolver's match, never from the raw request path: a path such as
    "//evil.example/en/albums/" would otherwise come back as an off-site link."""
    match = getattr(request, "resolver_match", None)
    if request is None or match is None or not match.view_name:
        return ""
    with translation.override(code):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return ""
    if not url.startswith("/") or url.startswith("//"):
        return ""
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    active: bool


@register.simple_tag(takes_context=True)
def main_menu(context: dict[str, Any]) -> list[MenuItem]:
    """The home page's children marked "show in menus", in the current language."""
    from wagtail.models import Site

    request = context.get("request")
    if request is None:
        return []
    site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page.localized
    items = []
    for child in home.get_children().live().in_menu():
        url = child.get_url(request)
        if url:
            items.append(MenuItem(child.title, url, request.path.startswith(url)))
    return items


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    from jamhub.core.text import render_markdown

    return render_markdown(text)


@register.filter
def duration(seconds: float | None) -> str:
    """m:ss, or h:mm:ss past an hour."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def percent(fraction: float | None) -> str:
    """0.42 -> "42 %" in French, "42%" in English (the locale's number format)."""
    if fraction is None:
        return ""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    # Translators: a percentage; French puts a narrow no-break space before "%".
    return gettext("%(number)s%%") % {"number": number_format(round(fraction * 100))}
