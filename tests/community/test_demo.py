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
