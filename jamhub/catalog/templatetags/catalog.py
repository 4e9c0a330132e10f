from django import template

from jamhub.licensing.licences import Licence, UnknownLicence, get_licence

register = template.Library()


@register.filter
def licence(code: str) -> Licence | None:
    """The licence for a code, for templates (None for an unknown code)."""
    try:
        return get_licence(str(code))
    except UnknownLicence:
        return None
