"""The search page and the header box's suggestions, through HTTP, in both
languages."""

import pytest


@pytest.fixture
def catalogue(make_album, index_catalogue):
    make_album(
        "Rainy Day", artist="The Loops", tags=("melancholic",), licence="cc-by-sa-4.0"
    )
    make_album("Grey Morning", tags=("melancholic",), licence="free-art-1.3", year=1998)
    make_album("Last Letter", tags=("melancholic",), licence="cc-by-nc-sa-4.0")
    make_album("Sunny", tags=("happy",), licence="cc-by-4.0")
    index_catalogue()


def test_header_box_leads_to_catalogue_search_with_suggestions(client, db):
    html = client.get("/en/albums/").content.decode()

    assert 'action="/en/search/"' in html
    assert 'data-suggest-url="/en/search/suggest/"' in html
    assert 'role="combobox"' in html
    assert 'aria-controls="header-search-suggestions"' in html
    assert "search/autocomplete.js" in html


def test_three_letters_suggest_artists_and_albums(client, catalogue):
    data = client.get("/en/search/suggest/", {"q": "loo"}).json()
    albums = client.get("/fr/search/suggest/", {"q": "rai"}).json()

    assert data["suggestions"] == [
        {
            "kind": "artist",
            "kind_label": "Artist",
            "label": "The Loops",
            "detail": "",
            "url": data["suggestions"][0]["url"],
        }
    ]
    assert data["suggestions"][0]["url"].startswith("/en/artists/artist-")
    assert [s["label"] for s in albums["suggestions"]] == ["Rainy Day"]
    assert albums["suggestions"][0]["url"].startswith("/fr/artists/")
    assert client.get("/en/search/suggest/", {"q": "l"}).json()["suggestions"] == []


def test_mood_search_filtered_to_commercial_use_lists_the_right_albums(
    client, catalogue
):
    response = client.get("/en/search/", {"q": "melancholic", "commercial": "yes"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "2 albums" in html
    assert "Rainy Day" in html
    assert "Grey Morning" in html
    assert "Last Letter" not in html
    assert "Sunny" not in html
    assert 'aria-checked="true"' in html  # the commercial filter is shown on
    assert "Allows commercial use" in html


def test_facets_show_counts_and_links_that_toggle_them(client, catalogue):
    html = client.get("/en/search/", {"q": "melancholic"}).content.decode()

    assert "3 albums" in html
    assert 'href="?q=melancholic&amp;commercial=yes"' in html
    assert 'href="?q=melancholic&amp;licence=free-art-1.3"' in html
    assert "Free Art 1.3" in html
    assert "The 1990s" in html


def test_the_french_page_speaks_french(client, catalogue):
    html = client.get("/fr/search/", {"q": "melancholic"}).content.decode()

    assert "3 albums" in html
    assert "Autorise l’usage commercial" in html
    assert "Les années 1990" in html
    assert "Affiner les résultats" in html


def test_an_empty_result_offers_help(client, catalogue):
    html = client.get("/en/search/", {"q": "zzzz", "tag": "happy"}).content.decode()

    assert "Nothing matches “zzzz”" in html
    assert "Search again without the filters." in html
    assert "0 albums" in html


def test_filters_alone_list_albums_and_pages_keep_the_filters(
    client, make_album, index_catalogue
):
    for n in range(25):
        make_album(f"Piece {n}", tags=("piano",))
    index_catalogue()

    first = client.get("/en/search/", {"tag": "piano"}).content.decode()
    second = client.get("/en/search/", {"tag": "piano", "page": "2"}).content.decode()

    assert "25 albums" in first
    assert 'href="?tag=piano&amp;page=2"' in first
    assert "Page 2 of 2" in second
    assert second.count('class="search-hit"') == 5


def test_bad_parameters_are_ignored(client, catalogue):
    response = client.get(
        "/en/search/", {"q": "rainy", "page": "x", "sort": "nope", "year": "abc"}
    )

    assert response.status_code == 200
    assert "Rainy Day" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "²"},
        {"year": "²"},
        {"year": "99999999999999999999"},
        {"decade": "99999999999999999999"},
        {"page": "99999999999999999999"},
    ],
)
def test_odd_numbers_are_ignored_not_an_error(client, catalogue, params):
    response = client.get("/en/search/", {"q": "rainy", **params})

    assert response.status_code == 200
    assert "Rainy Day" in response.content.decode()


def test_editorial_pages_are_a_secondary_section(demo_site, client, catalogue):
    html = client.get("/en/search/", {"q": "bandwidth"}).content.decode()

    assert "Pages and articles" in html
    assert "About JamHub" in html
