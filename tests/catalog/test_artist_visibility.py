"""One rule for who sees an artist (visible_artists / get_artist_for): while nothing
of it is published, only its members and the moderators know it is there, on every
route that shows or names it: its page, statistics, fan club, studio, favourites."""

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus
from jamhub.catalog.services.access import get_artist_for, visible_artists
from jamhub.community.models import Favourite
from jamhub.community.services.favourites import set_favourite
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


def publish(album: Album) -> None:
    Album.objects.filter(pk=album.pk).update(
        status=AlbumStatus.PUBLISHED, published_at=timezone.now()
    )


def hide(album: Album) -> None:
    Album.objects.filter(pk=album.pk).update(status=AlbumStatus.HIDDEN)


def public_routes(artist) -> list[str]:
    return [
        f"/en/artists/{artist.slug}/",
        f"/en/statistics/artists/{artist.slug}/",
        f"/en/fans/{artist.slug}/",
    ]


def studio_routes(artist) -> list[str]:
    return [
        f"/en/studio/artists/{artist.slug}/",
        f"/en/studio/artists/{artist.slug}/albums/new/",
    ]


def test_an_artist_with_nothing_published_is_not_there_for_strangers(album, artist):
    stranger = client_for(UserFactory())
    for url in public_routes(artist):
        assert Client().get(url).status_code == 404, url
    for url in public_routes(artist) + studio_routes(artist):
        assert stranger.get(url).status_code == 404, url
    # A stranger cannot tell it from an artist that does not exist (404, not 403).
    assert stranger.post(studio_routes(artist)[0]).status_code == 404


def test_its_members_and_the_moderators_see_it(album, artist, owner, moderator):
    for client in (client_for(owner), client_for(moderator)):
        for url in public_routes(artist)[:2]:
            assert client.get(url).status_code == 200, url
    for url in studio_routes(artist):
        assert client_for(owner).get(url).status_code == 200, url


def test_once_an_album_is_out_everyone_sees_it(album, artist):
    publish(album)

    for url in public_routes(artist):
        assert Client().get(url).status_code == 200, url


def test_statistics_of_an_artist_whose_albums_are_all_hidden_are_gone(album, artist):
    publish(album)
    hide(album)

    assert Client().get(f"/en/statistics/artists/{artist.slug}/").status_code == 404


def test_starring_a_hidden_artist_by_id_is_not_found_and_names_nothing(album, artist):
    listener = UserFactory()
    client = client_for(listener)

    response = client.post(f"/en/favourites/artist/{artist.pk}/")

    assert response.status_code == 404
    assert not Favourite.objects.filter(user=listener).exists()
    assert artist.slug not in client.get("/en/favourites/").content.decode()


def test_the_star_service_refuses_an_artist_the_listener_may_not_see(album, artist):
    listener = UserFactory()

    with pytest.raises(Http404):
        set_favourite(artist, by=listener, starred=True)

    assert not Favourite.objects.exists()
    # Unstarring stays possible (it names nothing).
    assert set_favourite(artist, by=listener, starred=False) is False


def test_the_favourites_page_drops_an_artist_whose_albums_are_all_hidden(album, artist):
    publish(album)
    listener = UserFactory()
    client = client_for(listener)
    assert client.post(f"/en/favourites/artist/{artist.pk}/").status_code == 302
    assert artist.get_absolute_url() in client.get("/en/favourites/").content.decode()

    hide(album)

    assert (
        artist.get_absolute_url() not in client.get("/en/favourites/").content.decode()
    )


def test_get_artist_for_by_slug_or_pk(album, artist, owner):
    stranger = UserFactory()

    assert get_artist_for(owner, artist.slug) == artist
    assert get_artist_for(owner, pk=artist.pk) == artist
    for lookup in ({"artist_slug": artist.slug}, {"pk": artist.pk}):
        with pytest.raises(Http404):
            get_artist_for(stranger, **lookup)
    assert list(visible_artists(stranger)) == []
    publish(album)
    assert list(visible_artists(stranger)) == [artist]
