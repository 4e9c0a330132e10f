"""Radios: an endless queue of tracks by tag or by artist, served in batches.

Well-rated albums come up more often (a Bayesian mean of their visible reviews,
drawn by weighted sampling), and no track comes back within an hour for the same
listener: the tracks served are remembered in the cache under the listener's key
(the account, else a hash of the session).

The radio's page shows the batch the player will start with. Showing it serves
nothing: it is kept as the listener's pending batch for that radio, so a reload or
Back shows the same tracks, and it counts as served only once the player, playing
it, asks for more."""

import random
import time
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.http import HttpRequest

from jamhub.catalog.models import Album, Artist, Track
from jamhub.catalog.services.events import listener_key
from jamhub.community.models import CommunityTagging, Review
from jamhub.core.ids import id_or_none

RADIO_KINDS = ("tag", "artist")
BATCH_SIZE = 10
NO_REPEAT_SECONDS = 3600
MAX_CANDIDATES = 2000
# The prior of the rating mean: an album with few reviews counts as average.
PRIOR_RATING, PRIOR_WEIGHT = 3.0, 2


@dataclass(frozen=True)
class RadioSeed:
    kind: str  # "tag" or "artist"
    value: str  # a tag slug or an artist id


def radio_tracks(seed: RadioSeed) -> "list[tuple[int, float]]":
    """(track id, weight) of every playable track the radio may play."""
    tracks = Track.objects.filter(
        album__status="published", renditions__format__in=["mp3", "ogg"]
    )
    if seed.kind == "artist":
        tracks = tracks.filter(album__artist_id=int(seed.value))
    elif seed.kind == "tag":
        album_type = ContentType.objects.get_for_model(Album)
        track_type = ContentType.objects.get_for_model(Track)
        listener_tagged = CommunityTagging.objects.filter(tag__slug=seed.value)
        tracks = tracks.filter(
            Q(album__tags__slug=seed.value)
            | Q(
                album_id__in=listener_tagged.filter(content_type=album_type).values(
                    "object_id"
                )
            )
            | Q(
                pk__in=listener_tagged.filter(content_type=track_type).values(
                    "object_id"
                )
            )
        )
    else:
        raise ValueError(f"unknown radio kind {seed.kind!r}")
    ratings = (
        Review.objects.visible()
        .filter(album=OuterRef("album"))
        .values("album")
        .annotate(average=Avg("rating"), count=Count("id"))
    )
    rows = (
        tracks.distinct()
        .annotate(
            average=Subquery(ratings.values("average")[:1]),
            count=Subquery(ratings.values("count")[:1]),
        )
        .values_list("pk", "average", "count")[:MAX_CANDIDATES]
    )
    return [(pk, _weight(average, count or 0)) for pk, average, count in rows]


def _weight(average: float | None, count: int) -> float:
    mean = (PRIOR_RATING * PRIOR_WEIGHT + (average or 0) * count) / (
        PRIOR_WEIGHT + count
    )
    return mean**2


def _served_key(request: HttpRequest) -> str:
    return f"community:radio:served:{listener_key(request)}"


def recently_served(
    request: HttpRequest, *, now: float | None = None
) -> dict[int, float]:
    """{track id: when it was served} for the last hour."""
    now = time.time() if now is None else now
    served = cache.get(_served_key(request)) or {}
    return {pk: at for pk, at in served.items() if now - at < NO_REPEAT_SECONDS}


def _pending_key(request: HttpRequest, seed: RadioSeed) -> str:
    return f"community:radio:pending:{listener_key(request)}:{seed.kind}:{seed.value}"


def _choose(seed: RadioSeed, *, excluded: set[int], size: int) -> list[int]:
    candidates = [(pk, w) for pk, w in radio_tracks(seed) if pk not in excluded]
    # Weighted sampling without replacement (Efraimidis-Spirakis): key u^(1/w).
    # Not for security: it only shuffles music.
    keyed = sorted(
        candidates,
        key=lambda c: random.random() ** (1 / c[1]),  # noqa: S311
        reverse=True,
    )
    return [pk for pk, _w in keyed[:size]]


def _tracks(ids: list[int]) -> list[Track]:
    by_id = (
        Track.objects.filter(album__status="published")
        .select_related("album__artist")
        .prefetch_related("renditions")
        .in_bulk(ids)
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def first_radio_batch(
    seed: RadioSeed,
    *,
    request: HttpRequest,
    size: int = BATCH_SIZE,
    now: float | None = None,
) -> list[Track]:
    """The batch the radio's page offers: the listener's pending one while there is
    one, else a new one kept as pending. Nothing is marked served: looking at the
    page must not use the radio up."""
    pending = cache.get(_pending_key(request, seed))
    if pending:
        tracks = _tracks(pending)
        if tracks:
            return tracks
    served = recently_served(request, now=now)
    chosen = _choose(seed, excluded=set(served), size=size)
    cache.set(_pending_key(request, seed), chosen, timeout=NO_REPEAT_SECONDS)
    return _tracks(chosen)


def next_radio_batch(
    seed: RadioSeed,
    *,
    request: HttpRequest,
    size: int = BATCH_SIZE,
    now: float | None = None,
) -> list[Track]:
    """The next tracks for this listener, asked by the player as its queue runs low:
    the pending batch it is playing becomes served, then a batch of tracks none
    served in the last hour, well-rated albums more likely. Empty when the radio
    has run dry for now."""
    now = time.time() if now is None else now
    served = recently_served(request, now=now)
    pending_key = _pending_key(request, seed)
    served.update(dict.fromkeys(cache.get(pending_key) or [], now))
    cache.delete(pending_key)
    chosen = _choose(seed, excluded=set(served), size=size)
    served.update(dict.fromkeys(chosen, now))
    cache.set(_served_key(request), served, timeout=NO_REPEAT_SECONDS)
    return _tracks(chosen)


def radio_title_object(seed: RadioSeed) -> object:
    """The artist or tag the radio is named after; LookupError when unknown."""
    from taggit.models import Tag

    if seed.kind == "artist":
        artist_id = id_or_none(seed.value)
        if artist_id is None:
            raise LookupError(seed)
        try:
            # Like the artist's page: unknown while nothing of it is published.
            return (
                Artist.objects.filter(albums__status="published")
                .distinct()
                .get(pk=artist_id)
            )
        except (ValueError, Artist.DoesNotExist):
            raise LookupError(seed) from None
    if seed.kind == "tag":
        tag = Tag.objects.filter(slug=seed.value).first()
        if tag is None:
            raise LookupError(seed)
        return tag
    raise LookupError(seed)
