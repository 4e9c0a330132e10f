"""The demo community: listeners, reviews and tags on the demo albums, once."""

from django.contrib.auth import authenticate

from jamhub.accounts.demo import DEMO_PASSWORD, load_demo_people
from jamhub.catalog.models import Album, Artist, Track
from jamhub.catalog.services import albums as album_services
from jamhub.community.demo import load_demo_community
from jamhub.community.models import (
    CommunityTagging,
    Favourite,
    HelpfulVote,
    Playlist,
    Review,
)


def publish_demo_albums() -> None:
    """The demo albums by title, without audio (the catalogue demo makes that)."""
    from jamhub.accounts.models import User

    bruno = User.objects.get(email="bruno@jamhub.test")
    alice = User.objects.get(email="alice@jamhub.test")
    for name, owner, titles in (
        ("Les Ondes Douces", bruno, ["Brume"]),
        ("Tin Can Orchestra", alice, ["Kitchen Sessions"]),
    ):
        artist = album_services.create_artist(name=name, by=owner)
        for title in titles:
            album = album_services.create_album(
                artist, title=title, licence="cc-by-4.0", by=owner
            )
            for number in (1, 2):
                Track.objects.create(album=album, number=number, title=f"T{number}")
    Album.objects.update(status="published")


def test_the_demo_community_is_loaded_once(db):
    load_demo_people()
    publish_demo_albums()

    first = load_demo_community()
    counts = (Review.objects.count(), CommunityTagging.objects.count())
    second = load_demo_community()

    assert first["listeners"] == 4
    assert first["reviews"] == 6
    assert first["tags"] > 0
    assert first["favourites"] > 0
    assert first["playlists"] == 2
    assert second == {
        "listeners": 0,
        "reviews": 0,
        "tags": 0,
        "favourites": 0,
        "playlists": 0,
        "plays": 0,
        "downloads": 0,
    }
    assert Favourite.objects.filter(user__email="chloe@jamhub.test").count() == 2
    chloe_mix = Playlist.objects.get(title="Matins calmes")
    assert chloe_mix.is_public
    assert chloe_mix.items.count() == 2  # Brume 1 and 2; the others are absent
    assert (Review.objects.count(), CommunityTagging.objects.count()) == counts
    assert HelpfulVote.objects.exists()
    assert authenticate(email="chloe@jamhub.test", password=DEMO_PASSWORD)
    # No member of an artist reviews their own album.
    for review in Review.objects.select_related("album__artist"):
        assert not Artist.objects.filter(
            pk=review.album.artist_id, memberships__user=review.author
        ).exists()


def test_the_demo_plays_and_downloads_spread_over_ninety_days(db):
    import datetime

    from django.db.models import Count
    from django.utils import timezone

    from jamhub.catalog.models import DownloadEvent, TrackPlay
    from jamhub.charts.demo import load_demo_charts
    from jamhub.charts.models import ChartSnapshot
    from jamhub.charts.queries import chart_rows

    load_demo_people()
    publish_demo_albums()
    counts = load_demo_community()

    today = timezone.now().date()
    days = set(TrackPlay.objects.values_list("day", flat=True))
    assert counts["plays"] == TrackPlay.objects.count()
    assert max(days) <= today
    assert min(days) >= today - datetime.timedelta(days=89)
    assert len(days) >= 75  # nearly every day has listeners, not one burst
    weeks = {(today - day).days // 7 for day in days}
    assert len(weeks) >= 12
    downloads = DownloadEvent.objects.values_list("created_at", flat=True)
    assert counts["downloads"] == len(downloads) > 0
    assert min(downloads) < timezone.now() - datetime.timedelta(days=30)
    # Every demo album is played; a few thousand rows at most (quick to load).
    per_album = TrackPlay.objects.values("track__album").annotate(n=Count("id"))
    assert len(per_album) == 2
    assert TrackPlay.objects.count() < 20_000
    assert load_demo_community()["plays"] == 0  # once

    load_demo_charts()
    week = ChartSnapshot.objects.filter(period="week").latest_first()
    assert week.count() == 2  # yesterday's too: the pages show movement
    rows = chart_rows(week.first())
    assert rows
    assert all(row.movement is not None for row in rows)
    assert all(row.entry.plays > 0 for row in rows)
