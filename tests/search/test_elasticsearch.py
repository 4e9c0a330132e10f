"""The Elasticsearch backend: mappings and query bodies as contracts, and the real
client against a loopback stub of the REST protocol (indexing, alias swap, search,
suggestions)."""

import pytest

from search import services
from search.backends import _backend, get_backend
from search.backends.elasticsearch import index_body
from search.es_queries import album_search_body
from search.query import FacetName, SearchQuery, Sort, SuggestionKind
from tests.search.es_stub import StubServer


@pytest.fixture
def stub(settings, db):
    with StubServer() as state:
        settings.ELASTICSEARCH_URL = state.url
        settings.SEARCH_INDEX_PREFIX = "jamhub"
        _backend.cache_clear()
        yield state
    _backend.cache_clear()


def test_album_mapping_folds_accents_and_has_facet_fields():
    body = index_body("albums")
    analysis = body["settings"]["analysis"]
    properties = body["mappings"]["properties"]

    assert "asciifolding" in analysis["analyzer"]["jamhub_folding"]["filter"]
    assert "jamhub_french_elision" in analysis["analyzer"]["jamhub_french"]["filter"]
    assert analysis["filter"]["jamhub_edge_ngram"]["type"] == "edge_ngram"
    assert analysis["filter"]["jamhub_french_stemmer"]["language"] == "light_french"
    assert properties["title"]["analyzer"] == "jamhub_folding"
    assert properties["title"]["fields"]["suggest"] == {
        "type": "text",
        "analyzer": "jamhub_edge_ngrams",
        "search_analyzer": "jamhub_folding",
    }
    assert properties["title"]["fields"]["exact"]["normalizer"] == "jamhub_exact"
    assert set(properties["title"]["fields"]) == {"en", "fr", "suggest", "exact"}
    for keyword in ("tags", "tag_labels", "licence", "formats", "duration_bucket"):
        assert properties[keyword]["type"] == "keyword", keyword
    for flag in ("allows_commercial", "allows_remix", "lossless"):
        assert properties[flag]["type"] == "boolean", flag
    assert properties["year"]["type"] == "integer"
    assert properties["decade"]["type"] == "integer"
    assert properties["rating"]["type"] == "float"
    assert properties["popularity"]["type"] == "long"
    assert properties["published_at"]["type"] == "date"
    assert properties["slug"]["index"] is False


def test_artist_and_track_mappings_suggest_names_and_titles():
    artists = index_body("artists")["mappings"]["properties"]
    tracks = index_body("tracks")["mappings"]["properties"]

    assert "suggest" in artists["name"]["fields"]
    assert "suggest" in tracks["title"]["fields"]
    assert tracks["album_id"]["type"] == "integer"


def test_search_body_has_typos_filters_facets_highlights_and_paging():
    body = album_search_body(
        SearchQuery(
            text="melancolic piano",
            tags=("calm", "piano"),
            licences=("cc-by-4.0",),
            commercial=True,
            decades=(2010,),
            sort=Sort.POPULAR,
            page=3,
            per_page=20,
        )
    )
    query = body["query"]["bool"]
    text = query["must"][0]["bool"]
    fuzzy = text["must"][0]["bool"]["should"][1]["multi_match"]

    assert fuzzy["fuzziness"] == "AUTO"
    assert fuzzy["operator"] == "and"
    assert "title^6" in fuzzy["fields"]
    assert text["should"][0] == {
        "term": {"title.exact": {"value": "melancolic piano", "boost": 100}}
    }
    assert query["filter"] == [
        {"term": {"tags": "calm"}},
        {"term": {"tags": "piano"}},
        {"terms": {"licence": ["cc-by-4.0"]}},
        {"terms": {"decade": [2010]}},
        {"term": {"allows_commercial": True}},
    ]
    assert set(body["aggs"]) == {str(name) for name in FacetName}
    assert body["aggs"]["tag"] == {"terms": {"field": "tag_labels", "size": 30}}
    assert body["aggs"]["commercial"] == {
        "filter": {"term": {"allows_commercial": True}}
    }
    assert body["sort"] == [{"popularity": {"order": "desc"}}, {"album_id": "desc"}]
    assert (body["from"], body["size"], body["track_total_hits"]) == (40, 20, True)
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["highlight"]["encoder"] == "html"


def test_search_body_without_text_lists_newest_first():
    body = album_search_body(SearchQuery())

    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"][0] == {"published_at": {"order": "desc"}}
    assert "highlight" not in body


def test_rebuild_creates_indices_then_swaps_the_aliases_at_once(stub, make_album):
    make_album("Café Noir", tags=("calm",), licence="cc-by-nc-4.0", tracks=("a", "b"))
    make_album("Second")

    assert services.rebuild_index(progress=lambda step: None) == 2
    first = sorted(stub.aliases["jamhub-albums"])
    services.rebuild_index(progress=lambda step: None)
    second = sorted(stub.aliases["jamhub-albums"])

    assert len(first) == len(second) == 1
    assert first != second
    assert first[0] not in stub.indices  # the old index is gone
    swaps = stub.calls("POST", "/_aliases")
    assert len(swaps) == 2
    assert {"remove": {"index": first[0], "alias": "jamhub-albums"}} in swaps[1].body[
        "actions"
    ]
    assert {"add": {"index": second[0], "alias": "jamhub-albums"}} in swaps[1].body[
        "actions"
    ]
    created = stub.calls("PUT", r"/jamhub-albums-\d+")[-1].body
    assert "jamhub_folding" in created["settings"]["analysis"]["analyzer"]
    documents = {
        source["title"]: source for _id, source in stub.documents("jamhub-albums")
    }
    assert set(documents) == {"Café Noir", "Second"}
    cafe = documents["Café Noir"]
    assert cafe["tags"] == ["calm"]
    assert cafe["licence"] == "cc-by-nc-4.0"
    assert (cafe["allows_commercial"], cafe["allows_remix"]) == (False, True)
    assert cafe["formats"] == ["mp3", "ogg"]
    assert cafe["rating"] is None
    assert cafe["decade"] == 2020
    assert len(stub.documents("jamhub-tracks")) == 3
    assert [s["name"] for _i, s in stub.documents("jamhub-artists")] == ["Some Artist"]


def test_the_client_asks_for_compatibility_with_version_8(stub, make_album):
    make_album("Any")
    services.rebuild_index(progress=lambda step: None)

    accept = stub.requests[-1].headers.get("accept", "")
    assert "compatible-with=8" in accept


def _rainy_answer(index, body):
    return {
        "hits": {
            "total": {"value": 42, "relation": "eq"},
            "hits": [
                {
                    "_id": "1",
                    "_score": 3.2,
                    "_source": {
                        "album_id": 1,
                        "title": "Rainy Day",
                        "slug": "rainy-day",
                        "artist_name": "X",
                        "artist_slug": "x",
                        "licence": "cc-by-sa-4.0",
                        "year": 2020,
                        "tag_labels": ["melancholic Melancholic"],
                        "lossless": True,
                        "popularity": 5,
                    },
                    "highlight": {
                        "title": ["<mark>Rainy</mark> Day &lt;b&gt;"],
                        "description": ["a <script> <mark>rainy</mark>"],
                    },
                }
            ],
        },
        "aggregations": {
            "tag": {"buckets": [{"key": "melancholic Melancholic", "doc_count": 42}]},
            "licence": {"buckets": [{"key": "cc-by-sa-4.0", "doc_count": 40}]},
            "commercial": {"doc_count": 40},
            "remix": {"doc_count": 0},
            "lossless": {"doc_count": 7},
            "decade": {"buckets": [{"key": 2020, "doc_count": 42}]},
            "year": {"buckets": [{"key": 2020, "doc_count": 42}]},
            "duration": {"buckets": [{"key": "short", "doc_count": 42}]},
        },
    }


def test_search_results_facets_and_highlights_are_read(stub, make_album):
    make_album("Rainy Day", tags=("melancholic",))
    services.index_album(make_album("Grey", tags=("melancholic",)).pk)
    stub.search_answer = _rainy_answer

    results = services.search_catalogue(SearchQuery(text="rainy", commercial=True))

    sent = stub.calls("POST", "/jamhub-albums/_search")[-1].body
    assert {"term": {"allows_commercial": True}} in sent["query"]["bool"]["filter"]
    assert results.total == 42
    hit = results.hits[0]
    assert (hit.title, hit.lossless, hit.tags[0].name) == (
        "Rainy Day",
        True,
        "Melancholic",
    )
    assert hit.highlights["title"] == ["<mark>Rainy</mark> Day &lt;b&gt;"]
    assert hit.highlights["description"] == ["a &lt;script&gt; <mark>rainy</mark>"]
    assert [(v.value, v.label, v.count) for v in results.facets[FacetName.TAG]] == [
        ("melancholic", "Melancholic", 42)
    ]
    assert [(v.value, v.count) for v in results.facets[FacetName.COMMERCIAL]] == [
        ("yes", 40)
    ]
    assert results.facets[FacetName.REMIX] == []
    assert [v.value for v in results.facets[FacetName.DECADE]] == ["2020"]


def test_suggestions_ask_the_edge_ngram_fields(stub, make_album):
    make_album("Café Noir", artist="Cafeteria Band")
    services.rebuild_index(progress=lambda step: None)

    found = services.suggest("caf")

    bodies = [r.body for r in stub.calls("POST", r"/jamhub-\w+/_search")]
    assert bodies[0]["query"] == {
        "match": {"name.suggest": {"query": "caf", "operator": "and"}}
    }
    assert bodies[1]["query"] == {
        "match": {"title.suggest": {"query": "caf", "operator": "and"}}
    }
    assert [(s.kind, s.label) for s in found] == [
        (SuggestionKind.ARTIST, "Cafeteria Band"),
        (SuggestionKind.ALBUM, "Café Noir"),
    ]
    assert found[1].detail == "Cafeteria Band"


def test_removing_an_album_deletes_it_and_its_tracks(stub, make_album):
    album = make_album("Gone", tracks=("a", "b"))
    services.rebuild_index(progress=lambda step: None)

    services.remove_album(album.pk)

    assert stub.documents("jamhub-albums") == []
    assert stub.documents("jamhub-tracks") == []


def test_status_counts_the_aliased_indices(stub, make_album):
    make_album("One", tracks=("a", "b"))
    services.rebuild_index(progress=lambda step: None)

    status = get_backend().status()

    assert (status.albums, status.artists, status.tracks) == (1, 1, 2)
    assert status.backend == "elasticsearch"


def test_a_search_before_any_index_is_empty(stub):
    assert services.search_catalogue(SearchQuery(text="x")).total == 0
    assert services.suggest("abc") == []


def test_the_results_page_shows_highlights_safely(stub, client, make_album):
    make_album("Rainy Day")
    services.rebuild_index(progress=lambda step: None)
    stub.search_answer = _rainy_answer

    html = client.get("/en/search/", {"q": "rainy"}).content.decode()

    assert "<mark>Rainy</mark> Day &lt;b&gt;" in html
    assert "a &lt;script&gt; <mark>rainy</mark>" in html
    assert "<script> <mark>" not in html
    assert "42 albums" in html
