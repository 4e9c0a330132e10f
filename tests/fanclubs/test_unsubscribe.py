"""One-click unsubscribe: a signed link per fan club, or for every fan club email."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from jamhub.catalog.services import albums as album_services
from jamhub.fanclubs import services
from jamhub.fanclubs.emails import unsubscribe_url
from jamhub.fanclubs.models import Fan, FanNotification

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def link_for(user_id: int, language: str = "en") -> str:
    with translation.override(language):
        return path_of(unsubscribe_url(user_id))


def test_a_fan_club_mail_unsubscribes_from_that_club(
    artist, owner, fan, django_capture_on_commit_callbacks
):
    listener = fan(news_email="immediate")
    other_artist = album_services.create_artist(name="Other Band", by=owner)
    services.become_fan(other_artist, user=listener)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_news(artist, by=owner, title="On tour", body="Lyon.")
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body

    # A mail client's one-click POST: no session, no CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(path_of(link), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Fan.objects.get(artist=artist, user=listener).emails_muted
    assert not Fan.objects.get(artist=other_artist, user=listener).emails_muted
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_news(artist, by=owner, title="Again", body="Still here.")
        services.post_news(other_artist, by=owner, title="Hello", body="Hi.")
    assert [m.subject.split(": ")[-1] for m in mail.outbox] == ["Hello"]
    # Still told on the site.
    assert FanNotification.objects.filter(user=listener, news__title="Again").exists()


def test_opening_the_link_asks_before_unsubscribing(fan):
    listener = fan()
    link = link_for(listener.pk)

    page = Client().get(link)

    assert page.status_code == 200
    assert "Stop every fan club email?" in page.content.decode()
    assert services.preferences_of(listener).album_email == "daily"
    Client().post(link)
    preferences = services.preferences_of(listener)
    assert (preferences.album_email, preferences.news_email) == ("never", "never")


def test_unsubscribing_from_everything_cancels_waiting_digests(draft, publish, fan):
    listener = fan(album_email="weekly")
    publish(draft())
    Client().post(link_for(listener.pk))
    mail.outbox.clear()
    assert services.send_digests("weekly") == 0
    assert mail.outbox == []


def test_a_forged_link_is_not_found(fan):
    listener = fan()
    link = link_for(listener.pk)
    assert Client().post(link[:-3] + "xyz/").status_code == 404
    assert services.preferences_of(listener).album_email == "daily"


def test_the_unsubscribe_page_in_french(fan):
    listener = fan()
    link = link_for(listener.pk, "fr")
    assert (
        "Arrêter tous les emails des fan-clubs\u202f?"
        in Client().get(link).content.decode()
    )
