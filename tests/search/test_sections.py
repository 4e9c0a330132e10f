"""Search searches what it says: artists, tracks and tags are result sections of
their own (a track plays from its row), tag filters ignore case and suggest
existing tags, listeners' tags count, and the header box suggests all four kinds."""

import json
import re

import pytest

from jamhub.community.services.tags import tag_object
from tests.factories import UserFactory


@pytest.fixture
def catalogue(make_album, index_catalogue):
    make_album(
        "Blue Hour",
        artist="Marimba Collective",
        tags=("lofi",),
        tracks=("Glass Harbour", "Tide"),
    )
    make_album("Hip Hop Night", artist="Other Band", tags=("Hip Hop", "ambient"))
    make_album("Quiet Rooms", artist="Third Band", tags=("ambient",))
    index_catalogue()


def _section(html: str, title_id: str) -> str:
    """The HTML of the results section headed by the element with id title_id."""
    assert f'id="{title_id}"' in html, title_id
    return html.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0]


def test_an_artist_is_found_by_name_in_its_own_section(client, catalogue):
    html = client.get("/en/search/", {"q": "marimba"}).content.decode()

    artists = _section(html, "search-artists-title")
    assert "Marimba Collective" in artists
    assert re.search(r'href="/en/artists/artist-[0-9a-f]+/"', artists)
    assert "1 album" in artists


def test_a_track_is_found_by_name_in_its_own_section_with_a_play_button(
    client, catalogue
):
    html = client.get("/en/search/", {"q": "glass harbour"}).content.decode()

    tracks = _section(html, "search-tracks-title")
    assert "Glass Harbour" in tracks
    assert "Blue Hour" in tracks
    assert 'data-play-index="0"' in tracks
    queue = json.loads(
        re.search(
            r'<script id="player-queue" type="application/json">(.*?)</script>',
            tracks,
            re.S,
        ).group(1)
    )
    assert [entry["title"] for entry in queue] == ["Glass Harbour"]
    assert queue[0]["url"].endswith("/1.mp3")
    assert "/tracks/" in queue[0]["page"]


def test_a_tag_is_found_by_name_in_its_own_section(client, catalogue):
    html = client.get("/en/search/", {"q": "LoFi"}).content.decode()

    tags = _section(html, "search-tags-title")
    assert "lofi" in tags
    assert 'href="/en/search/?tag=lofi"' in tags
    assert "1 album" in tags


def test_a_name_search_without_matching_albums_still_shows_the_sections(
    client, catalogue
):
    html = client.get("/en/search/", {"q": "tide"}).content.decode()

    assert "Nothing matches" not in html
    assert "Tide" in _section(html, "search-tracks-title")


def test_the_tag_filter_ignores_case(client, catalogue):
    lower = client.get("/en/search/", {"tag": "ambient"}).content.decode()
    upper = client.get("/en/search/", {"tag": "Ambient"}).content.decode()
    name = client.get("/en/search/", {"tag": "HIP HOP"}).content.decode()

    for html in (lower, upper):
        assert "2 albums" in html
        assert "Quiet Rooms" in html
        assert "Hip Hop Night" in html
    # The filter is shown on, and its link turns it off whatever the case typed.
    assert 'href="?" role="checkbox" aria-checked="true"' in upper
    assert "1 album" in name
    assert "Hip Hop Night" in name


def test_the_tag_filter_field_suggests_existing_tags(client, catalogue):
    html = client.get("/en/search/", {"q": "night"}).content.decode()
    found = client.get("/en/search/suggest/tags/", {"q": "AMB"}).json()

    assert 'list="search-tag-options"' in html
    assert 'data-tag-suggest-url="/en/search/suggest/tags/"' in html
    assert '<option value="ambient">' in html
    assert found["tags"] == [{"slug": "ambient", "name": "ambient", "count": 2}]


def test_listeners_tags_are_searched_and_filtered(
    client, make_album, index_catalogue, django_capture_on_commit_callbacks
):
    album = make_album("Dune Sea", tracks=("Sand",))
    index_catalogue()
    listener = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        tag_object(album.tracks.get(), by=listener, names=["desert blues"])

    html = client.get("/en/search/", {"q": "desert"}).content.decode()
    filtered = client.get("/en/search/", {"tag": "Desert Blues"}).content.decode()
    assert "desert blues" in _section(html, "search-tags-title")
    assert "Dune Sea" in html
    assert "1 album" in filtered
    assert "Dune Sea" in filtered


def test_the_header_box_suggests_artists_albums_tracks_and_tags(client, catalogue):
    def suggestions(text):
        return client.get("/en/search/suggest/", {"q": text}).json()["suggestions"]

    artist = suggestions("marim")
    track = suggestions("glass")
    tag = suggestions("lof")

    assert [(s["kind"], s["label"]) for s in artist] == [
        ("artist", "Marimba Collective")
    ]
    assert artist[0]["kind_label"] == "Artist"
    assert [(s["kind"], s["label"], s["detail"]) for s in track] == [
        ("track", "Glass Harbour", "Marimba Collective")
    ]
    assert track[0]["kind_label"] == "Track"
    assert "/tracks/" in track[0]["url"]
    assert track[0]["play"]["title"] == "Glass Harbour"
    assert track[0]["play"]["url"].endswith("/1.mp3")
    assert [(s["kind"], s["label"], s["url"]) for s in tag] == [
        ("tag", "lofi", "/en/search/?tag=lofi")
    ]
    assert tag[0]["detail"] == "1 album"
