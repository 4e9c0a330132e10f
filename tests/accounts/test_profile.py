"""Editing one's profile and avatar; the public profile page."""

import io
import os
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from jamhub.accounts.models import User
from tests.factories import UserFactory

PROFILE_URL = "/en/accounts/profile/"
INVALID_IMAGE = (
    "Upload a valid image. The file you uploaded was either not an image or a "
    "corrupted image."
)

pytestmark = pytest.mark.django_db


def png_upload(size: tuple[int, int], mode: str = "RGB", name: str = "me.png"):
    """A real PNG file of the given size, as the browser would upload it."""
    buffer = io.BytesIO()
    Image.new(mode, size, color=1 if mode == "1" else (200, 30, 90)).save(
        buffer, format="PNG"
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(user: User, **changes: object) -> dict[str, object]:
    return {"display_name": user.display_name, "locale": user.locale, **changes}


def test_profile_requires_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={PROFILE_URL}"


def test_profile_page_shows_the_current_values(client):
    user = UserFactory(display_name="Ada Lovelace", locale="fr")
    client.force_login(user)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["display_name"].value() == "Ada Lovelace"
    assert form["locale"].value() == "fr"


def test_user_changes_display_name_and_email_language(client):
    user = UserFactory(display_name="Ada", locale="en")
    client.force_login(user)

    response = client.post(
        PROFILE_URL, {"display_name": "  Countess Lovelace ", "locale": "fr"}
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    user.refresh_from_db()
    assert user.display_name == "Countess Lovelace"
    assert user.locale == "fr"
    assert "Your profile has been saved." in client.get(PROFILE_URL).content.decode()


def test_an_unknown_language_is_refused(client):
    user = UserFactory(locale="en")
    client.force_login(user)

    response = client.post(PROFILE_URL, profile_data(user, locale="xx"))

    assert response.status_code == 200
    assert "locale" in response.context["form"].errors
    user.refresh_from_db()
    assert user.locale == "en"


def test_avatar_is_re_encoded_as_a_256_pixel_square_webp(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        PROFILE_URL, profile_data(user, avatar=png_upload((640, 400)))
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.avatar.name.startswith("avatars/")
    assert user.avatar.name.endswith(".webp")
    with Image.open(user.avatar.path) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (256, 256)
    page = client.get(PROFILE_URL).content.decode()
    assert f'src="{user.avatar.url}"' in page


def test_a_new_avatar_replaces_and_deletes_the_old_one(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    client.post(PROFILE_URL, profile_data(user, avatar=png_upload((300, 300))))
    user.refresh_from_db()
    old = user.avatar.path

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, profile_data(user, avatar=png_upload((64, 64))))

    user.refresh_from_db()
    assert user.avatar.path != old
    assert user.avatar.storage.exists(user.avatar.name)
    with pytest.raises(FileNotFoundError):
        open(old, "rb").close()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_changes(client):
    user = UserFactory(display_name="Ada")
    client.force_login(user)
    fake = SimpleUploadedFile(
        "holiday.png", b"#!/bin/sh\necho not a picture\n", content_type="image/png"
    )

    response = client.post(
        PROFILE_URL, {"display_name": "Changed", "locale": "en", "avatar": fake}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["avatar"]
    assert errors == [INVALID_IMAGE]
    assert "Upload a valid image." in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Ada"
    assert not user.avatar


def test_a_decompression_bomb_is_refused(client):
    user = UserFactory(display_name="Ada")
    client.force_login(user)
    # 900 million pixels in about 100 kB of PNG.
    bomb = png_upload((30_000, 30_000), mode="1", name="bomb.png")
    assert bomb.size < 1_000_000

    response = client.post(
        PROFILE_URL, {"display_name": "Changed", "locale": "en", "avatar": bomb}
    )

    assert response.status_code == 200
    # Pillow refuses to open it, so Django's image field reports it as unreadable.
    assert response.context["form"].errors["avatar"] == [INVALID_IMAGE]
    user.refresh_from_db()
    assert user.display_name == "Ada"
    assert not user.avatar


def test_an_image_over_our_pixel_limit_is_refused_with_our_message(client):
    # 30 million pixels: Pillow opens it, JamHub's 25-million-pixel limit does not.
    user = UserFactory(display_name="Ada")
    client.force_login(user)

    response = client.post(
        PROFILE_URL,
        profile_data(user, avatar=png_upload((6_000, 5_000), mode="1")),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["avatar"] == [
        "The image has too many pixels."
    ]
    user.refresh_from_db()
    assert not user.avatar


def test_an_image_format_we_do_not_take_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64)).save(buffer, format="BMP")
    bitmap = SimpleUploadedFile("me.bmp", buffer.getvalue(), content_type="image/bmp")

    response = client.post(PROFILE_URL, profile_data(user, avatar=bitmap))

    assert response.status_code == 200
    assert response.context["form"].errors["avatar"] == [
        "Use a JPEG, PNG, WebP or GIF image."
    ]
    user.refresh_from_db()
    assert not user.avatar


def test_an_avatar_over_5_mb_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    buffer = io.BytesIO()
    # Random pixels do not compress: about 5.9 MB of PNG.
    noise = Image.frombytes("RGB", (1500, 1300), os.urandom(1500 * 1300 * 3))
    noise.save(buffer, format="PNG", compress_level=1)
    big = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    assert big.size > 5 * 1024 * 1024

    response = client.post(PROFILE_URL, profile_data(user, avatar=big))

    assert response.status_code == 200
    assert response.context["form"].errors["avatar"] == [
        "The image is larger than 5 MB."
    ]
    user.refresh_from_db()
    assert not user.avatar


def test_remove_avatar_clears_the_field_and_deletes_the_file(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory()
    client.force_login(user)
    client.post(PROFILE_URL, profile_data(user, avatar=png_upload((100, 100))))
    user.refresh_from_db()
    path = user.avatar.path
    with open(path, "rb") as stored:
        assert stored.read(4) == b"RIFF"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROFILE_URL, profile_data(user, remove_avatar="on"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.avatar
    with pytest.raises(FileNotFoundError):
        open(path, "rb").close()


def test_profile_post_without_csrf_token_is_forbidden():
    user = UserFactory(display_name="Ada")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(PROFILE_URL, {"display_name": "Mallory", "locale": "en"})

    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name == "Ada"


def test_profile_post_with_the_csrf_token_from_the_form_is_accepted():
    user = UserFactory(display_name="Ada")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(PROFILE_URL)
    token = page.context["csrf_token"]

    response = client.post(
        PROFILE_URL,
        {"display_name": "Ada L.", "locale": "en", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Ada L."


def test_public_profile_shows_the_display_name_but_not_the_email(client):
    person = UserFactory(email="secret.address@example.org", display_name="Ada L.")

    response = client.get(f"/en/accounts/people/{person.public_id}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Ada L.</h1>" in page
    assert "secret.address" not in page
    assert "example.org" not in page


def test_public_profile_of_an_unknown_or_deactivated_person_is_not_found(client):
    gone = UserFactory(is_active=False)

    assert client.get(f"/en/accounts/people/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/en/accounts/people/{gone.public_id}/").status_code == 404
