"""Writing is rate limited per account, with a clear 429 page."""

import pytest

from jamhub.community.models import HelpfulVote, Review
from jamhub.community.services import ratelimit
from jamhub.community.services import reviews as review_services
from jamhub.community.services.ratelimit import Limit, RateLimited
from tests.factories import UserFactory


@pytest.fixture
def tight_limits(monkeypatch):
    limits = {**ratelimit.LIMITS, "review": Limit(2, 600), "vote": Limit(1, 600)}
    monkeypatch.setattr(ratelimit, "LIMITS", limits)


def test_too_many_reviews_get_a_429_that_says_when_to_retry(
    make_album, listener_client, tight_limits
):
    albums = [make_album(f"Album {n}") for n in range(3)]

    statuses = [
        listener_client.post(
            f"/en/reviews/albums/{a.pk}/write/", {"rating": "4"}
        ).status_code
        for a in albums
    ]
    response = listener_client.post(
        f"/en/reviews/albums/{albums[2].pk}/write/", {"rating": "4"}
    )

    assert statuses == [302, 302, 429]
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Please try again in 10 minutes." in response.content.decode()
    assert Review.objects.count() == 2


def test_the_limit_is_per_account(make_album, listener, other_listener, tight_limits):
    albums = [make_album(f"Album {n}") for n in range(3)]
    review_services.create_review(albums[0], by=listener, rating=4)
    review_services.create_review(albums[1], by=listener, rating=4)

    with pytest.raises(RateLimited):
        review_services.create_review(albums[2], by=listener, rating=4)
    review_services.create_review(albums[2], by=other_listener, rating=4)

    assert Review.objects.filter(author=other_listener).count() == 1


def test_helpful_votes_are_limited_too(album, listener, other_client, tight_limits):
    first = review_services.create_review(album, by=listener, rating=4)
    second = review_services.create_review(album, by=UserFactory(), rating=3)

    assert other_client.post(f"/en/reviews/{first.pk}/helpful/").status_code == 302
    response = other_client.post(f"/en/reviews/{second.pk}/helpful/")

    assert response.status_code == 429
    assert HelpfulVote.objects.count() == 1
