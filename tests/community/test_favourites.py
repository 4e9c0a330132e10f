"""Favourites: stars on tracks, albums and artists, and the favourites page."""

import pytest
from django.db import IntegrityError
from django.test import Client

from jamhub.community.models import Favourite
from jamhub.community.services.favourites import toggle_favourite

pytestmark = pytest.mark.django_db


def test_a_star_toggles_on_and_off_without_javascript(track, listener, listener_client):
    url = f"/en/favourites/track/{track.pk}/"
    response = listener_client.post(url, {"next": "/en/favourites/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/favourites/"
    assert Favourite.objects.filter(user=listener, track=track).exists()
    listener_client.post(url)
    assert not Favourite.objects.filter(user=listener, track=track).exists()


def test_htmx_gets_the_button_alone_with_aria_pressed(album, listener_client):
    response = listener_client.post(
        f"/en/favourites/album/{album.pk}/", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="favourite-album-{album.pk}"' in html
    assert 'aria-pressed="true"' in html
    assert "<html" not in html
    html = listener_client.post(
        f"/en/favourites/album/{album.pk}/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'aria-pressed="false"' in html


def test_starring_needs_an_account_and_a_post(track, listener_client):
    url = f"/en/favourites/track/{track.pk}/"
    assert Client().post(url).status_code == 302  # to sign in
    assert not Favourite.objects.exists()
    assert listener_client.get(url).status_code == 405


def test_unpublished_albums_cannot_be_starred(make_album, listener_client):
    draft = make_album("Draft", status="draft")
    assert listener_client.post(f"/en/favourites/album/{draft.pk}/").status_code == 404
    assert listener_client.post("/en/favourites/nothing/1/").status_code == 404


def test_one_star_per_listener_and_object(track, listener):
    toggle_favourite(track, by=listener)
    with pytest.raises(IntegrityError):
        Favourite.objects.create(user=listener, kind="track", track=track)


def test_the_favourites_page_lists_and_plays_what_was_starred(
    album, make_track, listener, listener_client
):
    dawn = make_track(album, 1, "Dawn")
    toggle_favourite(dawn, by=listener)
    toggle_favourite(album, by=listener)
    toggle_favourite(album.artist, by=listener)
    html = listener_client.get("/en/favourites/").content.decode()
    assert "Dawn" in html
    assert album.title in html
    assert album.artist.name in html
    assert 'id="player-queue"' in html
    assert f'"id": {dawn.pk}' in html


def test_a_hidden_album_drops_out_of_favourites(
    album, make_track, listener, listener_client
):
    dawn = make_track(album, 1, "Dawn")
    toggle_favourite(dawn, by=listener)
    album.status = "hidden"
    album.save(update_fields=["status"])
    html = listener_client.get("/en/favourites/").content.decode()
    assert "Dawn" not in html


def test_album_and_track_pages_show_stars_and_playlist_controls(
    album, make_track, listener_client
):
    dawn = make_track(album, 1, "Dawn")
    html = listener_client.get(album.get_absolute_url()).content.decode()
    assert f'id="favourite-album-{album.pk}"' in html
    assert f'id="favourite-track-{dawn.pk}"' in html
    assert 'name="new_title"' in html
    assert f"/en/radios/artist/{album.artist.pk}/" in html
    html = listener_client.get(dawn.get_absolute_url()).content.decode()
    assert f'id="favourite-track-{dawn.pk}"' in html


def test_the_favourites_page_speaks_french(listener_client):
    html = listener_client.get("/fr/favourites/").content.decode()
    assert "Vos favoris" in html


def test_the_artist_page_has_a_star_and_a_radio(album, listener_client):
    html = listener_client.get(album.artist.get_absolute_url()).content.decode()
    assert f'id="favourite-artist-{album.artist.pk}"' in html
    assert f"/en/radios/artist/{album.artist.pk}/" in html


def test_visitors_see_no_star(album, make_track):
    make_track(album, 1, "Dawn")
    html = Client().get(album.get_absolute_url()).content.decode()
    assert "favourite-track-" not in html
    assert 'name="new_title"' not in html


def test_the_player_reads_and_sets_a_track_star_as_json(
    track, make_album, listener, listener_client
):
    # given
    status_url = f"/en/favourites/track/{track.pk}/status/"
    toggle_url = f"/en/favourites/track/{track.pk}/"
    as_json = {"HTTP_ACCEPT": "application/json"}

    # when / then: a visitor has no star to show
    assert Client().get(status_url).json() == {"signed_in": False, "starred": False}
    assert listener_client.get(status_url).json() == {
        "signed_in": True,
        "starred": False,
    }
    # the player says which state it wants: sent twice, it stays starred
    for _ in range(2):
        response = listener_client.post(toggle_url, {"starred": "true"}, **as_json)
        assert response.status_code == 200
        assert response.json() == {"starred": True}
    assert listener_client.get(status_url).json()["starred"] is True
    response = listener_client.post(toggle_url, {"starred": "false"}, **as_json)
    assert response.json() == {"starred": False}
    assert not Favourite.objects.filter(user=listener, track=track).exists()
    # the star of a track whose album is not published is not found
    draft_track = make_album("Draft", status="draft").tracks.create(
        number=1, title="Hidden"
    )
    assert (
        listener_client.get(
            f"/en/favourites/track/{draft_track.pk}/status/"
        ).status_code
        == 404
    )
