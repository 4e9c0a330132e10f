"""A whole playlist as one zip, built by the worker, with LICENSES.txt."""

import io
import zipfile

import pytest
from django.test import Client

from jamhub.community.models import PlaylistArchive
from jamhub.community.services import playlists as playlist_services
from jamhub.community.services.playlist_zips import build_playlist_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def playlist(album, make_album, make_track, listener):
    second = make_album("Night Shift")
    tracks = [
        make_track(album, 1, "Dawn"),
        make_track(second, 1, "Owl: hoot?"),
        make_track(album, 2, "Noon", formats=("ogg",)),
    ]
    playlist = playlist_services.create_playlist(by=listener, title="Walk")
    for track in tracks:
        playlist_services.add_track(playlist, track, by=listener)
    return playlist


def download(client, playlist, fmt, capture) -> zipfile.ZipFile:
    with capture(execute=True):
        response = client.post(
            f"/en/playlists/{playlist.pk}/download/", {"format": fmt}
        )
    assert response["Location"] == f"/en/playlists/{playlist.pk}/download/{fmt}/"
    status = client.get(response["Location"]).content.decode()
    assert "Your zip is ready." in status
    response = client.get(f"/en/playlists/{playlist.pk}/zip/{fmt}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "private" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_the_tracks_in_order_and_their_licences(
    playlist, listener_client, django_capture_on_commit_callbacks
):
    archive = download(
        listener_client, playlist, "mp3", django_capture_on_commit_callbacks
    )
    names = archive.namelist()
    # Noon has no MP3: it is left out and the numbering follows what is in the zip.
    assert names == [
        "Walk/01 - The Loops - Dawn.mp3",
        "Walk/02 - The Loops - Owl_ hoot_.mp3",
        "Walk/LICENSES.txt",
    ]
    assert archive.read(names[0]) == b"mp3 bytes of Dawn"
    assert archive.read(names[1]) == b"mp3 bytes of Owl: hoot?"
    text = archive.read("Walk/LICENSES.txt").decode()
    assert "01 - The Loops - Dawn" in text
    assert "Album:      First Light (2024)" in text
    assert "Album:      Night Shift (2024)" in text
    assert "Creative Commons Attribution-ShareAlike 4.0 International" in text
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in text
    assert "/en/artists/the-loops/first-light/" in text
    assert "\u201cDawn\u201d by The Loops" in text


def test_ogg_zip_and_a_new_zip_after_a_change(
    playlist, listener, listener_client, django_capture_on_commit_callbacks
):
    archive = download(
        listener_client, playlist, "ogg", django_capture_on_commit_callbacks
    )
    assert [n.rsplit("/", 1)[1] for n in archive.namelist()] == [
        "01 - The Loops - Dawn.ogg",
        "02 - The Loops - Owl_ hoot_.ogg",
        "03 - The Loops - Noon.ogg",
        "LICENSES.txt",
    ]
    last = playlist.items.in_order().last()
    playlist_services.move_item(last, by=listener, offset=-2)
    # The ready zip no longer matches: it is not served, a new one is built.
    assert (
        listener_client.get(f"/en/playlists/{playlist.pk}/zip/ogg/").status_code == 404
    )
    archive = download(
        listener_client, playlist, "ogg", django_capture_on_commit_callbacks
    )
    assert archive.namelist()[0] == "Walk/01 - The Loops - Noon.ogg"
    assert len(list(PlaylistArchive.objects.all())) == 1


def test_the_zip_is_built_by_the_worker_not_the_request(
    playlist, listener_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        listener_client.post(
            f"/en/playlists/{playlist.pk}/download/", {"format": "mp3"}
        )
    assert len(callbacks) == 1
    html = listener_client.get(f"/en/playlists/{playlist.pk}/download/mp3/").content
    assert b"being prepared" in html
    assert b'hx-trigger="every 2s"' in html
    assert (
        listener_client.get(f"/en/playlists/{playlist.pk}/zip/mp3/").status_code == 404
    )
    # Asking again while it is being prepared queues nothing more.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        listener_client.post(
            f"/en/playlists/{playlist.pk}/download/", {"format": "mp3"}
        )
    assert callbacks == []


def test_same_playlist_same_bytes(playlist):
    from jamhub.community.services.playlist_zips import request_playlist_zip

    archive = request_playlist_zip(playlist, fmt="mp3", by=playlist.owner)
    first = build_playlist_zip(archive.pk).sha256
    assert build_playlist_zip(archive.pk).sha256 == first


def test_hidden_album_tracks_are_left_out_of_the_zip(
    playlist, listener_client, django_capture_on_commit_callbacks
):
    night = playlist.items.in_order()[1].track.album
    night.status = "hidden"
    night.save(update_fields=["status"])
    archive = download(
        listener_client, playlist, "mp3", django_capture_on_commit_callbacks
    )
    assert archive.namelist() == ["Walk/01 - The Loops - Dawn.mp3", "Walk/LICENSES.txt"]
    assert "Owl" not in archive.read("Walk/LICENSES.txt").decode()


def test_private_playlist_zips_are_404_for_others(
    playlist, listener_client, other_client, django_capture_on_commit_callbacks
):
    download(listener_client, playlist, "mp3", django_capture_on_commit_callbacks)
    for url in (
        f"/en/playlists/{playlist.pk}/zip/mp3/",
        f"/en/playlists/{playlist.pk}/download/mp3/",
    ):
        assert other_client.get(url).status_code == 404
    response = other_client.post(
        f"/en/playlists/{playlist.pk}/download/", {"format": "mp3"}
    )
    assert response.status_code == 404
    assert Client().get(f"/en/playlists/{playlist.pk}/zip/mp3/").status_code == 302


def test_a_missing_file_fails_the_zip_and_the_page_offers_to_try_again(
    playlist, listener_client, django_capture_on_commit_callbacks, settings
):
    from pathlib import Path

    rendition = playlist.items.in_order()[0].track.renditions.get(format="mp3")
    (Path(settings.MEDIA_ROOT) / rendition.path).unlink()
    with django_capture_on_commit_callbacks(execute=True):
        listener_client.post(
            f"/en/playlists/{playlist.pk}/download/", {"format": "mp3"}
        )
    assert PlaylistArchive.objects.get().status == "failed"
    html = listener_client.get(f"/en/playlists/{playlist.pk}/download/mp3/").content
    assert b"could not be made" in html
    assert b"every 2s" not in html
    assert b"Prepare the zip" in html


def test_the_zip_page_speaks_french(
    playlist, listener_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        listener_client.post(
            f"/fr/playlists/{playlist.pk}/download/", {"format": "mp3"}
        )
    html = listener_client.get(f"/fr/playlists/{playlist.pk}/download/mp3/").content
    assert "Votre zip est en préparation" in html.decode()


def test_others_may_download_a_public_playlist(
    playlist, other_client, django_capture_on_commit_callbacks
):
    playlist.is_public = True
    playlist.save()
    archive = download(
        other_client, playlist, "mp3", django_capture_on_commit_callbacks
    )
    assert "Walk/LICENSES.txt" in archive.namelist()
