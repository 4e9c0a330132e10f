"""The query service's contract, the same on every backend (see the backend
fixture): ranking, accent folding, facets, filters, sorting, pagination and
suggestions."""

from search.query import FacetName, SearchQuery, Sort, SuggestionKind
from search.services import search_catalogue, suggest


def _titles(results):
    return [hit.title for hit in results.hits]


def _counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


def test_an_exact_title_ranks_first(make_album, index_catalogue):
    make_album("Night Drive", tracks=("Drive", "Drive Again"))
    make_album("Drive Home Tonight", description="drive drive drive")
    make_album("Drive")
    make_album("Unrelated")
    index_catalogue()

    results = search_catalogue(SearchQuery(text="drive"))

    assert results.total == 3
    assert _titles(results)[0] == "Drive"


def test_accents_are_folded_both_ways(make_album, index_catalogue):
    make_album("Café Noir", artist="Zoë et les Éléphants")
    make_album("Cafe Society")
    index_catalogue()

    assert set(_titles(search_catalogue(SearchQuery(text="Cafe")))) == {
        "Café Noir",
        "Cafe Society",
    }
    assert _titles(search_catalogue(SearchQuery(text="CAFÉ noir"))) == ["Café Noir"]
    assert _titles(search_catalogue(SearchQuery(text="elephants"))) == ["Café Noir"]


def test_words_are_found_in_artists_tags_and_tracks(make_album, index_catalogue):
    make_album("First", artist="The Loops")
    make_album("Second", tags=("ambient",))
    make_album("Third", tracks=("Loops of Ambient light",))
    index_catalogue()

    assert set(_titles(search_catalogue(SearchQuery(text="loops")))) == {
        "First",
        "Third",
    }
    assert set(_titles(search_catalogue(SearchQuery(text="ambient")))) == {
        "Second",
        "Third",
    }
    assert search_catalogue(SearchQuery(text="nothingmatcheszz")).total == 0


def test_facets_count_every_match(make_album, index_catalogue):
    make_album("Calm A", tags=("calm",), licence="cc-by-4.0", year=1995)
    make_album("Calm B", tags=("calm", "piano"), licence="cc-by-nc-4.0", year=2012)
    make_album(
        "Calm C",
        tags=("calm",),
        licence="cc0-1.0",
        year=2018,
        formats=("mp3", "ogg", "flac"),
        tracks=("a", "b", "c", "d", "e", "f", "g", "h"),
        track_seconds=400,
    )
    make_album("Loud", tags=("noise",), licence="cc-by-nd-4.0")
    index_catalogue()

    results = search_catalogue(SearchQuery(text="calm"))

    assert results.total == 3
    assert _counts(results, FacetName.TAG) == {"calm": 3, "piano": 1}
    assert _counts(results, FacetName.LICENCE) == {
        "cc-by-4.0": 1,
        "cc-by-nc-4.0": 1,
        "cc0-1.0": 1,
    }
    assert _counts(results, FacetName.COMMERCIAL) == {"yes": 2}
    assert _counts(results, FacetName.REMIX) == {"yes": 3}
    assert _counts(results, FacetName.DECADE) == {"1990": 1, "2010": 2}
    assert _counts(results, FacetName.YEAR) == {"1995": 1, "2012": 1, "2018": 1}
    assert _counts(results, FacetName.LOSSLESS) == {"yes": 1}
    assert _counts(results, FacetName.DURATION) == {"short": 2, "long": 1}
    tag_labels = {value.value: value.label for value in results.facets[FacetName.TAG]}
    assert tag_labels["piano"] == "piano"


def test_filters_combine(make_album, index_catalogue):
    make_album("Calm A", tags=("calm",), licence="cc-by-4.0", year=1995)
    make_album("Calm B", tags=("calm", "piano"), licence="cc-by-nc-4.0", year=2012)
    make_album("Calm C", tags=("calm",), licence="cc0-1.0", year=2018)
    make_album("Piano D", tags=("piano",), licence="cc-by-sa-4.0", year=2019)
    index_catalogue()

    commercial = search_catalogue(SearchQuery(tags=("calm",), commercial=True))
    recent = search_catalogue(
        SearchQuery(tags=("calm",), commercial=True, decades=(2010,))
    )
    two_tags = search_catalogue(SearchQuery(tags=("calm", "piano")))
    licences = search_catalogue(SearchQuery(licences=("cc0-1.0", "cc-by-sa-4.0")))

    assert set(_titles(commercial)) == {"Calm A", "Calm C"}
    assert _counts(commercial, FacetName.TAG) == {"calm": 2}
    assert _titles(recent) == ["Calm C"]
    assert _titles(two_tags) == ["Calm B"]
    assert set(_titles(licences)) == {"Calm C", "Piano D"}


def test_a_mood_search_filtered_to_commercial_use(make_album, index_catalogue):
    make_album("Rainy Day", tags=("melancholic",), licence="cc-by-sa-4.0")
    make_album("Grey Morning", tags=("melancholic",), licence="free-art-1.3")
    make_album("Last Letter", tags=("melancholic",), licence="cc-by-nc-sa-4.0")
    make_album("Sunny", tags=("happy",), licence="cc-by-4.0")
    index_catalogue()

    results = search_catalogue(SearchQuery(text="melancholic", commercial=True))

    assert set(_titles(results)) == {"Rainy Day", "Grey Morning"}
    assert results.total == 2
    assert _counts(results, FacetName.LICENCE) == {
        "cc-by-sa-4.0": 1,
        "free-art-1.3": 1,
    }


def test_pagination_is_stable_and_complete(make_album, index_catalogue):
    for n in range(25):
        make_album(f"Echo {n}", published_days_ago=3)  # same date: ties everywhere
    index_catalogue()

    for sort in Sort:
        pages = [
            _titles(
                search_catalogue(
                    SearchQuery(text="echo", sort=sort, page=page, per_page=10)
                )
            )
            for page in (1, 2, 3)
        ]
        again = _titles(
            search_catalogue(SearchQuery(text="echo", sort=sort, page=2, per_page=10))
        )
        flat = [title for page in pages for title in page]
        assert [len(page) for page in pages] == [10, 10, 5]
        assert len(set(flat)) == 25
        assert again == pages[1]
    beyond = search_catalogue(SearchQuery(text="echo", page=9, per_page=10))
    assert beyond.total == 25
    assert beyond.hits == []


def test_sorts_by_newest_and_without_text(make_album, index_catalogue):
    make_album("Old", published_days_ago=30)
    make_album("New", published_days_ago=1)
    make_album("Middle", published_days_ago=10)
    index_catalogue()

    assert _titles(search_catalogue(SearchQuery())) == ["New", "Middle", "Old"]
    assert _titles(search_catalogue(SearchQuery(sort=Sort.NEWEST))) == [
        "New",
        "Middle",
        "Old",
    ]


def test_suggestions_start_with_three_letters(make_album, index_catalogue):
    make_album("Café Noir", artist="The Loops")
    make_album("Caffeine Dreams", artist="Nobody")
    make_album("Black Coffee", artist="Cafeteria Band")
    index_catalogue()

    found = suggest("caf")
    artists = [s.label for s in found if s.kind == SuggestionKind.ARTIST]
    albums = [s.label for s in found if s.kind == SuggestionKind.ALBUM]

    assert artists == ["Cafeteria Band"]
    assert set(albums) == {"Café Noir", "Caffeine Dreams"}
    assert [s.label for s in suggest("loo")] == ["The Loops"]
    assert suggest("   ") == []
    album = next(s for s in found if s.label == "Café Noir")
    assert album.detail == "The Loops"


def test_suggestions_are_the_most_popular_matches(make_album, index_catalogue):
    import datetime

    from jamhub.catalog.models import DownloadEvent, TrackPlay

    albums = [make_album(f"Cafe {n}") for n in range(7)]
    make_album("Other")
    for day in range(3):
        TrackPlay.objects.create(
            track=albums[0].tracks.first(),
            listener_key=f"listener-{day}",
            day=datetime.date(2026, 1, 1 + day),
        )
    DownloadEvent.objects.create(album=albums[3], format="mp3", listener_key="k")
    index_catalogue()

    found = [s.label for s in suggest("caf") if s.kind == SuggestionKind.ALBUM]

    # Popularity (plays, downloads, completions) first, then the newest id.
    assert found == ["Cafe 0", "Cafe 3", "Cafe 6", "Cafe 5", "Cafe 4"]
    popular = search_catalogue(SearchQuery(text="cafe", sort=Sort.POPULAR))
    assert [hit.title for hit in popular.hits][:2] == ["Cafe 0", "Cafe 3"]
    assert popular.hits[0].popularity == 3


def test_artists_tracks_and_tags_are_found_by_their_own_names(
    make_album, index_catalogue
):
    from search.services import search_sections

    make_album(
        "Blue Hour",
        artist="Marimba Collective",
        tags=("lofi", "dark ambient"),
        tracks=("Glass Harbour", "Tide"),
    )
    make_album("Harbour Lights", artist="Other Band", tags=("ambient",))
    make_album("Third", artist="Marimba", tags=("ambient",))
    index_catalogue()

    artists = search_sections("marimba").artists
    tracks = search_sections("HARBOUR glass").tracks
    tags = search_sections("ambient").tags

    assert [a.name for a in artists] == ["Marimba", "Marimba Collective"]
    assert [a.album_count for a in artists] == [1, 1]
    assert [t.title for t in tracks] == ["Glass Harbour"]
    assert (tracks[0].album_title, tracks[0].artist_name) == (
        "Blue Hour",
        "Marimba Collective",
    )
    assert tracks[0].stream.endswith("/1.mp3")
    # The exact name first, then by number of albums.
    assert [(t.slug, t.album_count) for t in tags] == [
        ("ambient", 2),
        ("dark-ambient", 1),
    ]
    assert not search_sections("amb")
    assert not search_sections('" * (')


def test_tag_filters_ignore_case_and_match_names(make_album, index_catalogue):
    make_album("Hip", tags=("Hip Hop",))
    make_album("Calm", tags=("ambient",))
    index_catalogue()

    assert _titles(search_catalogue(SearchQuery(tags=("AMBIENT",)))) == ["Calm"]
    assert _titles(search_catalogue(SearchQuery(tags=("hip hop",)))) == ["Hip"]
    assert _titles(search_catalogue(SearchQuery(tags=("hip-hop",)))) == ["Hip"]


def test_suggestions_include_tracks_and_tags(make_album, index_catalogue):
    make_album("Blue Hour", tags=("lofi",), tracks=("Lost Harbour",))
    index_catalogue()

    found = [(s.kind, s.label) for s in suggest("lo")]
    tags = suggest("lof")

    assert (SuggestionKind.TRACK, "Lost Harbour") in found
    assert (SuggestionKind.TAG, "lofi") in found
    assert [(s.kind, s.slug, s.count) for s in tags] == [
        (SuggestionKind.TAG, "lofi", 1)
    ]


def test_text_without_a_word_finds_nothing(make_album, index_catalogue):
    make_album("Anything")
    index_catalogue()

    assert search_catalogue(SearchQuery(text='" * ( 🌊')).total == 0
    assert search_catalogue(SearchQuery()).total == 1
