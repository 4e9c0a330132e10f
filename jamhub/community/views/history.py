"""A listener's history: what they played, a switch to stop keeping it, and clear."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jamhub.community.models import Listening
from jamhub.community.services import history as history_services

PLAYS_PER_PAGE = 50


@login_required
@require_safe
def history(request: HttpRequest) -> HttpResponse:
    plays = Listening.objects.of_user(request.user).for_listing().newest_first()
    page = Paginator(plays, PLAYS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/history.html",
        {"plays": page, "keeps_history": history_services.keeps_history(request.user)},
    )


@login_required
@require_POST
def set_history(request: HttpRequest) -> HttpResponse:
    keep = request.POST.get("keep") == "1"
    history_services.set_history_kept(request.user, keep=keep)
    messages.success(
        request,
        _("Your listening history is on.")
        if keep
        else _("Your listening history is off and cleared."),
    )
    return redirect("community:history")


@login_required
@require_POST
def clear_history(request: HttpRequest) -> HttpResponse:
    history_services.clear_history(request.user)
    messages.success(request, _("Your listening history is cleared."))
    return redirect("community:history")
