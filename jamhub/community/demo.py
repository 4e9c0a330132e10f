"""Demo listeners who rate, review and tag the demo albums, star what they like and
make playlists (idempotent)."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.utils import timezone

from jamhub.accounts.demo import DEMO_PASSWORD
from jamhub.accounts.models import User
from jamhub.accounts.roles import Role
from jamhub.accounts.services import grant_role
from jamhub.catalog.models import Album, DownloadEvent, Track, TrackPlay
from jamhub.catalog.services.access import is_member
from jamhub.community.models import CommunityTagging, Playlist, Review
from jamhub.community.services import favourites as favourite_services
from jamhub.community.services import playlists as playlist_services
from jamhub.community.services import reviews as review_services
from jamhub.community.services import tags as tag_services

DEMO_LISTENERS = [
    # email, display name, locale
    ("chloe@jamhub.test", "Chloé", "fr"),
    ("dmitri@jamhub.test", "Dmitri", "en"),
    ("emma@jamhub.test", "Emma", "en"),
    ("farid@jamhub.test", "Farid", "fr"),
]

# album title -> [(reviewer email, rating, review text)]
DEMO_REVIEWS: dict[str, list[tuple[str, int, str]]] = {
    "Brume": [
        (
            "alice@jamhub.test",
            5,
            "Perfect for a **foggy morning**. The second track is a slow wonder.",
        ),
        ("chloe@jamhub.test", 4, "Doux et patient, comme promis."),
        ("dmitri@jamhub.test", 4, ""),
    ],
    "Lumière lente": [("emma@jamhub.test", 3, "Lovely, if a little too long.")],
    "Kitchen Sessions": [
        (
            "bruno@jamhub.test",
            4,
            "Des casseroles qui groovent. *Vraiment*.",
        ),
        ("farid@jamhub.test", 5, "I did not know tin cans could swing like this."),
        ("emma@jamhub.test", 2, "Fun once; the cans wear thin."),
    ],
    "Departures": [
        ("chloe@jamhub.test", 5, "Le piano parfait pour un aéroport vide."),
        ("dmitri@jamhub.test", 4, ""),
    ],
    "Quai 7": [
        ("alice@jamhub.test", 4, "Deep, warm dub. See [the artist](/en/artists/)."),
        ("emma@jamhub.test", 5, ""),
    ],
    "Numbers Station": [
        ("bruno@jamhub.test", 5, "Inquiétant et superbe."),
        ("farid@jamhub.test", 3, "Great idea, uneven execution."),
    ],
}

# album title -> [(tagger email, tags)]
DEMO_TAGS: dict[str, list[tuple[str, list[str]]]] = {
    "Brume": [
        ("alice@jamhub.test", ["ambient", "morning", "calm"]),
        ("chloe@jamhub.test", ["ambient", "calm"]),
        ("dmitri@jamhub.test", ["ambient", "drone"]),
    ],
    "Kitchen Sessions": [
        ("farid@jamhub.test", ["lo-fi", "playful"]),
        ("emma@jamhub.test", ["lo-fi", "percussion"]),
    ],
    "Departures": [("chloe@jamhub.test", ["piano", "calm"])],
    "Quai 7": [
        ("alice@jamhub.test", ["dub", "bass"]),
        ("emma@jamhub.test", ["dub"]),
    ],
    "Numbers Station": [("bruno@jamhub.test", ["shortwave", "dark", "electronic"])],
}

# listener email -> album titles they starred (and the first track of each)
DEMO_FAVOURITES: dict[str, list[str]] = {
    "chloe@jamhub.test": ["Brume", "Departures"],
    "dmitri@jamhub.test": ["Numbers Station", "Brume"],
    "emma@jamhub.test": ["Quai 7", "Kitchen Sessions"],
    "farid@jamhub.test": ["Kitchen Sessions"],
}

# (owner email, title, public, [(album title, track number)])
DEMO_PLAYLISTS: list[tuple[str, str, bool, list[tuple[str, int]]]] = [
    (
        "chloe@jamhub.test",
        "Matins calmes",
        True,
        [("Brume", 1), ("Departures", 1), ("Brume", 2), ("Lumière lente", 1)],
    ),
    (
        "emma@jamhub.test",
        "Kitchen dub",
        False,
        [("Kitchen Sessions", 1), ("Quai 7", 1), ("Kitchen Sessions", 2)],
    ),
]

# Demo plays and downloads: anonymous listeners over the last DEMO_ACTIVITY_DAYS
# days, so that charts, trending and the artists' statistics have a history.
DEMO_ACTIVITY_DAYS = 90
DEMO_LISTENER_POOL = 80
DEMO_LISTENER_KEY = "demo:"

# (album title, reviewer email) -> the artist's reply
DEMO_REPLIES = {("Brume", "alice@jamhub.test"): "Merci Alice ! It was a foggy morning."}


def _demo_listener(email: str, name: str, locale: str) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, display_name=name, locale=locale
        )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    grant_role(user, role=Role.LISTENER)
    return user, created


def load_demo_community() -> dict[str, int]:
    """Add the demo listeners, reviews, votes, replies and tags that are missing;
    albums that do not exist (or are not published) are skipped. Return counts of
    what was created."""
    counts = {"listeners": 0, "reviews": 0, "tags": 0}
    for email, name, locale in DEMO_LISTENERS:
        _user, created = _demo_listener(email, name, locale)
        counts["listeners"] += created
    people = {u.email: u for u in User.objects.filter(email__endswith="@jamhub.test")}
    albums = {a.title: a for a in Album.objects.published().select_related("artist")}
    for title, entries in DEMO_REVIEWS.items():
        album = albums.get(title)
        if album is None:
            continue
        for email, rating, body in entries:
            author = people.get(email)
            if author is None or is_member(author, album.artist):
                continue
            if Review.objects.filter(album=album, author=author).exists():
                continue
            review_services.create_review(album, by=author, rating=rating, body=body)
            counts["reviews"] += 1
        reviews = list(Review.objects.filter(album=album))
        for review in reviews:
            # Every other demo reviewer of the album found each review helpful.
            voted = set(review.helpful_votes.values_list("voter_id", flat=True))
            for other in reviews:
                if other.author_id not in voted | {review.author_id}:
                    review_services.vote_helpful(review, by=other.author)
            reply = DEMO_REPLIES.get((title, review.author.email))
            if reply and not hasattr(review, "reply"):
                owner = album.artist.memberships.select_related("user").first()
                if owner is not None:
                    review_services.reply_to_review(review, by=owner.user, body=reply)
    for title, taggings in DEMO_TAGS.items():
        album = albums.get(title)
        if album is None:
            continue
        for email, names in taggings:
            tagger = people.get(email)
            if tagger is None:
                continue
            given = set(
                CommunityTagging.objects.on(album)
                .filter(tagger=tagger)
                .values_list("tag__name", flat=True)
            )
            missing = [n for n in names if n not in given]
            if missing:
                tag_services.tag_object(album, by=tagger, names=missing)
                counts["tags"] += len(missing)
    counts.update(_load_demo_listening(people, albums))
    counts.update(_load_demo_activity(albums))
    return counts


def _load_demo_activity(albums: dict[str, Album]) -> dict[str, int]:
    """Plays and downloads of the demo albums spread over the last
    DEMO_ACTIVITY_DAYS days, each album with its own popularity and trend (one
    rising, one fading...), from a fixed seed; written once, in bulk."""
    counts = {"plays": 0, "downloads": 0}
    if (
        not albums
        or TrackPlay.objects.filter(listener_key__startswith=DEMO_LISTENER_KEY).exists()
    ):
        return counts
    rng = random.Random(2005)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    today = now.date()
    plays: list[TrackPlay] = []
    downloads: list[DownloadEvent] = []
    for title in sorted(albums):
        album = albums[title]
        tracks = list(album.tracks.order_by("number").values_list("pk", flat=True))
        if not tracks:
            continue
        popularity = rng.uniform(1.0, 6.0)  # listeners on an ordinary day
        trend = rng.uniform(-0.6, 1.2)  # growth over the whole period
        for days_ago in range(DEMO_ACTIVITY_DAYS):
            day = today - datetime.timedelta(days=days_ago)
            # Busier at weekends, and growing (or fading) towards today.
            pace = popularity * (1 + trend * (1 - days_ago / DEMO_ACTIVITY_DAYS))
            pace *= 1.4 if day.weekday() >= 5 else 1.0
            listeners = rng.sample(
                range(DEMO_LISTENER_POOL),
                min(DEMO_LISTENER_POOL, max(0, round(rng.gauss(pace, pace / 3)))),
            )
            for listener in listeners:
                key = f"{DEMO_LISTENER_KEY}{listener}"
                for track in rng.sample(tracks, rng.randint(1, len(tracks))):
                    plays.append(TrackPlay(track_id=track, listener_key=key, day=day))
                if rng.random() < 0.12:
                    downloads.append(
                        DownloadEvent(
                            album=album,
                            format=rng.choice(["mp3", "mp3", "ogg", "flac"]),
                            listener_key=key,
                            created_at=now
                            - datetime.timedelta(
                                days=days_ago, minutes=rng.randint(0, 600)
                            ),
                        )
                    )
    TrackPlay.objects.bulk_create(plays, batch_size=2000)
    # created_at is auto_now_add: bulk_create sets it to now; put the days back.
    wanted = [event.created_at for event in downloads]
    DownloadEvent.objects.bulk_create(downloads, batch_size=2000)
    for event, created_at in zip(downloads, wanted, strict=True):
        event.created_at = created_at
    DownloadEvent.objects.bulk_update(downloads, ["created_at"], batch_size=2000)
    counts.update(plays=len(plays), downloads=len(downloads))
    return counts


def _load_demo_listening(
    people: dict[str, User], albums: dict[str, Album]
) -> dict[str, int]:
    """Stars and playlists of the demo listeners; counts of what was created."""
    counts = {"favourites": 0, "playlists": 0}
    for email, titles in DEMO_FAVOURITES.items():
        listener = people.get(email)
        for title in titles:
            album = albums.get(title)
            if listener is None or album is None:
                continue
            first_track = album.tracks.order_by("number").first()
            for target in (album, first_track):
                if target is None or favourite_services.is_favourite(
                    target, user=listener
                ):
                    continue
                favourite_services.set_favourite(target, by=listener, starred=True)
                counts["favourites"] += 1
    for email, title, is_public, entries in DEMO_PLAYLISTS:
        owner = people.get(email)
        if owner is None or Playlist.objects.filter(owner=owner, title=title).exists():
            continue
        tracks = [
            track
            for album_title, number in entries
            if album_title in albums
            and (
                track := Track.objects.filter(
                    album=albums[album_title], number=number
                ).first()
            )
        ]
        if not tracks:
            continue
        playlist = playlist_services.create_playlist(
            by=owner, title=title, is_public=is_public
        )
        for track in tracks:
            playlist_services.add_track(playlist, track, by=owner)
        counts["playlists"] += 1
    return counts
