"""allauth's sign-up form, made to take as long for a taken address as for a new one.

Apart from forms.py because allauth builds its sign-up form on top of
ACCOUNT_SIGNUP_FORM_CLASS (forms.SignupExtraForm): importing allauth's forms from
there would import that module again while it is half-loaded.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.http import HttpRequest

from jamhub.accounts.models import User


class SignupForm(AllauthSignupForm):
    def try_save(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        """A taken address gets the same page as a new one (ACCOUNT_PREVENT_ENUMERATION)
        and, here, the same work: hashing the password is most of what a new account
        costs, so skipping it told in 30 ms against 550 ms that the address has an
        account. Django's ModelBackend does the same for unknown logins."""
        if self.account_already_exists:
            User().set_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
