"""Fans are told of new albums and news, as each prefers, on the site and by email."""

import pytest
from django.core import mail

from jamhub.fanclubs import services
from jamhub.fanclubs.models import FanNotification

pytestmark = pytest.mark.django_db


def mails_to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


def test_publishing_an_album_tells_the_fans(draft, publish, fan, owner):
    now = fan(album_email="immediate")
    later = fan(album_email="daily")
    mail.outbox.clear()

    album = publish(draft())

    assert FanNotification.objects.filter(album=album).count() == 2
    [message] = mails_to(now)
    assert "New album by The Loops: Second Wind" in message.subject
    assert album.get_absolute_url() in message.body
    assert mails_to(later) == []
    # The artist's own members were told by the catalogue, not as fans.
    assert not FanNotification.objects.filter(user=owner).exists()


def test_an_album_is_announced_once(draft, publish, fan, moderator):
    listener = fan(album_email="immediate")
    album = publish(draft())
    mail.outbox.clear()

    assert services.announce_album(album.pk) == 0

    assert FanNotification.objects.filter(user=listener).count() == 1
    assert mails_to(listener) == []


def test_never_means_never(draft, publish, fan):
    quiet = fan(album_email="never", album_site="never")
    site_only = fan(album_email="never", album_site="immediate")
    mail.outbox.clear()

    publish(draft())

    assert not FanNotification.objects.filter(user=quiet).exists()
    notification = FanNotification.objects.get(user=site_only)
    assert notification.on_site
    assert notification.email_frequency == "never"
    assert mails_to(quiet) == mails_to(site_only) == []


def test_news_goes_to_fans_by_their_news_preference(
    artist, owner, fan, django_capture_on_commit_callbacks
):
    now = fan(news_email="immediate")
    weekly = fan(news_email="weekly")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        news = services.post_news(
            artist, by=owner, title="On tour", body="Lyon, *then* Paris."
        )

    [message] = mails_to(now)
    assert message.subject.endswith("News from The Loops: On tour")
    assert "Lyon, *then* Paris." in message.body
    assert FanNotification.objects.get(user=weekly, news=news).emailed_at is None


def test_the_daily_digest_gathers_what_waits(
    artist, owner, draft, publish, fan, django_capture_on_commit_callbacks
):
    reader = fan(album_email="daily", news_email="daily")
    weekly = fan(album_email="weekly", news_email="weekly")
    album = publish(draft("Second Wind"))
    with django_capture_on_commit_callbacks(execute=True):
        services.post_news(artist, by=owner, title="On tour", body="Lyon.")
        services.post_news(
            artist, by=owner, title="Secret show", body="Shh.", fans_only=True
        )
    mail.outbox.clear()

    assert services.send_digests("daily") == 1

    [digest] = mails_to(reader)
    assert "Your daily fan club digest: 3 updates" in digest.subject
    assert "The Loops: Second Wind" in digest.body
    assert album.get_absolute_url() in digest.body
    assert "The Loops: On tour" in digest.body
    assert "The Loops: Secret show (fans only)" in digest.body
    assert "Lyon." not in digest.body  # digests list, single mails tell
    assert "/fan-clubs/unsubscribe/" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest.extra_headers["List-Unsubscribe"].startswith("<http")
    assert mails_to(weekly) == []
    # Sent once.
    mail.outbox.clear()
    assert services.send_digests("daily") == 0
    assert services.send_digests("weekly") == 1
    assert len(mails_to(weekly)) == 1


def test_the_digest_is_in_the_fans_language(draft, publish, fan):
    french = fan(locale="fr", album_email="weekly")
    publish(draft("Vent second"))
    mail.outbox.clear()

    services.send_digests("weekly")

    [digest] = mails_to(french)
    assert (
        "Votre résumé hebdomadaire des fan-clubs\u00a0: 1 nouveauté" in digest.subject
    )
    assert "Nouveaux albums" in digest.body
    assert "Se désabonner en un clic" in digest.body


def test_an_immediate_mail_in_french(
    artist, owner, fan, django_capture_on_commit_callbacks
):
    french = fan(locale="fr", news_email="immediate")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_news(artist, by=owner, title="En tournée", body="Lyon.")
    [message] = mails_to(french)
    assert "Des nouvelles de The Loops\u00a0: En tournée" in message.subject
    assert "Bonjour" in message.body


def test_on_site_notifications_and_reading_them(draft, publish, fan):
    from tests.factories import client_for

    listener = fan(album_email="never")
    publish(draft("Second Wind"))
    client = client_for(listener)

    page = client.get("/en/fan-clubs/notifications/").content.decode()
    assert "New album by The Loops:" in page
    assert "Second Wind" in page
    assert '<span class="badge">1</span>' in client.get("/en/albums/").content.decode()

    client.post("/en/fan-clubs/notifications/")
    assert FanNotification.objects.get(user=listener).read_at is not None
    assert 'class="badge"' not in client.get("/en/albums/").content.decode()


def test_preferences_page_saves_choices(fan):
    from tests.factories import client_for

    listener = fan()
    client = client_for(listener)
    assert (
        "In a weekly digest"
        in client.get("/en/fan-clubs/preferences/").content.decode()
    )
    response = client.post(
        "/en/fan-clubs/preferences/",
        {
            "album_site": "never",
            "album_email": "weekly",
            "news_site": "immediate",
            "news_email": "never",
        },
    )
    assert response.status_code == 302
    preferences = services.preferences_of(listener)
    assert (preferences.album_site, preferences.album_email) == ("never", "weekly")
    assert preferences.news_email == "never"
    french = client.get("/fr/fan-clubs/preferences/").content.decode()
    assert "Dans un résumé hebdomadaire" in french
