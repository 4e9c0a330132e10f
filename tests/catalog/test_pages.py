"""Listener pages, the player's queue, play and download counting, and media files
with Range."""

import datetime
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import Client

from jamhub.catalog.models import Album, AlbumStatus, DownloadEvent, Track, TrackPlay
from jamhub.catalog.services import albums as album_services
from tests.factories import UserFactory

ALBUM_URL = "/en/artists/the-loops/first-light/"
SUMMARY = (
    "Anyone may share and remix this music for any purpose, even commercially, as "
    "long as they credit the artist and share their remixes under the same licence."
)


def card_titles(response) -> list[str]:
    return re.findall(
        r'<span class="album-card__title">([^<]*)</span>', response.content.decode()
    )


def player_queue(response) -> list[dict]:
    match = re.search(
        r'<script id="player-queue" type="application/json">(.*?)</script>',
        response.content.decode(),
        flags=re.DOTALL,
    )
    assert match, "no player queue on the page"
    return json.loads(match.group(1))


def media_file(url: str) -> Path:
    return Path(settings.MEDIA_ROOT) / unquote(url.removeprefix(settings.MEDIA_URL))


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def play(client: Client, track_id: int, seconds: float):
    return client.post(
        "/api/plays/",
        json.dumps({"track": track_id, "seconds": seconds}),
        content_type="application/json",
    )


@pytest.fixture
def make_album(artist, owner):
    """An album in a given state, without files: for lists and counters."""

    def make(title, *, licence="cc-by-4.0", year=2024, status="published"):
        album = album_services.create_album(
            artist,
            title=title,
            licence=licence,
            by=owner,
            release_date=datetime.date(year, 3, 1),
        )
        Album.objects.filter(pk=album.pk).update(
            status=status,
            published_at=datetime.datetime(year, 3, 1, tzinfo=datetime.UTC)
            if status == "published"
            else None,
        )
        return Album.objects.get(pk=album.pk)

    return make


def test_the_album_list_shows_published_albums_only_and_filters_them(
    make_album, client
):
    # given
    make_album("Alpha", licence="cc-by-4.0", year=2023).tags.add("ambient")
    make_album("Beta", licence="cc-by-sa-4.0", year=2024)
    make_album("Gamma", licence="cc-by-nc-4.0", year=2024).tags.add("ambient")
    for status in ("draft", "processing", "pending_review", "rejected", "hidden"):
        make_album(f"Not {status}", status=status).tags.add("ambient")

    # then
    # newest first; Gamma was published after Beta the same day
    assert card_titles(client.get("/en/albums/")) == ["Gamma", "Beta", "Alpha"]
    assert card_titles(client.get("/en/albums/?licence=cc-by-4.0")) == ["Alpha"]
    assert card_titles(client.get("/en/albums/?licence=cc-by-sa-4.0")) == ["Beta"]
    assert card_titles(client.get("/en/albums/?tag=ambient")) == ["Gamma", "Alpha"]
    assert card_titles(client.get("/en/albums/?year=2023")) == ["Alpha"]
    assert card_titles(client.get("/en/albums/?year=2024&tag=ambient")) == ["Gamma"]
    empty = client.get("/en/albums/?licence=cc0-1.0")
    assert card_titles(empty) == []
    assert "No album matches these filters yet." in empty.content.decode()


def test_the_album_page_shows_licence_tracks_downloads_and_player_queue(
    published_album, client
):
    # when
    response = client.get(ALBUM_URL)

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">'
        "CC BY-SA 4.0</a>" in page
    )
    assert f'<p class="licence__summary">{SUMMARY}</p>' in page
    assert "Read the Creative Commons Attribution-ShareAlike 4.0 International" in page
    titles = re.findall(r'class="tracklist__title" href="[^"]+">([^<]+)</a>', page)
    assert titles == ["Dawn", "Dusk"]
    assert re.findall(r'<span class="tracklist__duration">([^<]*)</span>', page) == [
        "0:02",
        "0:02",
    ]
    downloads = re.findall(
        r'href="(/en/artists/the-loops/first-light/download/\w+/)"', page
    )
    assert downloads == [
        f"{ALBUM_URL}download/{fmt}/" for fmt in ("mp3", "ogg", "flac")
    ]
    queue = player_queue(response)
    assert [entry["title"] for entry in queue] == ["Dawn", "Dusk"]
    for entry in queue:
        assert entry["url"].startswith(f"/media/albums/{published_album.pk}/")
        assert entry["url"].endswith(".mp3")
        assert entry["artist"] == "The Loops"
        assert entry["duration"] == pytest.approx(2.0, abs=0.1)
    first = queue[0]
    assert unquote(first["url"]) == (
        f"/media/albums/{published_album.pk}/The Loops - First Light (2024) [MP3]/"
        "01 - Dawn.mp3"
    )
    stream = client.get(first["url"])
    assert stream.status_code == 200
    assert stream["Content-Type"] == "audio/mpeg"
    assert body(stream) == media_file(first["url"]).read_bytes()


def test_the_artist_page_lists_published_albums_and_members(
    waiting_album, make_album, artist, owner, moderator, client
):
    # given one published album, one draft, and a second member
    album_services.approve_album(waiting_album, by=moderator)
    make_album("Unfinished", status="draft")
    member = UserFactory(display_name="Bassist Bea")
    album_services.add_member(artist, user=member, role="member", by=owner)

    # when
    response = client.get("/en/artists/the-loops/")

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert card_titles(response) == ["First Light"]
    assert "Unfinished" not in page
    assert "<h1>The Loops</h1>" in page
    assert "Lyon" in page
    assert "Zoë Owner" in page
    assert "Bassist Bea" in page
    assert f'href="/en/accounts/people/{member.public_id}/"' in page


def test_the_track_page_shows_the_track_and_queues_it_alone(unicode_album, client):
    # given
    track = unicode_album.tracks.get()
    album_url = "/en/artists/the-loops/ete-a-montreal/"

    # when
    response = client.get(f"{album_url}tracks/{track.pk}/")

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Chaleur</h1>" in page
    assert "· 0:02</p>" in page
    assert f'href="{album_url}">Été à Montréal</a>' in page
    assert "CC BY 4.0" in page
    queue = player_queue(response)
    assert [entry["id"] for entry in queue] == [track.pk]
    assert unquote(queue[0]["url"]) == (
        f"/media/albums/{unicode_album.pk}/The Loops - Été à Montréal (2025) [MP3]/"
        "01 - Chaleur.mp3"
    )
    # the track is not found under another album's address
    assert client.get(f"{ALBUM_URL}tracks/{track.pk}/").status_code == 404


def test_a_play_counts_after_30_seconds_once_per_listener_and_day(
    waiting_album, moderator, client
):
    # given: a track of more than a minute (shorter ones count after half)
    album_services.approve_album(waiting_album, by=moderator)
    track = waiting_album.tracks.get()
    Track.objects.filter(pk=track.pk).update(duration=240.0)

    # when / then
    assert play(client, track.pk, 10).json() == {"counted": False}
    assert TrackPlay.objects.count() == 0
    assert play(client, track.pk, 31).json() == {"counted": True}
    assert play(client, track.pk, 200).json() == {"counted": False}
    assert TrackPlay.objects.count() == 1
    # another browser is another listener
    assert play(Client(), track.pk, 31).json() == {"counted": True}
    # a signed-in listener is counted under their account
    listener = UserFactory()
    signed_in = Client()
    signed_in.force_login(listener)
    assert play(signed_in, track.pk, 45).json() == {"counted": True}
    assert play(signed_in, track.pk, 45).json() == {"counted": False}
    assert TrackPlay.objects.count() == 3
    assert (
        TrackPlay.objects.filter(
            user=listener, listener_key=f"user:{listener.pk}"
        ).count()
        == 1
    )


def test_a_short_track_counts_after_half_its_length(waiting_album, moderator, client):
    # given: a 20-second track and a track whose length is unknown
    album_services.approve_album(waiting_album, by=moderator)
    track = waiting_album.tracks.get()
    Track.objects.filter(pk=track.pk).update(duration=20.0)

    # when / then: half of 20 s is enough, less is not
    assert play(client, track.pk, 9).json() == {"counted": False}
    assert play(client, track.pk, 10).json() == {"counted": True}
    Track.objects.filter(pk=track.pk).update(duration=None)
    assert play(Client(), track.pk, 29).json() == {"counted": False}
    assert play(Client(), track.pk, 30).json() == {"counted": True}
    # a report that is not a number of seconds never counts
    assert play(Client(), track.pk, "nan").json() != {"counted": True}
    assert TrackPlay.objects.count() == 2


def test_a_malformed_play_report_is_refused(waiting_album, moderator, client):
    # given
    album_services.approve_album(waiting_album, by=moderator)
    track = waiting_album.tracks.get()

    # when
    responses = [
        client.post("/api/plays/", "{}", content_type="application/json"),
        client.post("/api/plays/", "nonsense", content_type="text/plain"),
        play(client, track.pk, "thirty"),
    ]

    # then
    for response in responses:
        assert response.status_code == 400
        assert response.json() == {"error": "expected {track: id, seconds: number}"}
    assert TrackPlay.objects.count() == 0


def test_a_play_of_an_unpublished_track_is_not_found(waiting_album, client):
    # given
    track = waiting_album.tracks.get()

    # when
    response = play(client, track.pk, 60)

    # then
    assert response.status_code == 404
    assert response.json() == {"error": "no such track"}
    assert TrackPlay.objects.count() == 0


@pytest.fixture
def unicode_album(artist, owner, upload, audio_file, submit):
    """A trusted artist's album, published by the ingest, with an accented title."""
    artist.is_trusted = True
    artist.save(update_fields=["is_trusted"])
    album = album_services.create_album(
        artist,
        title="Été à Montréal",
        licence="cc-by-4.0",
        by=owner,
        release_date=datetime.date(2025, 7, 14),
    )
    assert upload(album, audio_file("1.mp3", title="Chaleur")).status_code == 200
    album = submit(album)
    assert album.status == AlbumStatus.PUBLISHED
    return album


def test_a_download_is_counted_then_redirected_to_the_zip(unicode_album, client):
    # when
    response = client.get(f"{unicode_album.get_absolute_url()}download/mp3/")

    # then
    assert response.status_code == 302
    archive = unicode_album.archives.get(format="mp3")
    assert unquote(response["Location"]) == f"/media/{archive.path}"
    assert archive.path == (
        f"zips/{unicode_album.pk}/The Loops - Été à Montréal (2025) [MP3].zip"
    )
    assert list(DownloadEvent.objects.values_list("album", "format")) == [
        (unicode_album.pk, "mp3")
    ]

    # when the browser fetches the zip, then resumes it
    whole = client.get(response["Location"])
    resumed = client.get(response["Location"], headers={"Range": "bytes=100-"})

    # then only the click on the download link counted
    assert whole.status_code == 200
    assert resumed.status_code == 206
    assert DownloadEvent.objects.count() == 1
    assert whole["Content-Type"] == "application/zip"
    assert whole["X-Content-Type-Options"] == "nosniff"
    assert whole["Content-Disposition"] == (
        'attachment; filename="The Loops - Ete a Montreal (2025) [MP3].zip"; '
        "filename*=UTF-8''The%20Loops%20-%20%C3%89t%C3%A9%20%C3%A0%20Montr%C3%A9al"
        "%20%282025%29%20%5BMP3%5D.zip"
    )
    zip_bytes = media_file(response["Location"]).read_bytes()
    assert body(whole) == zip_bytes
    assert body(resumed) == zip_bytes[100:]
    # a format the album does not have is not found, and not counted
    assert client.get(
        f"{unicode_album.get_absolute_url()}download/flac/"
    ).status_code == (404)
    assert DownloadEvent.objects.count() == 1


def test_renditions_are_served_with_range_requests(unicode_album, client):
    # given
    rendition = unicode_album.tracks.get().renditions.get(format="ogg")
    url = settings.MEDIA_URL + rendition.path
    data = (Path(settings.MEDIA_ROOT) / rendition.path).read_bytes()
    size = len(data)

    # when / then: one range
    partial = client.get(url, headers={"Range": "bytes=0-99"})
    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 0-99/{size}"
    assert partial["Content-Length"] == "100"
    assert partial["Content-Type"] == "audio/ogg"
    assert partial["X-Content-Type-Options"] == "nosniff"
    assert body(partial) == data[:100]
    # the last bytes
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206
    assert body(tail) == data[-10:]
    # beyond the end
    beyond = client.get(url, headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{size}"
    # HEAD: the headers of a GET, no body
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Length"] == str(size)
    assert head["Accept-Ranges"] == "bytes"
    assert head.content == b""
    # a published album's files may sit in shared caches
    assert head["Cache-Control"].startswith("public")


def test_an_anonymous_players_play_report_passes_the_csrf_check(
    waiting_album, moderator
):
    # given a visitor's browser on the album page (player.js sends the csrftoken
    # cookie back in X-CSRFToken)
    album_services.approve_album(waiting_album, by=moderator)
    track = waiting_album.tracks.get()
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(ALBUM_URL).status_code == 200
    cookie = browser.cookies.get(settings.CSRF_COOKIE_NAME)
    token = cookie.value if cookie else ""

    # when
    response = browser.post(
        "/api/plays/",
        json.dumps({"track": track.pk, "seconds": 31}),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    # then
    assert response.status_code == 200
    assert response.json() == {"counted": True}
