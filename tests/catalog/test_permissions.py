"""Who may see and change what: artists' members, moderators, everyone else."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, AlbumStatus, MemberRole, Original, Track
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.services import uploads
from tests.factories import UserFactory


@pytest.fixture
def stranger(db) -> User:
    """The owner of another artist."""
    user = UserFactory()
    album_services.create_artist(name="Other Band", by=user)
    return user


@pytest.fixture
def draft_with_track(album, upload, audio_file) -> Album:
    assert upload(album, audio_file("a.mp3", title="Dawn")).status_code == 200
    return album


STUDIO_REQUESTS = [
    ("get", "/en/studio/albums/{album}/"),
    ("post", "/en/studio/albums/{album}/"),
    ("post", "/en/studio/albums/{album}/upload/"),
    ("post", "/en/studio/albums/{album}/cover/"),
    ("post", "/en/studio/albums/{album}/tracks/"),
    ("post", "/en/studio/albums/{album}/tracks/{track}/delete/"),
    ("post", "/en/studio/albums/{album}/submit/"),
    ("get", "/en/studio/albums/{album}/progress/"),
]


@pytest.mark.parametrize(("method", "url"), STUDIO_REQUESTS)
def test_a_member_of_another_artist_gets_404_from_the_studio_pages_of_a_draft(
    draft_with_track, stranger, audio_file, method, url
):
    # given
    client = Client()
    client.force_login(stranger)
    track = draft_with_track.tracks.get()
    data = {
        "file": SimpleUploadedFile("b.mp3", audio_file("b.mp3").read_bytes()),
        "track": str(track.pk),
        f"title-{track.pk}": "Hijacked",
        "title": "Hijacked",
        "licence": "cc0-1.0",
    }

    # when
    response = getattr(client, method)(
        url.format(album=draft_with_track.pk, track=track.pk),
        data if method == "post" else None,
    )

    # then
    assert response.status_code == 404
    album = Album.objects.get(pk=draft_with_track.pk)
    assert album.status == AlbumStatus.DRAFT
    assert album.title == "First Light"
    assert list(album.tracks.values_list("title", flat=True)) == ["Dawn"]


def test_a_member_of_another_artist_cannot_start_an_album_for_it(artist, stranger):
    # given
    client = Client()
    client.force_login(stranger)

    # when
    response = client.post(
        f"/en/studio/artists/{artist.slug}/albums/new/",
        {"title": "Hijack", "licence": "cc-by-4.0"},
    )

    # then: nothing of the artist is published, so it is not there for a stranger
    assert response.status_code == 404
    assert not Album.objects.filter(title="Hijack").exists()


def test_the_services_refuse_a_member_of_another_artist(
    draft_with_track, artist, stranger, audio_file, cover_png
):
    # given
    album = draft_with_track
    track = album.tracks.get()
    attempts = {
        "create_album": lambda: album_services.create_album(
            artist, title="Hijack", licence="cc-by-4.0", by=stranger
        ),
        "update_album": lambda: album_services.update_album(
            album,
            by=stranger,
            title="Hijack",
            licence="cc-by-4.0",
            release_date=None,
            description="",
        ),
        "arrange_tracks": lambda: album_services.arrange_tracks(
            album, by=stranger, order=[track.pk], titles={track.pk: "Hijack"}
        ),
        "remove_track": lambda: album_services.remove_track(track, by=stranger),
        "submit_album": lambda: album_services.submit_album(album, by=stranger),
        "add_member": lambda: album_services.add_member(
            artist, user=stranger, role=MemberRole.OWNER, by=stranger
        ),
        "add_track": lambda: uploads.add_track(
            album, source=audio_file("b.mp3"), file_name="b.mp3", by=stranger
        ),
        "set_cover": lambda: uploads.set_cover(
            album, data=cover_png.read_bytes(), by=stranger
        ),
    }

    # when / then
    for name, attempt in attempts.items():
        with pytest.raises(PermissionDenied):
            attempt()
        album.refresh_from_db()
        assert album.title == "First Light", name
        assert album.status == AlbumStatus.DRAFT, name
        assert not album.cover, name
        assert list(album.tracks.values_list("title", flat=True)) == ["Dawn"], name
    assert not artist.memberships.filter(user=stranger).exists()


def test_a_draft_album_page_is_404_but_for_its_members_and_moderators(
    album, owner_client, moderator_client, listener_client, client
):
    # given
    url = "/en/artists/the-loops/first-light/"

    # then
    assert client.get(url).status_code == 404
    assert listener_client.get(url).status_code == 404
    assert client.get("/en/artists/the-loops/").status_code == 404
    owner_page = owner_client.get(url)
    assert owner_page.status_code == 200
    assert "This album is not public: Draft." in owner_page.content.decode()
    assert moderator_client.get(url).status_code == 200


def test_an_unpublished_albums_files_are_served_to_its_members_and_moderators_only(
    single_track_album,
    owner_client,
    moderator_client,
    listener_client,
    stranger,
    client,
):
    # given
    rendition = single_track_album.tracks.get().renditions.get(format="mp3")
    file_url = settings.MEDIA_URL + rendition.path
    page_url = "/en/artists/the-loops/first-light/"
    stranger_client = Client()
    stranger_client.force_login(stranger)

    # then strangers learn nothing
    for outsider in (client, listener_client, stranger_client):
        assert outsider.get(page_url).status_code == 404
        assert outsider.get(file_url).status_code == 404
    # and members and moderators preview it, never from a shared cache
    for insider in (owner_client, moderator_client):
        assert insider.get(page_url).status_code == 200
        response = insider.get(file_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "audio/mpeg"
        assert "public" not in response["Cache-Control"]
        assert (
            b"".join(response.streaming_content)
            == (Path(settings.MEDIA_ROOT) / rendition.path).read_bytes()
        )


def test_private_originals_are_never_served_even_to_the_owner(
    draft_with_track, owner, owner_client, moderator_client
):
    # given
    original = Original.objects.get(track__album=draft_with_track)
    assert original.path.startswith(f"private/originals/{draft_with_track.pk}/")
    assert (Path(settings.MEDIA_ROOT) / original.path).is_file()
    owner.is_superuser = True
    owner.save(update_fields=["is_superuser"])

    # when / then
    for client in (owner_client, moderator_client, Client()):
        assert client.get(settings.MEDIA_URL + original.path).status_code == 404
        # nor through a path that climbs out of a served folder
        climbing = f"albums/{draft_with_track.pk}/../../{original.path}"
        assert client.get(settings.MEDIA_URL + climbing).status_code == 404


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/moderation/albums/{pk}/", {"action": "approve"}),
        ("/en/moderation/albums/{pk}/", {"action": "reject", "reason": "no"}),
        ("/en/moderation/albums/{pk}/hide/", {"reason": "no"}),
        ("/en/moderation/albums/{pk}/restore/", {}),
        ("/en/moderation/artists/the-loops/trust/", {"trusted": "1"}),
    ],
)
def test_only_moderators_may_review_hide_restore_or_trust(
    waiting_album, owner_client, listener_client, client, url, data
):
    # given
    url = url.format(pk=waiting_album.pk)

    # when / then: a listener and the artist's own member are forbidden
    assert listener_client.post(url, data).status_code == 403
    assert owner_client.post(url, data).status_code == 403
    # an anonymous visitor is sent to sign in
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    album = Album.objects.get(pk=waiting_album.pk)
    assert album.status == AlbumStatus.PENDING_REVIEW
    assert not album.artist.is_trusted


def test_the_review_queue_is_for_moderators_only(
    waiting_album, owner_client, listener_client, moderator_client
):
    assert listener_client.get("/en/moderation/").status_code == 403
    assert owner_client.get("/en/moderation/").status_code == 403
    assert owner_client.get(
        f"/en/moderation/albums/{waiting_album.pk}/"
    ).status_code == (403)
    queue = moderator_client.get("/en/moderation/")
    assert queue.status_code == 200
    assert "First Light" in queue.content.decode()


def test_uploads_need_the_csrf_token(album, owner, audio_file):
    # given
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    song = audio_file("a.mp3").read_bytes()
    url = f"/en/studio/albums/{album.pk}/upload/"

    # when
    refused = client.post(url, {"file": SimpleUploadedFile("a.mp3", song)})

    # then
    assert refused.status_code == 403
    assert not Track.objects.filter(album=album).exists()

    # when the page's token is sent, as studio.js does
    client.get(f"/en/studio/albums/{album.pk}/")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(
        url,
        {"file": SimpleUploadedFile("a.mp3", song)},
        headers={"X-CSRFToken": token},
    )

    # then
    assert accepted.status_code == 200
    assert Track.objects.filter(album=album).count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_studio(album, client):
    response = client.get(f"/en/studio/albums/{album.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
