"""Small first-impression fixes: the album star says what it does, a rating without
words is one line, the history's dates read the same everywhere, and counts agree
with their nouns."""

import datetime

import pytest
from django.utils import timezone

from jamhub.community.models import Listening
from jamhub.community.services import history as history_services
from jamhub.community.services import playlists as playlist_services
from jamhub.community.services.playlists import PlaylistError
from tests.community.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _star_of(body: str, kind: str, pk: int) -> str:
    start = body.index(f'id="favourite-{kind}-{pk}"')
    return body[start : body.index("</form>", start)]


def test_the_album_star_has_words_and_a_stable_name(album, listener_client):
    star = _star_of(
        listener_client.get(album.get_absolute_url()).content.decode(),
        "album",
        album.pk,
    )
    assert 'aria-pressed="false"' in star
    assert "Add to favourites" in star  # visible words, not a lone ☆
    assert "Favourite: The Loops – First Light" in star  # the accessible name

    listener_client.post(f"/en/favourites/album/{album.pk}/")
    star = _star_of(
        listener_client.get(album.get_absolute_url()).content.decode(),
        "album",
        album.pk,
    )
    assert 'aria-pressed="true"' in star
    assert "In your favourites" in star
    assert "Favourite: The Loops – First Light" in star


def test_the_star_keeps_its_words_after_an_htmx_toggle(album, listener_client):
    response = listener_client.post(
        f"/en/favourites/album/{album.pk}/",
        {"labelled": "1", "next": album.get_absolute_url()},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'aria-pressed="true"' in html
    assert "In your favourites" in html


def test_a_rating_without_text_is_one_compact_line(album, client):
    rated = ReviewFactory(album=album, rating=4, body="")
    written = ReviewFactory(album=album, rating=5, body="Warm and slow.")
    body = client.get(album.get_absolute_url()).content.decode()

    compact = body[body.index(f'id="review-{rated.pk}"') :]
    compact = compact[: compact.index("</p>\n")]
    assert "rated it 4/5" in compact
    assert "review--rating-only" in body[: body.index(f'id="review-{rated.pk}"')]
    assert f'<article class="review" id="review-{rated.pk}"' not in body
    assert f'<article class="review" id="review-{written.pk}"' in body


def test_the_history_shows_an_unambiguous_date(listener, listener_client, track):
    history_services.set_history_kept(listener, keep=True)
    listening = Listening.objects.create(user=listener, track=track)
    when = datetime.datetime(2026, 12, 3, 14, 5, tzinfo=datetime.UTC)
    Listening.objects.filter(pk=listening.pk).update(played_at=when)
    with timezone.override("UTC"):
        english = listener_client.get("/en/history/").content.decode()
        french = listener_client.get("/fr/history/").content.decode()
    # The month in words, in the reader's language: no 12/03 to misread.
    assert "Dec. 3, 2026, 2:05 p.m." in english
    assert "12/03/2026" not in english
    assert "3 décembre 2026, 14:05" in french


def test_the_playlist_cap_message_agrees_with_its_number(
    monkeypatch, listener, album, make_track
):
    monkeypatch.setattr(playlist_services, "MAX_PLAYLIST_TRACKS", 1)
    playlist = playlist_services.create_playlist(by=listener, title="One")
    playlist_services.add_track(playlist, make_track(album, 1, "A"), by=listener)
    with pytest.raises(PlaylistError, match=r"at most 1 track\.$"):
        playlist_services.add_track(playlist, make_track(album, 2, "B"), by=listener)
