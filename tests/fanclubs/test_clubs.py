"""The fan club page, joining, hiding, and news: who may post and who may read."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from jamhub.catalog.models import AlbumStatus, Track, TrackPlay
from jamhub.fanclubs import services
from jamhub.fanclubs.models import ArtistNews, Fan
from tests.factories import UserFactory, client_for
from tests.media import make_image

pytestmark = pytest.mark.django_db


def test_becoming_a_fan_from_the_artist_page(artist, draft):
    album = draft()
    album.status = AlbumStatus.PUBLISHED
    album.save(update_fields=["status"])
    listener = UserFactory()
    client = client_for(listener)

    page = client.get(f"/en/artists/{artist.slug}/").content.decode()
    assert "Become a fan" in page
    assert "Fan club: 0 fans" in page

    response = client.post(f"/en/fans/{artist.slug}/join/")
    assert response.status_code == 302
    assert Fan.objects.filter(artist=artist, user=listener).exists()
    page = client.get(f"/en/artists/{artist.slug}/").content.decode()
    assert "Fan club: 1 fan" in page
    assert "You are a fan." in page

    client.post(f"/en/fans/{artist.slug}/leave/")
    assert not Fan.objects.filter(artist=artist, user=listener).exists()


def test_a_published_album_links_to_its_artists_fan_club(artist, draft, owner):
    """Listeners find the club from the album, where they listen, too."""
    album = draft()
    link = f'<a href="/en/fans/{artist.slug}/">Fan club</a>'
    assert link not in client_for(owner).get(album.get_absolute_url()).content.decode()

    album.status = AlbumStatus.PUBLISHED
    album.save(update_fields=["status"])
    assert (
        link in client_for(UserFactory()).get(album.get_absolute_url()).content.decode()
    )


def test_joining_needs_an_account(artist):
    response = Client().post(f"/en/fans/{artist.slug}/join/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Fan.objects.exists()


def test_fans_are_named_in_the_club_only_when_they_opt_in(artist, fan):
    shown = fan()
    shown.display_name = "Shown Fan"
    shown.save(update_fields=["display_name"])
    shy = fan()
    shy.display_name = "Shy Fan"
    shy.save(update_fields=["display_name"])

    # Nobody is named by default: both fans are only counted.
    page = Client().get(f"/en/fans/{artist.slug}/").content.decode()
    assert "Shown Fan" not in page
    assert "Shy Fan" not in page
    assert "2 fans, who keep their names to themselves." in page
    assert not Fan.objects.filter(is_listed=True).exists()

    client = client_for(shown)
    own_page = client.get(f"/en/fans/{artist.slug}/").content.decode()
    assert "Your name is not shown in this fan club's lists" in own_page
    assert "Show my name in this fan club's lists" in own_page
    client.post(f"/en/fans/{artist.slug}/visibility/", {"listed": "1"})

    page = Client().get(f"/en/fans/{artist.slug}/").content.decode()
    assert "Shown Fan" in page
    assert "Shy Fan" not in page
    assert "2 fans" in page
    assert "And 1 more fan." in page
    own_page = client.get(f"/en/fans/{artist.slug}/").content.decode()
    assert "Stop showing my name here" in own_page

    client.post(f"/en/fans/{artist.slug}/visibility/", {"listed": "0"})
    assert "Shown Fan" not in Client().get(f"/en/fans/{artist.slug}/").content.decode()


# Serialized rollback: a plain transactional test's flush re-runs post_migrate, which
# recreates the role groups under new ids, and the next test restoring the
# serialized database then collides with them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_fans_start_unlisted_after_the_migration():
    """The migration to opt-in lists every fan as not named, even those who never
    asked to hide."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("fanclubs", "0001_initial")])
    old_apps = executor.loader.project_state([("fanclubs", "0001_initial")]).apps
    user_model = old_apps.get_model("accounts", "User")
    artist_model = old_apps.get_model("catalog", "Artist")
    fan_model = old_apps.get_model("fanclubs", "Fan")
    user = user_model.objects.create(email="old@jamhub.test")
    other = user_model.objects.create(email="shy@jamhub.test")
    artist = artist_model.objects.create(name="Old Band", slug="old-band")
    fan_model.objects.create(artist=artist, user=user, is_hidden=False)
    fan_model.objects.create(artist=artist, user=other, is_hidden=True)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Fan.objects.count() == 2
    assert not Fan.objects.filter(is_listed=True).exists()


def test_the_most_active_fans_played_the_most_days(artist, fan, draft):
    album = draft()
    album.status = AlbumStatus.PUBLISHED
    album.save(update_fields=["status"])
    track = Track.objects.create(album=album, number=1, title="One")
    keen, casual, hidden = fan(), fan(), fan()
    keen.display_name, casual.display_name, hidden.display_name = (
        "Keen",
        "Casual",
        "Hid",
    )
    for user in (keen, casual, hidden):
        user.save(update_fields=["display_name"])
    for user in (keen, casual):
        services.set_fan_listed(artist, user=user, listed=True)
    today = timezone.localdate()
    for user, days in ((keen, 5), (casual, 2), (hidden, 9)):
        for day in range(days):
            TrackPlay.objects.create(
                track=track,
                listener_key=f"user:{user.pk}",
                user=user,
                day=today - datetime.timedelta(days=day),
            )

    active = services.most_active_fans(artist, today=today)

    assert [(f.user.display_name, f.active_days) for f in active] == [
        ("Keen", 5),
        ("Casual", 2),
    ]
    page = Client().get(f"/en/fans/{artist.slug}/").content.decode()
    assert "listened on 5 days" in page
    assert "Hid" not in page  # the most active of all did not opt in...
    assert "And 1 more active fan." in page  # ...and is only counted


def test_only_members_post_news(artist, owner, fan):
    listener = fan()
    with pytest.raises(PermissionDenied):
        services.post_news(artist, by=listener, title="Fake", body="Not us.")
    response = client_for(listener).post(
        f"/en/fans/{artist.slug}/news/new/", {"title": "Fake", "body": "Not us."}
    )
    assert response.status_code == 403
    assert not ArtistNews.objects.exists()

    response = client_for(owner).post(
        f"/en/fans/{artist.slug}/news/new/",
        {"title": "On tour", "body": "See you <script>alert(1)</script> **soon**"},
    )
    assert response.status_code == 302
    news = ArtistNews.objects.get()
    page = Client().get(news.get_absolute_url()).content.decode()
    assert "<strong>soon</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_news_with_an_image(artist, owner, tmp_path):
    image = make_image(tmp_path / "poster.png", size=(400, 400))
    with image.open("rb") as handle:
        response = client_for(owner).post(
            f"/en/fans/{artist.slug}/news/new/",
            {"title": "Poster", "body": "Look.", "image": handle},
        )
    assert response.status_code == 302
    news = ArtistNews.objects.get()
    assert news.image.name.endswith(".jpg")
    assert news.image.url in Client().get(news.get_absolute_url()).content.decode()


def test_fans_only_news_is_hidden_from_others(artist, owner, fan):
    reader = fan()
    secret = services.post_news(
        artist, by=owner, title="Secret show", body="Shh.", fans_only=True
    )
    public = services.post_news(artist, by=owner, title="New single", body="Out.")

    stranger = client_for(UserFactory())
    for client in (Client(), stranger):
        page = client.get(f"/en/fans/{artist.slug}/").content.decode()
        assert "New single" in page
        assert "Secret show" not in page
        assert client.get(secret.get_absolute_url()).status_code == 404
        assert client.get(public.get_absolute_url()).status_code == 200

    for client in (client_for(reader), client_for(owner)):
        assert "Secret show" in client.get(f"/en/fans/{artist.slug}/").content.decode()
        assert client.get(secret.get_absolute_url()).status_code == 200


def test_no_club_while_nothing_of_the_artist_is_published(owner, moderator):
    from jamhub.catalog.services import albums as album_services

    quiet = album_services.create_artist(name="Not Yet", by=owner)
    url = f"/en/fans/{quiet.slug}/"

    assert Client().get(url).status_code == 404
    assert client_for(UserFactory()).post(f"{url}join/").status_code == 404
    assert client_for(owner).get(url).status_code == 200
    assert client_for(moderator).get(url).status_code == 200
    assert not Fan.objects.filter(artist=quiet).exists()
