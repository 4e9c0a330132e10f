"""Listening history: recorded by the play counter, switched off, cleared."""

import json

import pytest
from django.test import Client

from jamhub.community.models import Listening

pytestmark = pytest.mark.django_db


def play(client, track, seconds=31):
    return client.post(
        "/api/plays/",
        json.dumps({"track": track.pk, "seconds": seconds}),
        content_type="application/json",
    )


def test_plays_of_a_signed_in_listener_go_into_their_history(
    album, make_track, listener, listener_client
):
    dawn = make_track(album, 1, "Dawn")
    play(listener_client, dawn)
    play(listener_client, dawn)  # counted once a day, but listened to twice
    play(listener_client, dawn, seconds=5)  # too short: not a play
    assert Listening.objects.filter(user=listener, track=dawn).count() == 2
    html = listener_client.get("/en/history/").content.decode()
    assert "Dawn" in html


def test_anonymous_plays_keep_no_history(album, make_track):
    play(Client(), make_track(album, 1, "Dawn"))
    assert not Listening.objects.exists()


def test_history_can_be_switched_off_and_on(
    album, make_track, listener, listener_client
):
    dawn = make_track(album, 1, "Dawn")
    play(listener_client, dawn)
    response = listener_client.post("/en/history/settings/", {"keep": "0"})
    assert response["Location"] == "/en/history/"
    assert not Listening.objects.exists()  # turning it off clears it
    play(listener_client, dawn)
    assert not Listening.objects.exists()
    assert "is off" in listener_client.get("/en/history/").content.decode()
    listener_client.post("/en/history/settings/", {"keep": "1"})
    play(listener_client, dawn)
    assert Listening.objects.filter(user=listener).count() == 1


def test_clear_history_deletes_only_ones_own(
    album, make_track, listener_client, other_client, other_listener
):
    dawn = make_track(album, 1, "Dawn")
    play(listener_client, dawn)
    play(other_client, dawn)
    listener_client.post("/en/history/clear/")
    assert list(Listening.objects.values_list("user", flat=True)) == [other_listener.pk]


def test_history_is_private_and_speaks_french(listener_client):
    assert Client().get("/en/history/").status_code == 302
    html = listener_client.get("/fr/history/").content.decode()
    assert "Votre historique d’écoute" in html


def test_plays_still_count_when_history_is_off(album, make_track, listener_client):
    from jamhub.catalog.models import TrackPlay

    dawn = make_track(album, 1, "Dawn")
    listener_client.post("/en/history/settings/", {"keep": "0"})
    assert play(listener_client, dawn).json() == {"counted": True}
    assert TrackPlay.objects.filter(track=dawn).count() == 1
    assert not Listening.objects.exists()
