"""Fan club fixtures: an artist with its owner, a second member, fans with their
preferences, and a published album without audio."""

import pytest
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus
from jamhub.catalog.services import albums as album_services
from jamhub.fanclubs import services
from tests.factories import UserFactory


@pytest.fixture
def artist(owner):
    """An artist with one album out already (a club, like the artist's page, is not
    there while nothing is published); written directly, so nobody is told."""
    artist = album_services.create_artist(name="The Loops", by=owner)
    album = album_services.create_album(
        artist, title="First Light", licence="cc-by-sa-4.0", by=owner
    )
    Album.objects.filter(pk=album.pk).update(
        status=AlbumStatus.PUBLISHED, published_at=timezone.now()
    )
    return artist


@pytest.fixture
def fan(artist):
    """A fan who wants everything at once, by email and on the site."""

    def make(**preferences):
        user = UserFactory(
            **{k: preferences.pop(k) for k in ("locale",) if k in preferences}
        )
        services.become_fan(artist, user=user)
        services.update_preferences(user, **preferences)
        return user

    return make


@pytest.fixture
def draft(artist, owner):
    def make(title: str = "Second Wind") -> Album:
        return album_services.create_album(
            artist, title=title, licence="cc-by-sa-4.0", by=owner
        )

    return make


@pytest.fixture
def publish(moderator, django_capture_on_commit_callbacks):
    """Publish through the moderation service, running what it queues on commit."""

    def run(album: Album) -> Album:
        Album.objects.filter(pk=album.pk).update(status=AlbumStatus.PENDING_REVIEW)
        with django_capture_on_commit_callbacks(execute=True):
            album_services.approve_album(album, by=moderator)
        return Album.objects.get(pk=album.pk)

    return run
