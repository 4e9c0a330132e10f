"""Reviews and ratings: one per account, history, votes, artist replies, and who may
do what."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import Client

from jamhub.catalog.models import AlbumStatus
from jamhub.community.models import ArtistReply, HelpfulVote, Review, ReviewStatus
from jamhub.community.services import reviews as review_services
from jamhub.community.services.reviews import ReviewError
from tests.community.factories import ReviewFactory
from tests.factories import UserFactory, client_for


def write_url(album) -> str:
    return f"/en/reviews/albums/{album.pk}/write/"


def test_the_database_allows_one_review_per_account_and_album(album, listener):
    ReviewFactory(album=album, author=listener)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(album=album, author=listener)

    assert Review.objects.filter(album=album, author=listener).count() == 1


@pytest.mark.parametrize("rating", [0, 6])
def test_the_database_refuses_a_rating_outside_1_to_5(album, listener, rating):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewFactory(album=album, author=listener, rating=rating)


def test_a_listener_rates_and_reviews_a_published_album(album, listener_client):
    response = listener_client.post(
        write_url(album), {"rating": "4", "body": "Slow and *warm*."}
    )

    review = Review.objects.get(album=album)
    assert response.status_code == 302
    assert response["Location"] == f"{album.get_absolute_url()}#review-{review.pk}"
    assert (review.rating, review.status) == (4, ReviewStatus.VISIBLE)
    page = listener_client.get(album.get_absolute_url()).content.decode()
    assert f'id="review-{review.pk}"' in page
    assert "Slow and <em>warm</em>." in page
    assert "4.0 out of 5 from 1 rating" in page


def test_a_rating_without_text_is_a_review(album, listener):
    review = review_services.create_review(album, by=listener, rating=5)

    assert review.body == ""
    assert Review.objects.visible().get() == review


def test_a_second_review_of_the_same_album_edits_the_first(
    album, listener, listener_client
):
    review_services.create_review(album, by=listener, rating=2, body="Meh.")

    listener_client.post(write_url(album), {"rating": "5", "body": "It grew on me."})

    review = Review.objects.get(album=album, author=listener)
    assert (review.rating, review.body) == (5, "It grew on me.")
    assert review.edited_at is not None


def test_editing_keeps_the_history(album, listener, listener_client):
    review = review_services.create_review(album, by=listener, rating=2, body="Meh.")
    review_services.edit_review(review, by=listener, rating=4, body="Better now.")

    page = listener_client.get(review.get_absolute_url()).content.decode()

    assert [(r.rating, r.body) for r in review.revisions.order_by("id")] == [
        (2, "Meh."),
        (4, "Better now."),
    ]
    assert "Meh." in page
    assert "Better now." in page


def test_nobody_edits_or_deletes_another_listeners_review(
    album, listener, other_listener, other_client
):
    review = review_services.create_review(album, by=listener, rating=3, body="Mine.")

    with pytest.raises(PermissionDenied):
        review_services.edit_review(review, by=other_listener, rating=1, body="Ha")
    response = other_client.post(f"/en/reviews/{review.pk}/delete/")
    # The write page of the album is the other listener's own review, never this one.
    other_client.post(write_url(album), {"rating": "1", "body": "Theirs."})

    review.refresh_from_db()
    assert response.status_code == 403
    assert (review.rating, review.body) == (3, "Mine.")
    assert Review.objects.filter(album=album).count() == 2


def test_the_author_deletes_their_review(album, listener, listener_client):
    review = review_services.create_review(album, by=listener, rating=3)

    response = listener_client.post(f"/en/reviews/{review.pk}/delete/")

    assert response.status_code == 302
    assert not Review.objects.exists()


def test_the_artists_members_cannot_review_their_own_album(album, owner, owner_client):
    with pytest.raises(ReviewError):
        review_services.create_review(album, by=owner, rating=5)
    response = owner_client.post(write_url(album), {"rating": "5"}, follow=True)

    assert not Review.objects.exists()
    assert "cannot review an album of an artist you belong to" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "status", [AlbumStatus.DRAFT, AlbumStatus.PENDING_REVIEW, AlbumStatus.HIDDEN]
)
def test_only_published_albums_are_reviewed(
    make_album, listener, listener_client, status
):
    album = make_album("Not Yet", status=status)

    with pytest.raises(ReviewError):
        review_services.create_review(album, by=listener, rating=4)
    response = listener_client.post(write_url(album), {"rating": "4"})

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_writing_needs_a_signed_in_account(album):
    response = Client().post(write_url(album), {"rating": "4"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Review.objects.exists()


def test_every_write_needs_the_csrf_token(album, listener):
    client = Client(enforce_csrf_checks=True)
    client.force_login(listener)

    response = client.post(write_url(album), {"rating": "4"})

    assert response.status_code == 403
    assert not Review.objects.exists()


def test_held_and_hidden_reviews_are_not_shown(album, listener, other_listener):
    held = review_services.create_review(album, by=listener, rating=5, body="Burst!")
    Review.objects.filter(pk=held.pk).update(status=ReviewStatus.HELD)
    hidden = review_services.create_review(
        album, by=other_listener, rating=1, body="Gone"
    )
    Review.objects.filter(pk=hidden.pk).update(status=ReviewStatus.HIDDEN)

    page = Client().get(album.get_absolute_url()).content.decode()

    assert not Review.objects.visible().exists()
    assert "Burst!" not in page
    assert "Gone" not in page
    assert Client().get(held.get_absolute_url()).status_code == 404


def test_the_author_still_sees_a_hidden_review_and_why(
    album, listener, listener_client, moderator
):
    review = review_services.create_review(album, by=listener, rating=1, body="Rant")
    review_services.hide_review(review, by=moderator, reason="Personal attack")

    page = listener_client.get(album.get_absolute_url()).content.decode()

    assert "hidden by a moderator" in page
    assert "Personal attack" in page


def test_a_listener_marks_a_review_helpful_once(
    album, listener, other_listener, other_client
):
    review = review_services.create_review(album, by=listener, rating=4, body="Nice")
    url = f"/en/reviews/{review.pk}/helpful/"

    other_client.post(url, {"helpful": "1"})
    other_client.post(url, {"helpful": "1"})
    page = other_client.get(album.get_absolute_url()).content.decode()

    assert HelpfulVote.objects.filter(review=review).count() == 1
    assert "1 listener found this helpful" in page
    assert 'aria-pressed="true"' in page


def test_a_helpful_vote_can_be_taken_back(
    album, listener, other_listener, other_client
):
    review = review_services.create_review(album, by=listener, rating=4)
    review_services.vote_helpful(review, by=other_listener)

    other_client.post(f"/en/reviews/{review.pk}/helpful/", {"helpful": "0"})

    assert not HelpfulVote.objects.exists()


def test_nobody_votes_for_their_own_review(album, listener, listener_client):
    review = review_services.create_review(album, by=listener, rating=4)

    with pytest.raises(ReviewError):
        review_services.vote_helpful(review, by=listener)
    listener_client.post(f"/en/reviews/{review.pk}/helpful/", {"helpful": "1"})

    assert not HelpfulVote.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpfulVote.objects.bulk_create(
            [HelpfulVote(review=review, voter=listener)] * 2
        )


def test_a_member_of_the_artist_replies_once(album, listener, owner, owner_client):
    review = review_services.create_review(album, by=listener, rating=3, body="Ok")
    url = f"/en/reviews/{review.pk}/reply/"

    assert owner_client.get(url).status_code == 200
    owner_client.post(url, {"body": "Thanks for listening!"})
    owner_client.post(url, {"body": "Thanks for *listening*."})

    reply = ArtistReply.objects.get()
    assert ArtistReply.objects.count() == 1
    assert reply.body == "Thanks for *listening*."
    page = Client().get(album.get_absolute_url()).content.decode()
    assert "The Loops replied:" in page
    assert "Thanks for <em>listening</em>." in page


def test_only_members_of_the_albums_artist_reply(
    album, listener, other_listener, other_client, moderator
):
    review = review_services.create_review(album, by=listener, rating=3)
    stranger_band = UserFactory()
    from jamhub.catalog.services.albums import create_artist

    create_artist(name="Someone Else", by=stranger_band)
    url = f"/en/reviews/{review.pk}/reply/"

    for user in (other_listener, stranger_band, moderator, listener):
        with pytest.raises(PermissionDenied):
            review_services.reply_to_review(review, by=user, body="Hi")
        client = client_for(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"body": "Hi"}).status_code == 403
    assert not ArtistReply.objects.exists()


def test_the_album_page_offers_the_review_form_to_listeners_only(
    album, listener_client, owner_client
):
    listener_page = listener_client.get(album.get_absolute_url()).content.decode()
    owner_page = owner_client.get(album.get_absolute_url()).content.decode()
    anonymous_page = Client().get(album.get_absolute_url()).content.decode()

    assert f'action="/en/reviews/albums/{album.pk}/write/"' in listener_page
    assert f'action="/en/reviews/albums/{album.pk}/write/"' not in owner_page
    assert "Sign in to review this album." in anonymous_page


def test_the_album_pages_form_carries_a_working_csrf_token(album, listener):
    client = Client(enforce_csrf_checks=True)
    client.force_login(listener)
    page = client.get(album.get_absolute_url()).content.decode()
    form = page.split(f'action="/en/reviews/albums/{album.pk}/write/"', 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    response = client.post(
        write_url(album), {"rating": "5", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Review.objects.get().rating == 5
