from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.settings.registry import registry as site_settings_registry

from jamhub.accounts.models import User


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's templates read from `current_site`."""

    name: str
    domain: str


def site_name(request: HttpRequest | None) -> str:
    """The name the header shows (the site settings'), else WAGTAIL_SITE_NAME.

    Found through Wagtail's settings registry, as templates find it, rather than by
    importing the editorial app, which sits above accounts."""
    model = site_settings_registry.get_by_natural_key("editorial", "sitesettings")
    if request is not None and model is not None:
        name = getattr(model.for_request(request), "site_name", "")
        if name:
            return str(name)
    return str(settings.WAGTAIL_SITE_NAME)


def on_public_site(url: str) -> str:
    """The URL with SITE_URL's scheme and host.

    allauth builds its links from the request's Host, which says 127.0.0.1:8000
    behind a proxy and can be forged to poison a reset link."""
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if not parts.netloc:
        return url
    return urlunsplit(parts._replace(scheme=site.scheme, netloc=site.netloc))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(
        self, template_prefix: str, email: str, context: dict[str, Any]
    ) -> None:
        """Write each email in the recipient's language, else the page's language,
        signed with the site's name and linking to the public site only."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.locale if user else translation.get_language()
        with translation.override(language):
            context = {
                key: on_public_site(value)
                if key.endswith("_url") and isinstance(value, str)
                else value
                for key, value in context.items()
            }
            request = context.get("request") or self.request
            name = site_name(request)
            context["current_site"] = SiteIdentity(name, settings.SITE_HOST)
            context["site_name"] = name
            context["site_url"] = f"{settings.SITE_URL}/{language}/"
            context["contact_url"] = settings.SITE_URL + reverse("accounts:contact")
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        """Subjects start with the site's name, as the mails' greeting does."""
        return f"[{site_name(self.request)}] {subject}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Home in the language the visitor was browsing in (a ?next= still wins)."""
        return f"/{translation.get_language() or 'en'}/"
