"""One-click unsubscribe links: signed, without expiry (RFC 8058 links must keep
working), naming the person and, optionally, one fan club."""

from dataclasses import dataclass

from django.core import signing

SALT = "jamhub.fanclubs.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    artist_id: int | None  # None: every fan club email


def make_unsubscribe_token(user_id: int, artist_id: int | None = None) -> str:
    return signing.dumps({"u": user_id, "a": artist_id}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> Unsubscribe | None:
    """What the token asks for, or None when it was not signed by us."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    artist = data.get("a")
    return Unsubscribe(data["u"], artist if isinstance(artist, int) else None)
