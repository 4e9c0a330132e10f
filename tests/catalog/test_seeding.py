"""Listeners' passkeys: personal .torrent files and magnet links, and the page that
shows what their clients carried."""

import hashlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import Client

from jamhub.catalog.models import Passkey, SeedingCredit
from jamhub.catalog.services import albums as album_services
from seeder.tracker.bencode import bdecode, bencode
from tests.factories import UserFactory, client_for


def info_hash(data: bytes) -> str:
    return hashlib.sha1(bencode(bdecode(data)[b"info"])).hexdigest()  # noqa: S324


@pytest.fixture
def listener(db):
    return UserFactory(display_name="Fan")


def personal_url(album, fmt="mp3") -> str:
    return f"/en/artists/{album.artist.slug}/{album.slug}/torrent/{fmt}/"


def test_a_personal_torrent_is_the_same_swarm_with_the_listeners_passkey(
    published_album, listener
):
    torrent = published_album.torrents.get(format="mp3")
    public = (Path(settings.MEDIA_ROOT) / torrent.path).read_bytes()

    response = client_for(listener).get(personal_url(published_album))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bittorrent"
    assert response["Cache-Control"] == "private, no-store"
    key = Passkey.objects.get(user=listener).key
    metainfo = bdecode(response.content)
    tracker = settings.JAMHUB_TRACKER_URLS[0].removesuffix("/announce")
    assert metainfo[b"announce"].decode() == f"{tracker}/{key}/announce"
    assert info_hash(response.content) == info_hash(public) == torrent.info_hash
    assert metainfo[b"url-list"] == bdecode(public)[b"url-list"]


def test_the_album_page_gives_a_signed_in_listener_personal_links(
    published_album, listener
):
    html = client_for(listener).get(published_album.get_absolute_url()).content.decode()
    anonymous = Client().get(published_album.get_absolute_url()).content.decode()

    key = Passkey.objects.get(user=listener).key
    assert personal_url(published_album) in html
    assert key in unquote(html)
    assert personal_url(published_album) not in anonymous
    assert "/torrents/" in anonymous  # the public .torrent, cacheable
    assert key not in unquote(anonymous)


def test_personal_torrents_need_an_account_and_a_published_album(
    published_album, listener, moderator
):
    fan = client_for(listener)
    assert Client().get(personal_url(published_album)).status_code == 302
    assert fan.get(personal_url(published_album, "wav")).status_code == 404
    assert fan.get(personal_url(published_album)).status_code == 200

    album_services.hide_album(published_album, by=moderator, reason="Checking.")

    assert fan.get(personal_url(published_album)).status_code == 404


def test_the_seeding_page_shows_credits_and_replaces_the_passkey(
    published_album, listener
):
    torrent = published_album.torrents.get(format="ogg")
    SeedingCredit.objects.create(
        user=listener, torrent=torrent, uploaded=3 * 1024 * 1024, downloaded=1024
    )
    client = client_for(listener)

    html = client.get("/en/seeding/").content.decode()
    old_key = Passkey.objects.get(user=listener).key
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(listener)
    refused = csrf_client.post("/en/seeding/passkey/")
    response = client.post("/en/seeding/passkey/")

    assert "3.0\xa0MB" in html
    assert published_album.title in html
    assert refused.status_code == 403
    assert response.status_code == 302
    assert Passkey.objects.get(user=listener).key != old_key
    assert client.get("/en/seeding/passkey/").status_code == 405


def test_the_seeding_page_is_in_french(listener):
    html = client_for(listener).get("/fr/seeding/").content.decode()

    assert "Votre partage" in html
