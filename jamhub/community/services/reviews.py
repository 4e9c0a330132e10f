"""Writing reviews, voting, artist replies, reports and their moderation."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jamhub.accounts.models import User
from jamhub.catalog.models import Album
from jamhub.catalog.services.access import is_member, require_member, require_moderator
from jamhub.community.models import (
    ArtistReply,
    HelpfulVote,
    ReportStatus,
    Review,
    ReviewReport,
    ReviewRevision,
    ReviewStatus,
)
from jamhub.community.models.reviews import BODY_MAX_LENGTH, RATING_MAX, RATING_MIN
from jamhub.community.services.ratelimit import check_rate
from jamhub.community.services.report_notices import tell_reporters


class ReviewError(Exception):
    """A review action that is not allowed now; the message says why."""


def review_refusal(album: Album, user: User | object) -> str:
    """Why this user may not review this album now, or "" when they may."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to review this album.")
    if not album.is_public:
        return _("Only published albums can be reviewed.")
    if is_member(user, album.artist):
        return _("You cannot review an album of an artist you belong to.")
    if Review.objects.filter(album=album, author=user).exists():
        return _("You have reviewed this album already: edit your review instead.")
    return ""


def _clean(rating: int, body: str) -> tuple[int, str]:
    if not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
        raise ReviewError(_("A rating is a whole number from 1 to 5."))
    body = (body or "").strip()
    if len(body) > BODY_MAX_LENGTH:
        raise ReviewError(_("A review is at most 10,000 characters long."))
    return rating, body


@transaction.atomic
def create_review(album: Album, *, by: User, rating: int, body: str = "") -> Review:
    """Rate (and optionally review) a published album, once per account; not the
    artist's own members."""
    refusal = review_refusal(album, by)
    if refusal:
        raise ReviewError(refusal)
    rating, body = _clean(rating, body)
    check_rate(by, "review")
    try:
        with transaction.atomic():
            review = Review.objects.create(
                album=album, author=by, rating=rating, body=body
            )
    except IntegrityError as exc:  # a second request raced past the check above
        raise ReviewError(
            _("You have reviewed this album already: edit your review instead.")
        ) from exc
    ReviewRevision.objects.create(review=review, rating=rating, body=body)
    _rescore(review.album_id)
    return review


def _rescore(album_id: int) -> None:
    """The album's place in the charts and its rating in search follow its ratings
    at once, not at the next hourly computation or index rebuild."""
    from jamhub.charts.tasks import refresh_album_charts_task
    from search.tasks import index_album_task

    refresh_album_charts_task.delay_on_commit(album_id)
    index_album_task.delay_on_commit(album_id)


@transaction.atomic
def edit_review(review: Review, *, by: User, rating: int, body: str = "") -> Review:
    """Change one's own review; the previous versions stay in its history."""
    if review.author_id != by.pk:
        raise PermissionDenied("Only the author may edit a review.")
    rating, body = _clean(rating, body)
    if (rating, body) == (review.rating, review.body):
        return review
    check_rate(by, "review")
    review.rating, review.body = rating, body
    review.edited_at = timezone.now()
    review.save(update_fields=["rating", "body", "edited_at", "updated_at"])
    ReviewRevision.objects.create(review=review, rating=rating, body=body)
    _rescore(review.album_id)
    return review


@transaction.atomic
def delete_review(review: Review, *, by: User) -> None:
    """Withdraw one's own review (and with it its history, votes and reply)."""
    if review.author_id != by.pk:
        raise PermissionDenied("Only the author may delete a review.")
    album_id = review.album_id
    review.delete()
    _rescore(album_id)


@transaction.atomic
def vote_helpful(review: Review, *, by: User, helpful: bool = True) -> bool:
    """Mark a visible review helpful (or take the vote back); once per account,
    never on one's own review. Return whether the vote now stands."""
    if review.author_id == by.pk:
        raise ReviewError(_("You cannot vote for your own review."))
    if not review.is_visible:
        raise ReviewError(_("This review is not public."))
    check_rate(by, "vote")
    if helpful:
        HelpfulVote.objects.get_or_create(review=review, voter=by)
    else:
        HelpfulVote.objects.filter(review=review, voter=by).delete()
    return helpful


@transaction.atomic
def reply_to_review(review: Review, *, by: User, body: str) -> ArtistReply:
    """Answer a review in the artist's name (members of the album's artist only);
    one reply per review, which its members may later edit."""
    require_member(by, review.album.artist)
    body = (body or "").strip()
    if not body:
        raise ReviewError(_("Write a reply first."))
    if len(body) > BODY_MAX_LENGTH:
        raise ReviewError(_("A reply is at most 10,000 characters long."))
    check_rate(by, "reply")
    # The one-to-one column keeps it to one reply even when two members post at once.
    reply, created = ArtistReply.objects.get_or_create(
        review=review, defaults={"author": by, "body": body}
    )
    if not created:
        reply.body, reply.author = body, by
        reply.save(update_fields=["body", "author", "updated_at"])
    return reply


@transaction.atomic
def report_review(
    review: Review, *, by: User, reason: str, comment: str = ""
) -> ReviewReport:
    """Send a review to the moderators' queue; one report per account and review."""
    if review.author_id == by.pk:
        raise ReviewError(_("You cannot report your own review."))
    check_rate(by, "report")
    report, created = ReviewReport.objects.get_or_create(
        review=review,
        reporter=by,
        defaults={"reason": reason, "comment": comment.strip()},
    )
    if not created and report.status != ReportStatus.OPEN:
        raise ReviewError(_("You reported this review already; a moderator saw it."))
    return report


def _close_reports(review: Review, *, by: User, status: str, reason: str) -> int:
    """Close the review's open reports with the moderator's reason, and tell each
    reporter the outcome once the decision is committed."""
    report_ids = list(review.reports.open().values_list("pk", flat=True))
    closed = ReviewReport.objects.filter(pk__in=report_ids).update(
        status=status,
        handled_by=by,
        handled_at=timezone.now(),
        moderator_reason=reason,
    )
    transaction.on_commit(lambda: tell_reporters(report_ids))
    return closed


@transaction.atomic
def hide_review(review: Review, *, by: User, reason: str) -> Review:
    """Take a review down (moderators), saying why; its open reports are closed."""
    require_moderator(by)
    review.status = ReviewStatus.HIDDEN
    review.status_reason = reason.strip()
    review.moderated_by, review.moderated_at = by, timezone.now()
    review.save(
        update_fields=["status", "status_reason", "moderated_by", "moderated_at"]
    )
    _close_reports(
        review, by=by, status=ReportStatus.ACTIONED, reason=review.status_reason
    )
    _rescore(review.album_id)
    return review


@transaction.atomic
def hold_reviews(review_ids: Iterable[int], *, reason: str) -> int:
    """Quarantine visible reviews for the moderators (a burst of ratings, say): they
    leave the pages, the charts and the search rating until a moderator restores
    them. Return how many were held."""
    reviews = Review.objects.filter(
        pk__in=list(review_ids), status=ReviewStatus.VISIBLE
    ).select_for_update()
    album_ids = set(reviews.values_list("album_id", flat=True))
    count = reviews.update(
        status=ReviewStatus.HELD, status_reason=reason, moderated_at=timezone.now()
    )
    for album_id in album_ids:
        _rescore(album_id)
    return count


@transaction.atomic
def restore_review(review: Review, *, by: User) -> Review:
    """Show a hidden or held review again (moderators)."""
    require_moderator(by)
    review.status = ReviewStatus.VISIBLE
    review.status_reason = ""
    review.moderated_by, review.moderated_at = by, timezone.now()
    review.save(
        update_fields=["status", "status_reason", "moderated_by", "moderated_at"]
    )
    _rescore(review.album_id)
    return review


@transaction.atomic
def dismiss_report(report: ReviewReport, *, by: User, reason: str = "") -> ReviewReport:
    """Close a report without acting on the review (moderators), saying why; the
    reporter is told."""
    require_moderator(by)
    # A second click, or a stale queue page, must not turn a report already acted
    # on into a dismissed one and tell the reporter the review stays online.
    report = ReviewReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.OPEN:
        return report
    report.status = ReportStatus.DISMISSED
    report.handled_by, report.handled_at = by, timezone.now()
    report.moderator_reason = reason.strip()
    report.save(
        update_fields=["status", "handled_by", "handled_at", "moderator_reason"]
    )
    transaction.on_commit(lambda: tell_reporters([report.pk]))
    return report
