from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jamhub.accounts.models import User
from jamhub.accounts.services import normalise_avatar, register_user


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to email and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Shown next to your reviews and posts. You can change it later."),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        register_user(
            user,
            display_name=self.cleaned_data.get("display_name", ""),
            locale=translation.get_language() or settings.LANGUAGE_CODE,
        )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=60, required=False
    )
    locale = forms.ChoiceField(
        label=_("Language of our emails"), choices=settings.LANGUAGES
    )
    avatar = forms.ImageField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB. It is cropped to a square."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    def clean_avatar(self) -> Any:
        avatar = self.cleaned_data.get("avatar")
        if avatar:
            # Validate now so that the error shows next to the field.
            normalise_avatar(avatar)
            avatar.seek(0)
        return avatar


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
