"""Demo fan clubs: the demo listeners are fans of the demo artists, the artists post
news (one for fans only), and some listening makes "most active fans" (idempotent)."""

import datetime

from django.db import transaction
from django.utils import timezone

from jamhub.accounts.models import User
from jamhub.catalog.models import Artist, Track, TrackPlay
from jamhub.catalog.services.access import is_member
from jamhub.fanclubs import services
from jamhub.fanclubs.models import ArtistNews, Fan

# listener email -> (days played in the last weeks, email preferences)
DEMO_FANS: dict[str, tuple[int, dict[str, str]]] = {
    "alice@jamhub.test": (9, {"album_email": "immediate", "news_email": "daily"}),
    "bruno@jamhub.test": (4, {"album_email": "weekly", "news_email": "weekly"}),
    "chloe@jamhub.test": (6, {}),
    "dmitri@jamhub.test": (2, {"news_email": "never"}),
    "emma@jamhub.test": (1, {}),
}
# The demo fans who chose to be named in the clubs' lists (the others are counted).
DEMO_LISTED_FANS = {"alice@jamhub.test", "chloe@jamhub.test"}

# (title, body, fans only) posted by each demo artist's owner
DEMO_NEWS = [
    (
        "New album on the way",
        "We are in the studio: **six new tracks**, out this spring under CC BY-SA.",
        False,
    ),
    (
        "For our fans: an early mix",
        "Thank you for listening. Here is where we are — tell us what you think.",
        True,
    ),
]


@transaction.atomic
def load_demo_fanclubs() -> dict[str, int]:
    """Add the demo fans, news and plays that are missing; return what was added."""
    counts = {"fans": 0, "news": 0}
    people = {u.email: u for u in User.objects.filter(email__in=DEMO_FANS)}
    today = timezone.localdate()
    for artist in Artist.objects.published():
        owner = artist.memberships.select_related("user").order_by("created_at").first()
        for email, (days, preferences) in DEMO_FANS.items():
            user = people.get(email)
            if user is None or is_member(user, artist):
                continue
            if not Fan.objects.filter(artist=artist, user=user).exists():
                services.become_fan(artist, user=user)
                services.update_preferences(user, **preferences)
                if email in DEMO_LISTED_FANS:
                    services.set_fan_listed(artist, user=user, listed=True)
                counts["fans"] += 1
            _listen(user, artist, days=days, today=today)
        if owner is None:
            continue
        for title, body, fans_only in DEMO_NEWS:
            if ArtistNews.objects.filter(artist=artist, title=title).exists():
                continue
            services.post_news(
                artist, by=owner.user, title=title, body=body, fans_only=fans_only
            )
            counts["news"] += 1
    return counts


def _listen(user: User, artist: Artist, *, days: int, today: datetime.date) -> None:
    track = Track.objects.filter(
        album__artist=artist, album__status="published"
    ).first()
    if track is None:
        return
    for offset in range(days):
        TrackPlay.objects.get_or_create(
            track=track,
            listener_key=f"user:{user.pk}",
            day=today - datetime.timedelta(days=offset * 3),
            defaults={"user": user},
        )
