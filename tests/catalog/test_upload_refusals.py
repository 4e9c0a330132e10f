"""Every refused upload reaches the artist with its reason, over-long names included."""

from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile

from jamhub.catalog.models import Original

BOUNDARY = "jamhub-test-boundary"


def raw_multipart(name: str, data: bytes) -> bytes:
    """A form as a browser sends it: Django's test client would cut the name to 255
    characters before sending, which no browser does."""
    return (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def post_raw(client, album, name: str, data: bytes, *, accept: str, headers=None):
    return client.post(
        f"/en/studio/albums/{album.pk}/upload/",
        data=raw_multipart(name, data),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        headers={"Accept": accept, **(headers or {})},
    )


def test_a_5000_character_file_name_is_refused_with_the_limit(
    album, owner_client, assert_nothing_left
):
    response = post_raw(
        owner_client, album, "a" * 5000 + ".flac", b"fLaC", accept="application/json"
    )

    assert response.status_code == 400
    reason = response.json()["error"]
    assert "file name is too long" in reason
    assert "255 characters" in reason
    assert_nothing_left(album)


def test_the_same_refusal_as_a_page_says_the_reason(album, owner_client):
    response = post_raw(owner_client, album, "b" * 5000 + ".mp3", b"ID3", accept="*/*")

    assert response.status_code == 400
    page = response.content.decode()
    assert "data-error-reason" in page
    assert "255 characters" in page
    assert "Bad Request (400)" not in page


def test_a_declared_name_over_255_characters_is_refused_with_its_length(
    album, upload, owner_client, audio_file, assert_nothing_left
):
    long_name = "c" * 300 + ".flac"

    response = owner_client.post(
        f"/en/studio/albums/{album.pk}/upload/",
        {"file": SimpleUploadedFile("upload.flac", audio_file("x.flac").read_bytes())},
        headers={"X-File-Name": quote(long_name), "Accept": "application/json"},
    )

    assert response.status_code == 400
    [refusal] = response.json()["refused"]
    assert "305 characters" in refusal["reason"]
    assert "at most 255" in refusal["reason"]
    assert len(refusal["file"]) <= 60
    assert refusal["file"].endswith(".flac")
    assert_nothing_left(album)


def test_the_declared_name_is_kept_whole_in_any_script(album, owner_client, audio_file):
    # Headers carry Latin-1 only: the page percent-encodes the name.
    name = "Été ☕ – 夜明け.flac"

    response = owner_client.post(
        f"/en/studio/albums/{album.pk}/upload/",
        {"file": SimpleUploadedFile("upload.flac", audio_file("x.flac").read_bytes())},
        headers={"X-File-Name": quote(name), "Accept": "application/json"},
    )

    assert response.status_code == 200, response.json()
    assert Original.objects.get(track__album=album).original_name == name
