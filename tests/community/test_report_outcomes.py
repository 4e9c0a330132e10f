"""Each moderation decision on a report keeps its own reason, and the reporters are
told the outcome."""

from jamhub.community.models import ReportStatus, ReviewReport, ReviewStatus
from jamhub.community.services import reviews as review_services
from tests.factories import UserFactory

QUEUE = "/en/moderation/"


def test_dismissing_a_report_keeps_the_reason_and_tells_the_reporter(
    album,
    listener,
    other_listener,
    moderator_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    review = review_services.create_review(album, by=listener, rating=5, body="Fine")
    report = review_services.report_review(review, by=other_listener, reason="other")

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/en/moderation/reports/{report.pk}/dismiss/",
            {"reason": "Harsh, but about the music: that is allowed."},
        )

    report.refresh_from_db()
    assert response.status_code == 302
    assert report.status == ReportStatus.DISMISSED
    assert report.moderator_reason == "Harsh, but about the music: that is allowed."
    [mail] = mailoutbox
    assert mail.to == [other_listener.email]
    assert album.title in mail.subject
    assert "the review stays online" in mail.body
    assert "Harsh, but about the music: that is allowed." in mail.body


def test_hiding_a_review_tells_every_reporter_with_the_reason(
    album,
    listener,
    other_listener,
    moderator_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    review = review_services.create_review(album, by=listener, rating=1, body="Rude")
    third = UserFactory(display_name="Tess Third")
    review_services.report_review(review, by=other_listener, reason="abuse")
    review_services.report_review(review, by=third, reason="abuse")

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/en/moderation/reviews/{review.pk}/hide/", {"reason": "Insults"}
        )

    review.refresh_from_db()
    assert review.status == ReviewStatus.HIDDEN
    assert set(ReviewReport.objects.values_list("status", "moderator_reason")) == {
        (ReportStatus.ACTIONED, "Insults")
    }
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [other_listener.email, third.email]
    )
    assert all("the review is hidden" in m.body for m in mailoutbox)
    assert all("Insults" in m.body for m in mailoutbox)


def test_a_report_already_acted_on_cannot_be_dismissed_after(
    album,
    listener,
    other_listener,
    moderator_client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """A stale queue page or a second click: the hidden review's report stays
    actioned, and the reporter is not told the review stays online."""
    review = review_services.create_review(album, by=listener, rating=1, body="Rude")
    report = review_services.report_review(review, by=other_listener, reason="abuse")
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/en/moderation/reviews/{review.pk}/hide/", {"reason": "Insults"}
        )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/en/moderation/reports/{report.pk}/dismiss/", {"reason": "Stale"}
        )

    report.refresh_from_db()
    assert (report.status, report.moderator_reason) == (
        ReportStatus.ACTIONED,
        "Insults",
    )
    assert mailoutbox == []


def test_each_decision_on_a_report_has_its_own_reason_field(
    album, listener, other_listener, moderator_client
):
    review = review_services.create_review(album, by=listener, rating=1, body="Meh")
    report = review_services.report_review(review, by=other_listener, reason="spam")

    page = moderator_client.get(QUEUE).content.decode()

    hide_form = page.split(f'action="/en/moderation/reviews/{review.pk}/hide/"')[1]
    hide_form = hide_form.split("</form>")[0]
    dismiss_form = page.split(f'action="/en/moderation/reports/{report.pk}/dismiss/"')
    dismiss_form = dismiss_form[1].split("</form>")[0]
    assert 'name="reason"' in hide_form
    assert 'name="reason"' in dismiss_form
    assert "Dismiss the report" in dismiss_form
