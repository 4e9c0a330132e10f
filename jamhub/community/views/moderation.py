"""Moderators act on reported reviews: hide with a reason, restore, dismiss."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jamhub.catalog.services.access import require_moderator
from jamhub.community.forms import DismissReportForm, HideReviewForm
from jamhub.community.models import Review, ReviewReport
from jamhub.community.services import reviews as review_services
from jamhub.community.views.common import next_url

QUEUE = "catalog:moderation-queue"


@login_required
@require_POST
def hide_review(request: HttpRequest, review_id: int) -> HttpResponse:
    require_moderator(request.user)
    review = get_object_or_404(Review, pk=review_id)
    form = HideReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the review is hidden: its author reads it."))
    else:
        review_services.hide_review(
            review, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The review is hidden; whoever reported it has been told."),
        )
    return redirect(next_url(request, QUEUE))


@login_required
@require_POST
def restore_review(request: HttpRequest, review_id: int) -> HttpResponse:
    require_moderator(request.user)
    review = get_object_or_404(Review, pk=review_id)
    review_services.restore_review(review, by=request.user)
    messages.success(request, _("The review is visible again."))
    return redirect(next_url(request, QUEUE))


@login_required
@require_POST
def dismiss_report(request: HttpRequest, report_id: int) -> HttpResponse:
    require_moderator(request.user)
    report = get_object_or_404(ReviewReport, pk=report_id)
    form = DismissReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long: 2,000 characters at most."))
        return redirect(next_url(request, QUEUE))
    review_services.dismiss_report(
        report, by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("Report dismissed; the review stays online. The reporter has been told."),
    )
    return redirect(next_url(request, QUEUE))
