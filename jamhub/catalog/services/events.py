"""Counting plays and downloads: raw events, once per listener where rules say so."""

import hashlib
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from jamhub.catalog.models import Album, DownloadEvent, Track, TrackPlay
from jamhub.community.services.history import record_listening

MIN_PLAY_SECONDS = 30


def seconds_to_count(track: Track) -> float:
    """How long a listener must listen for a play to count: 30 s, or half of a
    shorter track (else a 40-second interlude could never be counted)."""
    if track.duration and track.duration > 0:
        return min(MIN_PLAY_SECONDS, track.duration / 2)
    return MIN_PLAY_SECONDS


def listener_key(request: HttpRequest) -> str:
    """A stable key for "this listener": the account, else a salted hash of the
    session (never the IP address in clear)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    if not request.session.session_key:
        request.session.save()
    raw = f"{settings.SECRET_KEY}:{request.session.session_key}"
    return "anon:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def record_play(track: Track, *, request: HttpRequest, seconds_listened: float) -> bool:
    """Count a play of 30 s or more (half of a shorter track), once per listener,
    track and day; True when it counted."""
    if (
        not math.isfinite(seconds_listened)
        or seconds_listened < seconds_to_count(track)
        or not track.album.is_public
    ):
        return False
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        # Every listen goes into the listener's own history, even when the play
        # was already counted today.
        record_listening(track, user=user)
    try:
        with transaction.atomic():
            TrackPlay.objects.create(
                track=track,
                listener_key=listener_key(request),
                user=user,
                day=timezone.localdate(),
            )
    except IntegrityError:
        return False
    return True


def record_download(album: Album, *, fmt: str, request: HttpRequest) -> None:
    """Count a download of the album's zip (a fresh request, not a resumed range)."""
    user = request.user if request.user.is_authenticated else None
    DownloadEvent.objects.create(
        album=album, format=fmt, listener_key=listener_key(request), user=user
    )
