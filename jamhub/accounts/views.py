from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jamhub.accounts.forms import ProfileForm, ResendConfirmationForm
from jamhub.accounts.models import User
from jamhub.accounts.services import resend_email_confirmation, update_profile


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required guarantees it
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                update_profile(
                    user,
                    display_name=form.cleaned_data["display_name"],
                    locale=form.cleaned_data["locale"],
                    avatar=form.cleaned_data["avatar"] or None,
                    remove_avatar=form.cleaned_data["remove_avatar"],
                )
            except ValidationError as exc:
                form.add_error("avatar", exc)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={"display_name": user.display_name, "locale": user.locale}
        )
    return render(request, "accounts/profile_edit.html", {"form": form})


def public_profile(request: HttpRequest, public_id: str) -> HttpResponse:
    person = get_object_or_404(User, public_id=public_id, is_active=True)
    return render(request, "accounts/profile_public.html", {"person": person})


def contact(request: HttpRequest) -> HttpResponse:
    context = {"contact_email": settings.JAMHUB_CONTACT_EMAIL}
    return render(request, "accounts/contact.html", context)


def resend_confirmation(request: HttpRequest) -> HttpResponse:
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if resend_email_confirmation(request, email=form.cleaned_data["email"]):
            return redirect("account_email_verification_sent")
        form.add_error(
            None,
            _(
                "We sent a mail to this address a moment ago. Wait a few minutes "
                "before asking again, and look in your spam folder meanwhile."
            ),
        )
    return render(request, "accounts/resend_confirmation.html", {"form": form})
