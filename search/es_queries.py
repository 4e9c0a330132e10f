"""Elasticsearch request bodies for the query service, and reading the answers
back into the backend-neutral results. Pure: no client, no Django."""

import html
from typing import Any

from search.query import (
    FLAG_FACETS,
    TAG_FACET_SIZE,
    YES,
    AlbumHit,
    ArtistHit,
    FacetName,
    FacetValue,
    SearchQuery,
    SearchResults,
    Sort,
    Suggestion,
    SuggestionKind,
    TagCount,
    TagHit,
    TrackHit,
)
from search.text import (
    clean,
    normalise,
    query_terms,
    tag_keys,
    tokens,
    words_match,
)

Body = dict[str, Any]

TEXT_FIELDS = [
    "title^6",
    "title.en^3",
    "title.fr^3",
    "artist_name^4",
    "tag_names^3",
    "tracks^2",
    "tracks.en",
    "tracks.fr",
    "description",
    "description.en",
    "description.fr",
]
HIGHLIGHTED = ("title", "artist_name", "tracks", "description")
MARK, UNMARK = "<mark>", "</mark>"

_FLAG_FIELDS = {
    FacetName.COMMERCIAL: "allows_commercial",
    FacetName.REMIX: "allows_remix",
    FacetName.LOSSLESS: "lossless",
}
_TERMS_FIELDS = {
    FacetName.TAG: ("tag_labels", TAG_FACET_SIZE),
    FacetName.LICENCE: ("licence", 50),
    FacetName.DECADE: ("decade", 50),
    FacetName.YEAR: ("year", 200),
    FacetName.DURATION: ("duration_bucket", 10),
}
_SORTS: dict[Sort, list[Any]] = {
    Sort.RELEVANCE: [
        "_score",
        {"published_at": {"order": "desc"}},
        {"album_id": "desc"},
    ],
    Sort.NEWEST: [{"published_at": {"order": "desc"}}, {"album_id": "desc"}],
    Sort.RATING: [
        {"rating": {"order": "desc", "missing": "_last"}},
        {"album_id": "desc"},
    ],
    Sort.POPULAR: [{"popularity": {"order": "desc"}}, {"album_id": "desc"}],
}


def _text_query(text: str) -> Body:
    """Every word must match somewhere (across fields, or in one field with typos
    forgiven); an exact title, then the title as a phrase, rank first."""
    return {
        "bool": {
            "must": [
                {
                    "bool": {
                        "should": [
                            {
                                "multi_match": {
                                    "query": text,
                                    "fields": TEXT_FIELDS,
                                    "type": "cross_fields",
                                    "operator": "and",
                                }
                            },
                            {
                                "multi_match": {
                                    "query": text,
                                    "fields": TEXT_FIELDS,
                                    "type": "best_fields",
                                    "operator": "and",
                                    "fuzziness": "AUTO",
                                    "prefix_length": 1,
                                }
                            },
                        ],
                        "minimum_should_match": 1,
                    }
                }
            ],
            "should": [
                {"term": {"title.exact": {"value": text, "boost": 100}}},
                {"match_phrase": {"title": {"query": text, "boost": 10}}},
            ],
        }
    }


def filters(query: SearchQuery) -> list[Body]:
    # A slug or a folded name, whatever the case typed: ?tag=Ambient is ambient.
    clauses: list[Body] = [
        {"terms": {"tag_keys": list(keys)}}
        for keys in (tag_keys(value) for value in query.tags)
        if keys
    ]
    for field, values in (
        ("licence", tuple(clean(value, limit=100) for value in query.licences)),
        ("decade", query.decades),
        ("year", query.years),
        (
            "duration_bucket",
            tuple(clean(value, limit=100) for value in query.durations),
        ),
    ):
        if values:
            clauses.append({"terms": {field: list(values)}})
    for field, wanted in (
        ("allows_commercial", query.commercial),
        ("allows_remix", query.remix),
        ("lossless", query.lossless),
    ):
        if wanted:
            clauses.append({"term": {field: True}})
    return clauses


def aggregations() -> Body:
    aggs: Body = {
        str(name): {"terms": {"field": field, "size": size}}
        for name, (field, size) in _TERMS_FIELDS.items()
    }
    for name in FLAG_FACETS:
        aggs[str(name)] = {"filter": {"term": {_FLAG_FIELDS[name]: True}}}
    return aggs


def album_search_body(query: SearchQuery) -> Body:
    """The _search body of one results page with its facet counts."""
    text = clean(query.text)
    sort = query.sort
    if sort == Sort.RELEVANCE and not text:
        sort = Sort.NEWEST
    if not text:
        must: Body = {"match_all": {}}
    elif not tokens(text):
        # Only punctuation or symbols: no album, as on the database backend.
        must = {"match_none": {}}
    else:
        must = _text_query(text)
    body: Body = {
        "query": {
            "bool": {
                "must": [must],
                "filter": filters(query),
            }
        },
        "aggs": aggregations(),
        "sort": _SORTS[sort],
        "from": query.offset,
        "size": query.per_page,
        "track_total_hits": True,
        "_source": {"excludes": ["description", "tracks"]},
    }
    if text:
        body["highlight"] = {
            "encoder": "html",
            "pre_tags": [MARK],
            "post_tags": [UNMARK],
            "fields": {field: {"number_of_fragments": 2} for field in HIGHLIGHTED},
        }
    return body


def suggest_body(text: str, *, field: str, sort: str, size: int) -> Body:
    text = clean(text)
    return {
        "query": {"match": {f"{field}.suggest": {"query": text, "operator": "and"}}},
        "sort": ["_score", {sort: {"order": "desc"}}],
        "size": size,
    }


def _named_body(
    text: str, *, field: str, prefix: bool, sort: list[Any], size: int
) -> Body:
    """Every word in the field (or the start of a word, with prefix); the exact
    name first, as the database backend orders them."""
    text = clean(text)
    searched = f"{field}.suggest" if prefix else field
    return {
        "query": {
            "bool": {
                "must": [{"match": {searched: {"query": text, "operator": "and"}}}],
                "should": [{"term": {f"{field}.exact": {"value": text, "boost": 100}}}],
            }
        },
        "sort": ["_score", *sort],
        "size": size,
    }


def artists_body(text: str, *, prefix: bool, size: int) -> Body:
    return _named_body(
        text,
        field="name",
        prefix=prefix,
        sort=[{"album_count": {"order": "desc"}}, {"artist_id": "desc"}],
        size=size,
    )


def tracks_body(text: str, *, prefix: bool, size: int) -> Body:
    return _named_body(
        text,
        field="title",
        prefix=prefix,
        sort=[{"popularity": {"order": "desc"}}, {"track_id": "desc"}],
        size=size,
    )


# Buckets read before keeping those whose own name matches (see read_tags).
TAG_CANDIDATES = 200


def tags_body(text: str, *, prefix: bool) -> Body:
    """Albums with a tag holding the words, and their tags counted; read_tags keeps
    the tags whose own names hold every word."""
    field = "tag_names.suggest" if prefix else "tag_names"
    return {
        "size": 0,
        "query": {"match": {field: {"query": clean(text), "operator": "and"}}},
        "aggs": {"tags": {"terms": {"field": "tag_labels", "size": TAG_CANDIDATES}}},
    }


def _facet_values(name: FacetName, aggregation: Body) -> list[FacetValue]:
    if name in FLAG_FACETS:
        count = int(aggregation.get("doc_count", 0))
        return [FacetValue(YES, count)] if count else []
    values = []
    for bucket in aggregation.get("buckets", []):
        key = str(bucket.get("key_as_string", bucket["key"]))
        label = ""
        if name == FacetName.TAG:
            key, _space, label = key.partition(" ")
        values.append(FacetValue(key, int(bucket["doc_count"]), label))
    return values


def _hit(hit: Body) -> AlbumHit:
    source = hit["_source"]
    tags = tuple(
        TagHit(*label.partition(" ")[::2]) for label in source.get("tag_labels") or []
    )
    return AlbumHit(
        album_id=int(source["album_id"]),
        title=source["title"],
        slug=source["slug"],
        artist_name=source["artist_name"],
        artist_slug=source["artist_slug"],
        cover=source.get("cover") or "",
        year=source.get("year"),
        licence=source["licence"],
        duration=source.get("duration"),
        lossless=bool(source.get("lossless")),
        rating=source.get("rating"),
        popularity=int(source.get("popularity") or 0),
        tags=tags,
        highlights={
            field: [_safe_fragment(fragment) for fragment in fragments]
            for field, fragments in (hit.get("highlight") or {}).items()
        },
    )


def _safe_fragment(fragment: str) -> str:
    """Escape everything but the <mark> tags Elasticsearch put in (the html encoder
    already escaped the text; this makes it safe whatever the server did)."""
    text = html.unescape(fragment).replace(MARK, "\0").replace(UNMARK, "\1")
    return html.escape(text).replace("\0", MARK).replace("\1", UNMARK)


def read_search(query: SearchQuery, response: Body) -> SearchResults:
    total = response["hits"]["total"]
    aggs = response.get("aggregations", {})
    return SearchResults(
        query=query,
        total=int(total["value"] if isinstance(total, dict) else total),
        hits=[_hit(hit) for hit in response["hits"]["hits"]],
        facets={
            name: _facet_values(name, aggs.get(str(name), {})) for name in FacetName
        },
    )


def read_artist_suggestions(response: Body) -> list[Suggestion]:
    return [
        Suggestion(
            SuggestionKind.ARTIST, hit["_source"]["name"], hit["_source"]["slug"]
        )
        for hit in response["hits"]["hits"]
    ]


def read_album_suggestions(response: Body) -> list[Suggestion]:
    return [
        Suggestion(
            SuggestionKind.ALBUM,
            hit["_source"]["title"],
            artist_slug=hit["_source"]["artist_slug"],
            slug=hit["_source"]["slug"],
            detail=hit["_source"]["artist_name"],
        )
        for hit in response["hits"]["hits"]
    ]


def read_artists(response: Body) -> list[ArtistHit]:
    return [
        ArtistHit(
            artist_id=int(hit["_source"]["artist_id"]),
            name=hit["_source"]["name"],
            slug=hit["_source"]["slug"],
            album_count=int(hit["_source"].get("album_count") or 0),
        )
        for hit in response["hits"]["hits"]
    ]


def read_tracks(response: Body) -> list[TrackHit]:
    return [
        TrackHit(
            track_id=int(source["track_id"]),
            title=source["title"],
            number=int(source.get("number") or 0),
            duration=source.get("duration"),
            album_id=int(source["album_id"]),
            album_title=source.get("album_title") or "",
            album_slug=source.get("album_slug") or "",
            artist_name=source.get("artist_name") or "",
            artist_slug=source.get("artist_slug") or "",
            cover=source.get("cover") or "",
            stream=source.get("stream") or "",
        )
        for source in (hit["_source"] for hit in response["hits"]["hits"])
    ]


def read_tags(response: Body, text: str, *, prefix: bool, size: int) -> list[TagCount]:
    """The counted tags whose own names hold every word of text, ordered as the
    database backend orders them: the exact name, then most albums, then slug."""
    terms = query_terms(text)
    if not terms:
        return []
    exact = " ".join(terms)
    found = []
    buckets = response.get("aggregations", {}).get("tags", {}).get("buckets", [])
    for bucket in buckets:
        slug, _space, name = str(bucket["key"]).partition(" ")
        folded = normalise(name)
        if words_match(folded, terms, prefix=prefix):
            found.append((folded != exact, -int(bucket["doc_count"]), slug, name))
    return [
        TagCount(slug, name, -count) for _other, count, slug, name in sorted(found)
    ][:size]
