"""Helpful, tags and the playlist arrows answer htmx with the changed fragment only
(the page keeps its scroll position), and without JS come back to the same place."""

import pytest

from jamhub.community.models import HelpfulVote
from jamhub.community.services import playlists as playlist_services
from tests.community.factories import ReviewFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_helpful_through_htmx_answers_the_review_card_alone(
    album, listener, other_client, other_listener
):
    review = ReviewFactory(album=album, author=listener)
    response = other_client.post(
        f"/en/reviews/{review.pk}/helpful/",
        {"helpful": "1", "next": f"{album.get_absolute_url()}#review-{review.pk}"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith(f'<article class="review" id="review-{review.pk}"')
    assert "1 listener found this helpful" in html
    assert 'aria-pressed="true"' in html
    # The card's forms still come back to the album page without JS.
    assert f'value="{album.get_absolute_url()}#review-{review.pk}"' in html
    assert HelpfulVote.objects.filter(review=review, voter=other_listener).exists()


def test_the_helpful_form_swaps_its_card_and_falls_back_to_the_anchor(
    album, listener, other_client
):
    review = ReviewFactory(album=album, author=listener)
    html = other_client.get(album.get_absolute_url()).content.decode()
    assert f'hx-target="#review-{review.pk}"' in html
    response = other_client.post(
        f"/en/reviews/{review.pk}/helpful/",
        {"helpful": "1", "next": f"{album.get_absolute_url()}#review-{review.pk}"},
    )
    assert response["Location"] == f"{album.get_absolute_url()}#review-{review.pk}"


def test_adding_a_tag_through_htmx_answers_the_tags_section_alone(
    album, listener_client
):
    section = f"community-tags-section-album-{album.pk}"
    page = listener_client.get(album.get_absolute_url()).content.decode()
    assert f'hx-target="#{section}"' in page
    response = listener_client.post(
        f"/en/tags/album/{album.pk}/add/", {"tags": "sunrise"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="{section}"' in html
    assert "sunrise" in html
    assert "Tagged: sunrise." in html


def test_adding_a_tag_without_javascript_comes_back_to_the_tags(album, listener_client):
    page = listener_client.get(album.get_absolute_url()).content.decode()
    anchor = f"{album.get_absolute_url()}#community-tags-section-album-{album.pk}"
    assert f'value="{anchor}"' in page
    response = listener_client.post(
        f"/en/tags/album/{album.pk}/add/", {"tags": "sunrise", "next": anchor}
    )
    assert response["Location"] == anchor


def test_a_refused_tag_through_htmx_says_why_in_the_section(album, listener_client):
    response = listener_client.post(
        f"/en/tags/album/{album.pk}/add/", {"tags": ""}, **HTMX
    )
    assert "Type at least one tag." in response.content.decode()


def test_moving_a_playlist_track_through_htmx_answers_the_list_alone(
    album, make_track, listener, listener_client
):
    playlist = playlist_services.create_playlist(by=listener, title="Walk")
    items = [
        playlist_services.add_track(playlist, make_track(album, n, t), by=listener)
        for n, t in enumerate(["A", "B", "C"], 1)
    ]
    page = listener_client.get(playlist.get_absolute_url()).content.decode()
    assert 'hx-target="#playlist-items"' in page
    response = listener_client.post(
        f"/en/playlists/items/{items[2].pk}/move/", {"direction": "up"}, **HTMX
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('id="playlist-items"') == 1
    assert html.index(">C</a>") < html.index(">B</a>")
    assert "data-moved" in html
