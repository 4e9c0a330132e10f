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
        {"terms": {"tag_keys": ["calm"]}},
        {"terms": {"tag_keys": ["piano"]}},
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
    if not index.endswith("-albums"):
        # The artists and tracks sections: nothing there.
        return {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
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
    assert bodies[2]["query"]["bool"]["must"] == [
        {"match": {"title.suggest": {"query": "caf", "operator": "and"}}}
    ]
    assert bodies[3]["query"] == {
        "match": {"tag_names.suggest": {"query": "caf", "operator": "and"}}
    }
    # The stub answers every search with the whole index: the track "One" too.
    assert [(s.kind, s.label) for s in found] == [
        (SuggestionKind.ARTIST, "Cafeteria Band"),
        (SuggestionKind.ALBUM, "Café Noir"),
        (SuggestionKind.TRACK, "One"),
    ]
    assert found[1].detail == "Cafeteria Band"
    assert found[2].track.stream.endswith("/1.mp3")


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


def test_tag_filters_match_slugs_or_names_whatever_the_case():
    body = album_search_body(SearchQuery(tags=("Hip Hop", "AMBIENT")))

    assert body["query"]["bool"]["filter"] == [
        {"terms": {"tag_keys": ["hip hop"]}},
        {"terms": {"tag_keys": ["ambient"]}},
    ]


def test_album_documents_carry_tag_keys_and_track_documents_what_plays():
    from search.documents import AlbumDocument, TrackDocument
    from search.records import AlbumRecord, TagRecord, TrackRecord

    track = TrackRecord(7, 1, 1, "Glass Harbour", 200.0, stream="a/b/1.mp3")
    record = AlbumRecord(
        album_id=1,
        title="Blue Hour",
        slug="blue-hour",
        artist_id=2,
        artist_name="Marimba Collective",
        artist_slug="marimba",
        description="",
        cover="covers/1.jpg",
        licence="cc-by-4.0",
        allows_commercial=True,
        allows_remix=True,
        release_year=2020,
        formats=("mp3",),
        duration=200.0,
        published_at=None,
        tags=(TagRecord("hip-hop", "Hip Hop"), TagRecord("lofi", "lofi")),
        tracks=(track,),
        popularity=5,
    )

    album = AlbumDocument.source(record, indexed_at="2026-01-01T00:00:00+00:00")
    source = TrackDocument.source(track, album=record)
    properties = index_body("tracks")["mappings"]["properties"]

    assert album["tag_keys"] == ["hip-hop", "hip hop", "lofi"]
    assert (source["stream"], source["album_slug"], source["artist_slug"]) == (
        "a/b/1.mp3",
        "blue-hour",
        "marimba",
    )
    assert (source["cover"], source["popularity"]) == ("covers/1.jpg", 5)
    assert properties["stream"]["index"] is False
    assert "exact" in properties["title"]["fields"]
    assert (
        "suggest"
        in index_body("albums")["mappings"]["properties"]["tag_names"]["fields"]
    )


def test_section_bodies_match_every_word_and_rank_the_exact_name_first():
    from search.es_queries import artists_body, tags_body, tracks_body

    artists = artists_body("Marimba", prefix=False, size=6)
    tracks = tracks_body("glass har", prefix=True, size=5)
    tags = tags_body("lofi", prefix=False)

    assert artists["query"]["bool"]["must"] == [
        {"match": {"name": {"query": "Marimba", "operator": "and"}}}
    ]
    assert artists["query"]["bool"]["should"] == [
        {"term": {"name.exact": {"value": "Marimba", "boost": 100}}}
    ]
    assert artists["size"] == 6
    assert tracks["query"]["bool"]["must"] == [
        {"match": {"title.suggest": {"query": "glass har", "operator": "and"}}}
    ]
    assert tracks["sort"][0] == "_score"
    assert tags["size"] == 0
    assert tags["aggs"]["tags"]["terms"]["field"] == "tag_labels"


def test_tags_are_read_from_the_buckets_whose_own_name_matches():
    from search.es_queries import read_tags
    from search.query import TagCount

    answer = {
        "aggregations": {
            "tags": {
                "buckets": [
                    {"key": "piano piano", "doc_count": 9},
                    {"key": "ambient-piano Ambient Piano", "doc_count": 3},
                    {"key": "ambient ambient", "doc_count": 2},
                    {"key": "dark-ambient Dark Ambient", "doc_count": 5},
                ]
            }
        }
    }

    assert read_tags(answer, "ambient", prefix=False, size=5) == [
        TagCount("ambient", "ambient", 2),
        TagCount("dark-ambient", "Dark Ambient", 5),
        TagCount("ambient-piano", "Ambient Piano", 3),
    ]
    assert read_tags(answer, "amb pia", prefix=True, size=5) == [
        TagCount("ambient-piano", "Ambient Piano", 3)
    ]
    assert read_tags(answer, "amb", prefix=False, size=5) == []
