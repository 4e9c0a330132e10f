"""The catalogue in the CMS: moderators list and edit metadata, and find the queue."""

from django.urls import reverse

from jamhub.catalog.models import Album


def test_moderators_find_the_catalogue_and_the_review_queue_in_the_cms(
    moderator_client, waiting_album
):
    home = moderator_client.get("/cms/")
    albums = moderator_client.get("/cms/catalogue/albums/")

    assert home.status_code == 200
    assert reverse("catalog:moderation-queue") in home.content.decode()
    assert albums.status_code == 200
    assert "First Light" in albums.content.decode()


def test_a_moderator_edits_an_albums_metadata_but_not_its_status(
    moderator_client, waiting_album
):
    edit_url = f"/cms/catalogue/albums/edit/{waiting_album.pk}/"
    form = moderator_client.get(edit_url)

    response = moderator_client.post(
        edit_url,
        {
            "title": "First Light (remastered)",
            "release_date": "2024-05-01",
            "description": "Now with liner notes.",
            "tags": "ambient, drone",
            "status": "published",  # not a field of the form: ignored
        },
    )

    assert form.status_code == 200
    assert 'name="status"' not in form.content.decode()
    assert response.status_code == 302
    album = Album.objects.get(pk=waiting_album.pk)
    assert album.title == "First Light (remastered)"
    assert album.status == waiting_album.status
    assert sorted(album.tags.names()) == ["ambient", "drone"]


def test_a_listener_cannot_open_the_catalogue_in_the_cms(
    listener_client, waiting_album
):
    response = listener_client.get("/cms/catalogue/albums/")

    assert response.status_code in {302, 403}
