"""Reports reach the moderators' queue; moderators hide reviews or dismiss reports."""

from django.test import Client

from jamhub.community.models import ReportStatus, Review, ReviewReport, ReviewStatus
from jamhub.community.services import reviews as review_services

QUEUE = "/en/moderation/"


def test_a_report_reaches_the_moderators_queue(
    album, listener, other_client, moderator_client
):
    review = review_services.create_review(album, by=listener, rating=1, body="Spam!")

    form = other_client.get(f"/en/reviews/{review.pk}/report/")
    response = other_client.post(
        f"/en/reviews/{review.pk}/report/",
        {"reason": "spam", "comment": "Buy followers link"},
    )
    queue = moderator_client.get(QUEUE).content.decode()

    assert form.status_code == 200
    assert response.status_code == 302
    report = ReviewReport.objects.get()
    assert report.status == ReportStatus.OPEN
    assert "Reported reviews" in queue
    assert "Spam or advertising" in queue
    assert "Buy followers link" in queue
    assert f'action="/en/moderation/reviews/{review.pk}/hide/"' in queue
    assert f'action="/en/moderation/reports/{report.pk}/dismiss/"' in queue


def test_a_listener_reports_a_review_once(album, listener, other_listener):
    review = review_services.create_review(album, by=listener, rating=1)

    review_services.report_review(review, by=other_listener, reason="abuse")
    review_services.report_review(review, by=other_listener, reason="spam")

    assert ReviewReport.objects.count() == 1


def test_a_moderator_hides_a_reported_review_with_a_reason(
    album, listener, other_listener, moderator_client
):
    review = review_services.create_review(album, by=listener, rating=1, body="Rude")
    report = review_services.report_review(review, by=other_listener, reason="abuse")

    response = moderator_client.post(
        f"/en/moderation/reviews/{review.pk}/hide/", {"reason": "Insults"}
    )

    review.refresh_from_db()
    report.refresh_from_db()
    assert response.status_code == 302
    assert (review.status, review.status_reason) == (ReviewStatus.HIDDEN, "Insults")
    assert report.status == ReportStatus.ACTIONED
    assert "Rude" not in Client().get(album.get_absolute_url()).content.decode()
    assert "Insults" not in moderator_client.get(QUEUE).content.decode()


def test_hiding_needs_a_reason(album, listener, moderator_client):
    review = review_services.create_review(album, by=listener, rating=1)

    moderator_client.post(f"/en/moderation/reviews/{review.pk}/hide/", {"reason": ""})

    review.refresh_from_db()
    assert review.status == ReviewStatus.VISIBLE


def test_a_moderator_dismisses_a_report(
    album, listener, other_listener, moderator_client
):
    review = review_services.create_review(album, by=listener, rating=5, body="Fine")
    report = review_services.report_review(review, by=other_listener, reason="other")

    moderator_client.post(f"/en/moderation/reports/{report.pk}/dismiss/")

    report.refresh_from_db()
    review.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED
    assert review.status == ReviewStatus.VISIBLE
    assert "No reported review." in moderator_client.get(QUEUE).content.decode()


def test_held_reviews_wait_in_the_queue_and_can_be_shown(
    album, listener, moderator_client
):
    review = review_services.create_review(album, by=listener, rating=5, body="Wow")
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.HELD)

    queue = moderator_client.get(QUEUE).content.decode()
    moderator_client.post(f"/en/moderation/reviews/{review.pk}/restore/")

    review.refresh_from_db()
    assert "Reviews held for moderators" in queue
    assert review.status == ReviewStatus.VISIBLE


def test_only_moderators_hide_restore_and_dismiss(
    album, listener, other_listener, other_client, owner_client
):
    review = review_services.create_review(album, by=listener, rating=1)
    report = review_services.report_review(review, by=other_listener, reason="spam")

    for client in (other_client, owner_client):
        assert (
            client.post(
                f"/en/moderation/reviews/{review.pk}/hide/", {"reason": "x"}
            ).status_code
            == 403
        )
        assert (
            client.post(f"/en/moderation/reviews/{review.pk}/restore/").status_code
            == 403
        )
        assert (
            client.post(f"/en/moderation/reports/{report.pk}/dismiss/").status_code
            == 403
        )
    review.refresh_from_db()
    report.refresh_from_db()
    assert review.status == ReviewStatus.VISIBLE
    assert report.status == ReportStatus.OPEN
