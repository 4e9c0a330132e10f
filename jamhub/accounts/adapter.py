from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from jamhub.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(
        self, template_prefix: str, email: str, context: dict[str, Any]
    ) -> None:
        """Write each email in the recipient's language, else the page's language."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        language = user.locale if user else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Home in the language the visitor was browsing in (a ?next= still wins)."""
        return f"/{translation.get_language() or 'en'}/"
