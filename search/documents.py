"""Elasticsearch documents of albums, artists and tracks, and their analyzers.

Text is indexed folded (lower case, no accents, French elisions removed) with
English and French stemmed sub-fields; `suggest` sub-fields hold edge n-grams for
the header box. Nothing here imports Django."""

from typing import Any

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    Integer,
    Keyword,
    Long,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from search.records import AlbumRecord, ArtistRecord, TrackRecord
from search.text import normalise

french_elision = token_filter(
    "jamhub_french_elision",
    "elision",
    articles_case=True,
    articles=[
        "l",
        "m",
        "t",
        "qu",
        "n",
        "s",
        "j",
        "d",
        "c",
        "jusqu",
        "quoiqu",
        "lorsqu",
        "puisqu",
    ],
)
folding = analyzer(
    "jamhub_folding",
    tokenizer="standard",
    filter=[french_elision, "lowercase", "asciifolding"],
)
english = analyzer(
    "jamhub_english",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("jamhub_english_stemmer", "stemmer", language="light_english"),
    ],
)
french = analyzer(
    "jamhub_french",
    tokenizer="standard",
    filter=[
        french_elision,
        "lowercase",
        "asciifolding",
        token_filter("jamhub_french_stemmer", "stemmer", language="light_french"),
    ],
)
edge_ngrams = analyzer(
    "jamhub_edge_ngrams",
    tokenizer="standard",
    filter=[
        french_elision,
        "lowercase",
        "asciifolding",
        token_filter("jamhub_edge_ngram", "edge_ngram", min_gram=1, max_gram=20),
    ],
)
exact = normalizer("jamhub_exact", filter=["lowercase", "asciifolding"])


def _text(*, suggest: bool = False, exact_match: bool = False) -> Text:
    fields: dict[str, Any] = {
        "en": Text(analyzer=english),
        "fr": Text(analyzer=french),
    }
    if suggest:
        fields["suggest"] = Text(analyzer=edge_ngrams, search_analyzer=folding)
    if exact_match:
        fields["exact"] = Keyword(normalizer=exact)
    return Text(analyzer=folding, fields=fields)


def _stored() -> Keyword:
    """Shown in results, never searched."""
    return Keyword(index=False, doc_values=False)


class AlbumDocument(Document):
    album_id = Integer()
    title = _text(suggest=True, exact_match=True)
    slug = _stored()
    artist_id = Integer()
    artist_name = _text(suggest=True)
    artist_slug = _stored()
    description = _text()
    cover = _stored()
    tag_names = _text(suggest=True)
    tags = Keyword()
    # Slugs and folded names: a tag filter matches either, whatever its case.
    tag_keys = Keyword()
    # "slug name": one terms aggregation gives each tag's count and label.
    tag_labels = Keyword()
    tracks = _text()
    licence = Keyword()
    allows_commercial = Boolean()
    allows_remix = Boolean()
    year = Integer()
    decade = Integer()
    formats = Keyword()
    lossless = Boolean()
    duration = Float()
    duration_bucket = Keyword()
    rating = Float()
    popularity = Long()
    published_at = Date()
    indexed_at = Date()

    @classmethod
    def source(cls, record: AlbumRecord, *, indexed_at: str) -> dict[str, Any]:
        return {
            "album_id": record.album_id,
            "title": record.title,
            "slug": record.slug,
            "artist_id": record.artist_id,
            "artist_name": record.artist_name,
            "artist_slug": record.artist_slug,
            "description": record.description,
            "cover": record.cover,
            "tag_names": [tag.name for tag in record.tags],
            "tags": [tag.slug for tag in record.tags],
            "tag_keys": list(
                dict.fromkeys(
                    key
                    for tag in record.tags
                    for key in (tag.slug, normalise(tag.name))
                )
            ),
            "tag_labels": [f"{tag.slug} {tag.name}" for tag in record.tags],
            "tracks": [track.title for track in record.tracks],
            "licence": record.licence,
            "allows_commercial": record.allows_commercial,
            "allows_remix": record.allows_remix,
            "year": record.release_year,
            "decade": record.decade,
            "formats": list(record.formats),
            "lossless": record.lossless,
            "duration": record.duration,
            "duration_bucket": record.duration_bucket or None,
            "rating": record.rating,
            "popularity": record.popularity,
            "published_at": (
                record.published_at.isoformat() if record.published_at else None
            ),
            "indexed_at": indexed_at,
        }


class ArtistDocument(Document):
    artist_id = Integer()
    name = _text(suggest=True, exact_match=True)
    slug = _stored()
    location = _text()
    bio = _text()
    album_count = Integer()
    indexed_at = Date()

    @classmethod
    def source(cls, record: ArtistRecord, *, indexed_at: str) -> dict[str, Any]:
        return {
            "artist_id": record.artist_id,
            "name": record.name,
            "slug": record.slug,
            "location": record.location,
            "bio": record.bio,
            "album_count": record.album_count,
            "indexed_at": indexed_at,
        }


class TrackDocument(Document):
    track_id = Integer()
    album_id = Integer()
    number = Integer()
    title = _text(suggest=True, exact_match=True)
    lyrics = _text()
    album_title = _text()
    album_slug = _stored()
    artist_name = _text()
    artist_slug = _stored()
    cover = _stored()
    stream = _stored()
    duration = Float()
    popularity = Long()

    @classmethod
    def source(cls, record: TrackRecord, *, album: AlbumRecord) -> dict[str, Any]:
        return {
            "track_id": record.track_id,
            "album_id": record.album_id,
            "number": record.number,
            "title": record.title,
            "lyrics": record.lyrics,
            "album_title": album.title,
            "album_slug": album.slug,
            "artist_name": album.artist_name,
            "artist_slug": album.artist_slug,
            "cover": album.cover,
            "stream": record.stream,
            "duration": record.duration,
            "popularity": album.popularity,
        }


DOCUMENTS: dict[str, type[Document]] = {
    "albums": AlbumDocument,
    "artists": ArtistDocument,
    "tracks": TrackDocument,
}
