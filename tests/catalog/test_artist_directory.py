"""The artists directory: published artists only, A to Z, by letter and by name."""

import datetime

import pytest
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.views.artists import ARTISTS_PER_PAGE


@pytest.fixture
def make_artist(owner):
    def make(name: str, *, published: int = 1, drafts: int = 0):
        artist = album_services.create_artist(name=name, by=owner)
        for number in range(published + drafts):
            album = album_services.create_album(
                artist,
                title=f"{name} {number}",
                licence="cc-by-4.0",
                by=owner,
                release_date=datetime.date(2024, 1, 1),
            )
            if number < published:
                Album.objects.filter(pk=album.pk).update(
                    status=AlbumStatus.PUBLISHED, published_at=timezone.now()
                )
        return artist

    return make


def _names(response) -> list[str]:
    return [artist.name for artist in response.context["artists"]]


def test_the_directory_lists_published_artists_a_to_z_with_their_album_count(
    client, make_artist
):
    make_artist("zephyr", published=2, drafts=1)
    make_artist("Ambre")
    make_artist("Nobody Yet", published=0, drafts=2)
    make_artist("émile")

    response = client.get("/en/artists/")

    html = response.content.decode()
    assert response.status_code == 200
    # Case does not change the order (where "é" sorts is the database's collation).
    assert _names(response)[:2] == ["Ambre", "zephyr"]
    assert "émile" in _names(response)
    assert "Nobody Yet" not in html
    assert "2 albums" in html
    assert "1 album<" in html or "1 album " in html
    assert 'href="/en/artists/zephyr/"' in html


def test_the_directory_jumps_to_a_letter_and_finds_a_name(client, make_artist):
    for name in ("Ambre", "Aurora", "Bellows", "42 Loops"):
        make_artist(name)

    assert _names(client.get("/en/artists/", {"letter": "a"})) == ["Ambre", "Aurora"]
    assert _names(client.get("/en/artists/", {"letter": "#"})) == ["42 Loops"]
    assert _names(client.get("/en/artists/", {"q": "ELLO"})) == ["Bellows"]
    assert len(_names(client.get("/en/artists/", {"letter": "<script>"}))) == 4


def test_the_directory_is_paginated(client, make_artist):
    for number in range(ARTISTS_PER_PAGE + 2):
        make_artist(f"Band {number:03d}")

    first = client.get("/en/artists/")
    second = client.get("/en/artists/", {"page": 2})

    assert len(_names(first)) == ARTISTS_PER_PAGE
    assert _names(second) == [
        f"Band {ARTISTS_PER_PAGE:03d}",
        f"Band {ARTISTS_PER_PAGE + 1:03d}",
    ]
    assert 'rel="next"' in first.content.decode()


def test_the_header_links_to_artists_and_tags(client, db):
    html = client.get("/en/artists/").content.decode()

    assert 'href="/en/artists/" aria-current="page"' in html
    assert 'href="/en/tags/"' in html


def test_a_nul_or_control_character_in_the_name_filter_is_dropped(db, client):
    """PostgreSQL refuses a NUL in any string: it must never reach the query."""
    response = client.get("/en/artists/", {"q": "Ba\x00sse\x07"})
    assert response.status_code == 200
