"""Per-account limits on writing, counted in the shared cache (fixed windows)."""

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


# How many writes of each kind one account may make per window.
LIMITS: dict[str, Limit] = {
    "review": Limit(10, 3600),
    "reply": Limit(20, 3600),
    "vote": Limit(60, 3600),
    "report": Limit(10, 3600),
    "tag": Limit(60, 3600),
    "favourite": Limit(300, 3600),
    "playlist": Limit(600, 3600),
    "playlist-zip": Limit(20, 3600),
}


class RateLimited(Exception):
    """Too many writes of one kind; retry_after is in seconds."""

    def __init__(self, action: str, retry_after: int) -> None:
        super().__init__(f"rate limit reached for {action}")
        self.action = action
        self.retry_after = retry_after


def check_rate(user: object, action: str) -> None:
    """Count one write of `action` by `user`; raise RateLimited past the limit."""
    limit = LIMITS[action]
    key = f"community:rate:{action}:{getattr(user, 'pk', None)}"
    # add() is atomic: the first write of a window creates the counter with its
    # expiry, incr() never resets it.
    cache.add(key, 0, timeout=limit.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=limit.seconds)
        count = 1
    if count > limit.count:
        raise RateLimited(action, limit.seconds)
