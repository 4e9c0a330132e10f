"""Artist spaces: the public profile any member edits, and members owners manage."""

import pytest
from django.core.exceptions import PermissionDenied

from jamhub.catalog.models import Artist, ArtistMembership, MemberRole
from jamhub.catalog.services import albums as album_services
from tests.factories import UserFactory, client_for
from tests.media import make_image

SETTINGS_URL = "/en/studio/artists/the-loops/"


def test_a_member_edits_the_profile_with_links_and_an_image(
    artist, owner_client, tmp_path
):
    image = make_image(tmp_path / "band.png", size=(800, 600))

    with image.open("rb") as handle:
        response = owner_client.post(
            SETTINGS_URL,
            {
                "name": "The Loops",
                "location": "Lyon",
                "bio": "Drones, loops and **tape**.",
                "links": "https://theloops.example\n\nhttps://bandcamp.example/loops",
                "image": handle,
            },
        )

    assert response.status_code == 302
    artist.refresh_from_db()
    assert artist.links == [
        "https://theloops.example",
        "https://bandcamp.example/loops",
    ]
    assert artist.image.name.endswith(".jpg")
    page = owner_client.get(artist.get_absolute_url()).content.decode()
    assert 'href="https://bandcamp.example/loops"' in page
    assert "<strong>tape</strong>" in page


def test_links_must_be_web_addresses(artist, owner_client):
    response = owner_client.post(
        SETTINGS_URL,
        {"name": "The Loops", "links": "javascript:alert(1)"},
    )

    assert response.status_code == 200
    assert "is not a web address" in response.content.decode()
    artist.refresh_from_db()
    assert artist.links == []


def test_an_owner_adds_and_removes_a_member(artist, owner, owner_client):
    drummer = UserFactory(email="drummer@example.org", display_name="Drums")

    added = owner_client.post(
        SETTINGS_URL + "members/", {"email": "Drummer@Example.org", "role": "member"}
    )
    assert added.status_code == 302
    assert ArtistMembership.objects.filter(artist=artist, user=drummer).exists()
    assert drummer.groups.filter(name="Artist members").exists()

    removed = owner_client.post(SETTINGS_URL + f"members/{drummer.public_id}/remove/")
    assert removed.status_code == 302
    assert not ArtistMembership.objects.filter(artist=artist, user=drummer).exists()


def test_a_plain_member_cannot_manage_members(artist):
    member = UserFactory()
    ArtistMembership.objects.create(artist=artist, user=member, role=MemberRole.MEMBER)
    stranger = UserFactory()

    response = client_for(member).post(
        SETTINGS_URL + "members/", {"email": stranger.email, "role": "owner"}
    )

    assert response.status_code == 403
    assert not ArtistMembership.objects.filter(user=stranger).exists()


def test_the_last_owner_stays(artist, owner, owner_client):
    response = owner_client.post(
        SETTINGS_URL + f"members/{owner.public_id}/remove/", follow=True
    )

    assert "An artist keeps at least one owner." in response.content.decode()
    assert ArtistMembership.objects.filter(artist=artist, user=owner).exists()


def test_a_stranger_cannot_open_or_change_the_profile(artist):
    stranger = client_for(UserFactory())

    # Nothing of it is published: not there for a stranger (see get_artist_for).
    assert stranger.get(SETTINGS_URL).status_code == 404
    response = stranger.post(SETTINGS_URL, {"name": "Hijacked"})
    assert response.status_code == 404
    assert Artist.objects.get(pk=artist.pk).name == "The Loops"


def test_update_artist_checks_membership(artist):
    with pytest.raises(PermissionDenied):
        album_services.update_artist(
            artist, by=UserFactory(), name="X", bio="", location="", links=[]
        )
