"""Reporters hear what became of their report, by email in their own language.

Email rather than the fan clubs' site notifications: community sits below fanclubs
and may not call it, and a reporter may never come back to the site to look."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from jamhub.community.models import ReviewReport
from jamhub.core.text import one_line


def tell_reporters(report_ids: Iterable[int]) -> int:
    """Email each active reporter the outcome of their closed report and the
    moderator's reason; return how many were written."""
    sent = 0
    reports = ReviewReport.objects.filter(pk__in=list(report_ids)).select_related(
        "reporter", "review__album__artist", "review__author"
    )
    for report in reports:
        reporter = report.reporter
        if not reporter.is_active or not reporter.email or report.status == "open":
            continue
        with translation.override(reporter.locale):
            context = {
                "report": report,
                "review": report.review,
                "user": reporter,
                "review_url": settings.SITE_URL + report.review.get_absolute_url(),
            }
            subject = render_to_string(
                "community/email/report_closed_subject.txt", context
            ).strip()
            body = render_to_string("community/email/report_closed_body.txt", context)
        sent += send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + one_line(subject),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [reporter.email],
        )
    return sent
