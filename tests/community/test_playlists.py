"""Playlists: who may see and change them, adding, reordering, the player queue."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from jamhub.community.models import Playlist, PlaylistItem
from jamhub.community.models import playlists as playlist_models
from jamhub.community.services import playlists as playlist_services
from jamhub.community.services.playlists import PlaylistError

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracks(album, make_track):
    return [make_track(album, n, title) for n, title in enumerate(["A", "B", "C"], 1)]


@pytest.fixture
def playlist(listener, tracks) -> Playlist:
    playlist = playlist_services.create_playlist(by=listener, title="Morning")
    for track in tracks:
        playlist_services.add_track(playlist, track, by=listener)
    return playlist


def titles(playlist: Playlist) -> list[str]:
    return [i.track.title for i in playlist.items.in_order().select_related("track")]


def test_a_listener_creates_renames_and_deletes_a_playlist(listener, listener_client):
    response = listener_client.post(
        "/en/playlists/", {"title": "  Late   night ", "is_public": "on"}
    )
    playlist = Playlist.objects.get(owner=listener)
    assert response["Location"] == playlist.get_absolute_url()
    assert playlist.title == "Late night"
    assert playlist.is_public
    listener_client.post(f"/en/playlists/{playlist.pk}/edit/", {"title": "Early"})
    playlist.refresh_from_db()
    assert (playlist.title, playlist.is_public) == ("Early", False)
    listener_client.post(f"/en/playlists/{playlist.pk}/delete/", {"confirm": "yes"})
    assert not Playlist.objects.exists()


def test_a_track_is_added_from_its_row_to_a_new_or_existing_playlist(
    tracks, listener, listener_client
):
    listener_client.post(
        "/en/playlists/add-track/",
        {"track": tracks[0].pk, "new_title": "Fresh", "next": "/en/"},
    )
    playlist = Playlist.objects.get(owner=listener, title="Fresh")
    response = listener_client.post(
        "/en/playlists/add-track/",
        {"track": tracks[1].pk, "playlist": playlist.pk, "next": "/en/"},
    )
    assert response["Location"] == "/en/"
    assert titles(playlist) == ["A", "B"]


def test_only_the_owner_changes_a_playlist(playlist, other_listener, other_client):
    item = playlist.items.first()
    for url in (
        f"/en/playlists/{playlist.pk}/edit/",
        f"/en/playlists/{playlist.pk}/delete/",
        f"/en/playlists/items/{item.pk}/move/",
        f"/en/playlists/items/{item.pk}/remove/",
    ):
        assert (
            other_client.post(url, {"title": "Mine", "confirm": "yes"}).status_code
            == 404
        )
    assert other_client.get(f"/en/playlists/{playlist.pk}/delete/").status_code == 404
    response = other_client.post(
        "/en/playlists/add-track/",
        {"track": item.track_id, "playlist": playlist.pk},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        playlist_services.update_playlist(
            playlist, by=other_listener, title="Mine", is_public=True
        )
    playlist.refresh_from_db()
    assert playlist.title == "Morning"
    assert playlist.items.count() == 3


def test_private_playlists_are_404_for_others_and_public_ones_are_shared(
    playlist, other_client
):
    url = playlist.get_absolute_url()
    assert other_client.get(url).status_code == 404
    assert Client().get(url).status_code == 404
    playlist.is_public = True
    playlist.save()
    html = Client().get(url).content.decode()
    assert "Morning" in html
    assert 'id="player-queue"' in html
    assert other_client.get(url).status_code == 200


def test_the_owner_sees_edit_controls_and_the_share_link(playlist, listener_client):
    playlist.is_public = True
    playlist.save()
    html = listener_client.get(playlist.get_absolute_url()).content.decode()
    assert f"http://testserver/en/playlists/{playlist.pk}/" in html
    assert "data-reorder-url" in html
    assert 'draggable="true"' in html


def test_move_up_and_down_without_javascript(playlist, listener_client):
    first, _second, third = playlist.items.in_order()
    response = listener_client.post(
        f"/en/playlists/items/{third.pk}/move/", {"direction": "up"}
    )
    assert response["Location"].endswith(f"#item-{third.pk}")
    assert titles(playlist) == ["A", "C", "B"]
    listener_client.post(f"/en/playlists/items/{first.pk}/move/", {"direction": "down"})
    assert titles(playlist) == ["C", "A", "B"]
    listener_client.post(f"/en/playlists/items/{third.pk}/move/", {"direction": "up"})
    assert titles(playlist) == ["C", "A", "B"]  # already first: nothing moves


def test_drag_and_drop_saves_the_whole_order(playlist, listener_client, other_client):
    a, b, c = playlist.items.in_order()
    url = f"/en/playlists/{playlist.pk}/reorder/"
    body = json.dumps({"items": [c.pk, a.pk, b.pk]})
    assert (
        other_client.post(url, body, content_type="application/json").status_code == 404
    )
    response = listener_client.post(url, body, content_type="application/json")
    assert response.status_code == 204
    assert titles(playlist) == ["C", "A", "B"]
    stale = json.dumps({"items": [a.pk, b.pk]})
    response = listener_client.post(url, stale, content_type="application/json")
    assert response.status_code == 409
    assert titles(playlist) == ["C", "A", "B"]


def test_removing_a_track_closes_the_gap(playlist, listener):
    middle = playlist.items.in_order()[1]
    playlist_services.remove_item(middle, by=listener)
    assert list(playlist.items.in_order().values_list("position", flat=True)) == [0, 1]
    assert titles(playlist) == ["A", "C"]


def test_a_playlist_is_capped(monkeypatch, playlist, listener, tracks):
    monkeypatch.setattr(playlist_services, "MAX_PLAYLIST_TRACKS", 3)
    with pytest.raises(PlaylistError):
        playlist_services.add_track(playlist, tracks[0], by=listener)
    assert playlist_models.MAX_PLAYLIST_TRACKS == 500


def test_tracks_of_a_hidden_album_drop_out_of_the_player_with_a_note(
    playlist, make_album, make_track, listener, listener_client
):
    other = make_album("Second")
    hidden_track = make_track(other, 1, "Gone")
    playlist_services.add_track(playlist, hidden_track, by=listener)
    other.status = "hidden"
    other.save(update_fields=["status"])
    playlist.is_public = True
    playlist.save()
    response = Client().get(playlist.get_absolute_url())
    queue = json.loads(
        response.content.decode()
        .split('id="player-queue" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert [entry["title"] for entry in queue] == ["A", "B", "C"]
    assert "Gone" not in response.content.decode()
    assert "1 track of this playlist is not available now" in response.content.decode()
    assert "Gone" in listener_client.get(playlist.get_absolute_url()).content.decode()


def test_unpublished_tracks_cannot_be_added(make_album, make_track, playlist, listener):
    draft = make_album("Draft", status="draft")
    with pytest.raises(PlaylistError):
        playlist_services.add_track(playlist, make_track(draft, 1, "Wip"), by=listener)
    assert PlaylistItem.objects.filter(track__title="Wip").count() == 0


def test_playlist_pages_speak_french(playlist, listener_client):
    assert "Vos playlists" in listener_client.get("/fr/playlists/").content.decode()
    html = listener_client.get(f"/fr/playlists/{playlist.pk}/").content.decode()
    assert "Écouter la playlist" in html


def test_making_playlists_is_rate_limited(monkeypatch, listener_client):
    from jamhub.community.services import ratelimit

    monkeypatch.setattr(
        ratelimit,
        "LIMITS",
        {**ratelimit.LIMITS, "playlist": ratelimit.Limit(1, 600)},
    )
    listener_client.post("/en/playlists/", {"title": "One"})
    response = listener_client.post("/en/playlists/", {"title": "Two"})
    assert response.status_code == 429
    assert Playlist.objects.count() == 1


@pytest.mark.parametrize("track", ["abc", "1.5", "²", "9" * 30, ""])
def test_a_malformed_track_id_is_not_found(listener_client, track):
    response = listener_client.post(
        "/en/playlists/add-track/", {"track": track, "new_title": "Fresh"}
    )

    assert response.status_code == 404
    assert not Playlist.objects.exists()


def test_a_new_playlist_that_cannot_take_the_track_is_not_kept(
    tracks, listener_client, monkeypatch
):
    from jamhub.community.services import ratelimit

    # The playlist is made (one write), the addition is over the limit.
    monkeypatch.setattr(
        ratelimit, "LIMITS", {**ratelimit.LIMITS, "playlist": ratelimit.Limit(1, 600)}
    )

    response = listener_client.post(
        "/en/playlists/add-track/", {"track": tracks[0].pk, "new_title": "Fresh"}
    )

    assert response.status_code == 429
    assert not Playlist.objects.exists()


def test_deleting_a_playlist_asks_first(playlist, listener_client):
    """One click on the playlist page never deletes: its link opens a confirmation
    (a dialog with JS, the same page without), and only that form deletes."""
    delete_url = f"/en/playlists/{playlist.pk}/delete/"
    page = listener_client.get(playlist.get_absolute_url()).content.decode()
    outside_dialog = page.split('<dialog class="confirm-dialog"')[0]
    assert f'action="{delete_url}"' not in outside_dialog
    assert f'href="{delete_url}"' in outside_dialog
    assert 'data-dialog-open="playlist-delete-dialog"' in outside_dialog

    confirm = listener_client.get(delete_url)
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "Delete “Morning”?" in body
    assert "Its 3 tracks will be taken out of it" in body
    assert f'action="{delete_url}"' in body
    # A POST without the confirmation's field (an old form, a stray click) only
    # shows the question again.
    assert listener_client.post(delete_url).status_code == 200
    assert Playlist.objects.filter(pk=playlist.pk).exists()

    response = listener_client.post(delete_url, {"confirm": "yes"})
    assert response["Location"] == "/en/playlists/"
    assert not Playlist.objects.filter(pk=playlist.pk).exists()
