"""Every name a user types that ends up in a URL, a slug or a page (artist, album
and track titles, playlists, display names, fan-club news) never takes a page
down, whatever its characters: a property test over arbitrary Unicode."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from jamhub.accounts.services import update_profile
from jamhub.catalog.models import Album, AlbumStatus, Track
from jamhub.catalog.models.tracks import TrackState
from jamhub.catalog.services import albums as album_services
from jamhub.community.services import playlists as playlist_services
from jamhub.community.services.playlists import PlaylistError
from jamhub.fanclubs.services import post_news
from tests.factories import UserFactory

# Emoji, right-to-left scripts, combining marks, controls; no lone surrogates
# (nothing can carry them) and no NUL: every form refuses it (Django's
# ProhibitNullCharactersValidator) and PostgreSQL cannot store it. The tag
# service, which strips controls itself, is tested with NUL in
# tests/community/test_tag_slugs.py.
NAMES = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=100,
)


class NamesOverArbitraryUnicode(HypothesisTestCase):
    """hypothesis's Django TestCase: each example in its own transaction, rolled
    back after it."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.owner = UserFactory()
        cls.listener = UserFactory()

    def setUp(self) -> None:
        cache.clear()

    @settings(max_examples=40, deadline=None)
    @given(name=NAMES)
    def test_any_name_gives_working_pages(self, name):
        assume(name.strip())  # the forms require a name
        cache.clear()  # rate limits count in the cache, outside the transaction
        artist = album_services.create_artist(name=name, by=self.owner)
        album = album_services.create_album(
            artist, title=name, licence="cc-by-4.0", by=self.owner
        )
        Album.objects.filter(pk=album.pk).update(
            status=AlbumStatus.PUBLISHED, published_at=timezone.now()
        )
        album.refresh_from_db()
        track = Track.objects.create(
            album=album, number=1, title=name, duration=61.0, state=TrackState.READY
        )
        news = post_news(artist, by=self.owner, title=name, body=name)
        update_profile(self.listener, display_name=name, locale="en")
        try:
            playlist = playlist_services.create_playlist(
                by=self.listener, title=name, is_public=True
            )
        except PlaylistError:
            playlist = None  # a title of spaces only: refused with a message
        else:
            playlist_services.add_track(playlist, track, by=self.listener)

        pages = [
            artist.get_absolute_url(),
            album.get_absolute_url(),
            track.get_absolute_url(),
            reverse("fanclubs:club", kwargs={"artist_slug": artist.slug}),
            news.get_absolute_url(),
            reverse("catalog:album-list"),
            reverse(
                "accounts:public-profile",
                kwargs={"public_id": self.listener.public_id},
            ),
        ]
        if playlist is not None:
            pages.append(playlist.get_absolute_url())
        for url in pages:
            response = self.client.get(url)
            assert response.status_code == 200, url
