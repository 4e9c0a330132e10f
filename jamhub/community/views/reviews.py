"""Listeners write, edit, vote for and report reviews; artists reply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jamhub.catalog.models import Album
from jamhub.catalog.services.access import is_member, is_moderator
from jamhub.community.forms import ReplyForm, ReportForm, ReviewForm
from jamhub.community.models import HelpfulVote, Review
from jamhub.community.services import reviews as review_services
from jamhub.community.services.reviews import ReviewError
from jamhub.community.views.common import (
    handles_rate_limits,
    is_htmx_fragment,
    next_url,
)


def _review_url(review: Review) -> str:
    return f"{review.album.get_absolute_url()}#review-{review.pk}"


def _readable_review(request: HttpRequest, review_id: int) -> Review:
    """A review the user may read: visible ones, plus their own, plus everything
    for moderators."""
    review = get_object_or_404(
        Review.objects.select_related("album__artist", "author"), pk=review_id
    )
    if not review.album.is_public and not is_moderator(request.user):
        raise Http404
    if not review.is_visible and not (
        review.author_id == request.user.pk or is_moderator(request.user)
    ):
        raise Http404
    return review


@login_required
@handles_rate_limits
def write_review(request: HttpRequest, album_id: int) -> HttpResponse:
    """Write a review of the album, or edit one's own (one page for both)."""
    album = get_object_or_404(
        Album.objects.published().select_related("artist"), pk=album_id
    )
    review = Review.objects.filter(album=album, author=request.user).first()
    if review is None:
        refusal = review_services.review_refusal(album, request.user)
        if refusal:
            messages.error(request, refusal)
            return redirect(album.get_absolute_url())
    initial = {"rating": review.rating, "body": review.body} if review else None
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if review is None:
                review = review_services.create_review(
                    album, by=request.user, rating=data["rating"], body=data["body"]
                )
                messages.success(request, _("Thank you: your review is online."))
            else:
                review_services.edit_review(
                    review, by=request.user, rating=data["rating"], body=data["body"]
                )
                messages.success(request, _("Your review is updated."))
        except ReviewError as exc:
            messages.error(request, str(exc))
            return redirect(album.get_absolute_url())
        return redirect(_review_url(review))
    return render(
        request,
        "community/review_form.html",
        {"album": album, "review": review, "form": form},
    )


@require_safe
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _readable_review(request, review_id)
    return render(
        request,
        "community/review_detail.html",
        {
            "review": review,
            "album": review.album,
            "revisions": review.revisions.all(),
        },
    )


@login_required
@require_POST
def delete_review(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("album"), pk=review_id)
    review_services.delete_review(review, by=request.user)
    messages.success(request, _("Your review is deleted."))
    return redirect(review.album.get_absolute_url())


@login_required
@require_POST
@handles_rate_limits
def vote_helpful(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _readable_review(request, review_id)
    notice = ""
    try:
        review_services.vote_helpful(
            review, by=request.user, helpful=request.POST.get("helpful") != "0"
        )
    except ReviewError as exc:
        notice = str(exc)
    if is_htmx_fragment(request):
        # Only the card changes: the page keeps its scroll position.
        return _review_card(request, review, notice=notice)
    if notice:
        messages.error(request, notice)
    return redirect(next_url(request, _review_url(review)))


def _review_card(request: HttpRequest, review: Review, *, notice: str) -> HttpResponse:
    """The review's card as the album, artist and home pages show it."""
    review = Review.objects.for_listing().get(pk=review.pk)
    return render(
        request,
        "community/includes/review_card.html",
        {
            "review": review,
            "voted_ids": set(
                HelpfulVote.objects.filter(
                    voter=request.user, review=review
                ).values_list("review_id", flat=True)
            ),
            "is_moderator": is_moderator(request.user),
            "is_artist_member": is_member(request.user, review.album.artist),
            "show_album": request.POST.get("show_album") == "1",
            "notice": notice,
            # The page the card sits on, for the forms' no-JS "next".
            "page_path": next_url(request, review.album.get_absolute_url()).partition(
                "#"
            )[0],
        },
    )


@login_required
@handles_rate_limits
def reply(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _readable_review(request, review_id)
    if not is_member(request.user, review.album.artist):
        raise PermissionDenied("Only the artist's members may reply.")
    existing = getattr(review, "reply", None)
    form = ReplyForm(
        request.POST or None, initial={"body": existing.body} if existing else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_services.reply_to_review(
                review, by=request.user, body=form.cleaned_data["body"]
            )
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your reply is online."))
            return redirect(_review_url(review))
    return render(
        request,
        "community/reply_form.html",
        {"review": review, "album": review.album, "form": form},
    )


@login_required
@handles_rate_limits
def report(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _readable_review(request, review_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.report_review(
                review,
                by=request.user,
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
            )
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Thank you: the moderators will look at this review.")
            )
        return redirect(_review_url(review))
    return render(
        request,
        "community/report_form.html",
        {"review": review, "album": review.album, "form": form},
    )
