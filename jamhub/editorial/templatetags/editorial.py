"""The editors' site settings in the layout (the footer's tagline)."""

from typing import Any

from django import template

from jamhub.editorial.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def site_tagline(context: dict[str, Any]) -> str:
    request = context.get("request")
    if request is None:
        return ""
    return SiteSettings.for_request(request).tagline_for()
