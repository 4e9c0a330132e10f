"""Bad files through the studio's upload endpoint: each refused with words for the
artist, and nothing of it left behind."""

import io
import stat
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings

from jamhub.catalog.models import Album, AlbumStatus, Original, Track
from tests.media import make_image, truncate

NOT_AUDIO = "This file is not audio we can read."
TRUNCATED = (
    "Part of this recording is missing: the file stops before its end, as if the "
    "upload or the export was cut short. Please export it again and upload it."
)
HLS_PLAYLIST = (
    b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n"
    b"#EXT-X-ENDLIST\n"
)
ZIP_BOMB = (
    "This zip unpacks to far more data than it holds, as a zip bomb does, so we did "
    "not unpack it."
)


def make_zip(path: Path, entries: dict[str, bytes], *, symlinks=()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in symlinks:
            link = zipfile.ZipInfo(name)
            link.create_system = 3  # Unix, so the mode bits are read
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(link, target)
    return path


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG whose header claims width x height 1-bit pixels (one IDAT row)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_an_empty_file_is_refused(album, upload, assert_nothing_left):
    response = upload(album, name="empty.mp3", data=b"")

    assert response.status_code == 400
    assert response.json() == {
        "refused": [{"file": "empty.mp3", "reason": "The file is empty."}]
    }
    assert_nothing_left(album)


def test_random_bytes_named_mp3_are_refused(album, upload, assert_nothing_left):
    data = bytes(range(256)) * 64

    response = upload(album, name="song.mp3", data=data)

    assert response.status_code == 400
    assert response.json() == {"refused": [{"file": "song.mp3", "reason": NOT_AUDIO}]}
    assert_nothing_left(album)


def test_a_text_hls_playlist_named_mp3_is_refused(album, upload, assert_nothing_left):
    response = upload(album, name="playlist.mp3", data=HLS_PLAYLIST)

    assert response.status_code == 400
    assert response.json() == {
        "refused": [{"file": "playlist.mp3", "reason": NOT_AUDIO}]
    }
    assert_nothing_left(album)


def test_a_flac_named_mp3_is_accepted_and_typed_as_flac(
    album, upload, audio_file, assert_nothing_left
):
    # given
    flac = audio_file("real.flac", title="Disguised")

    # when
    response = upload(album, flac, name="disguised.mp3")

    # then
    assert response.status_code == 200
    assert response.json()["refused"] == []
    assert [t["title"] for t in response.json()["tracks"]] == ["Disguised"]
    original = Original.objects.get(track__album=album)
    assert (original.format_name, original.codec) == ("flac", "flac")
    assert original.lossless
    assert original.original_name == "disguised.mp3"
    assert original.size == flac.stat().st_size
    assert (Path(settings.MEDIA_ROOT) / original.path).read_bytes() == (
        flac.read_bytes()
    )
    assert_nothing_left(album, accepted=1)


@pytest.mark.parametrize("suffix", [".mp3", ".flac"])
def test_a_truncated_file_is_accepted_then_failed_by_the_decode_check(
    album, upload, audio_file, submit, suffix
):
    # given a file cut in half: its header still declares the full length
    truncated = truncate(audio_file(f"cut{suffix}", title="Cut short"), 0.5)

    # when
    response = upload(album, truncated)

    # then the upload is accepted with the declared duration
    assert response.status_code == 200
    assert response.json()["tracks"][0]["duration"] == pytest.approx(2.0, abs=0.1)

    # when
    album = submit(album)

    # then
    assert album.status == AlbumStatus.DRAFT
    assert album.status_reason == "01. Cut short"
    track = album.tracks.get()
    assert track.error_message == TRUNCATED
    assert track.state == "failed"
    assert not track.renditions.exists()
    assert not (Path(settings.MEDIA_ROOT) / "albums" / str(album.pk)).exists()


def test_a_file_over_the_size_limit_is_refused(
    album, upload, settings, assert_nothing_left
):
    # given
    settings.JAMHUB_MAX_AUDIO_BYTES = 1024**2

    # when the body is 1 byte too long (the declared length passes the pre-check)
    response = upload(album, name="big.wav", data=b"\0" * (1024**2 + 1))

    # then
    assert response.status_code == 400
    assert response.json() == {
        "refused": [
            {"file": "big.wav", "reason": "The file is larger than 1.0\u00a0MB."}
        ]
    }
    assert_nothing_left(album)


def test_a_request_declaring_too_many_bytes_is_refused_before_its_body_is_read(
    album, owner_client, audio_file, settings, assert_nothing_left
):
    # given a small valid file, in a request whose Content-Length says 2 MB
    settings.JAMHUB_MAX_AUDIO_BYTES = 1024**2
    song = audio_file("small.mp3")

    # when
    with song.open("rb") as handle:
        response = owner_client.post(
            f"/en/studio/albums/{album.pk}/upload/",
            {"file": handle},
            headers={"X-File-Name": "small.mp3"},
            CONTENT_LENGTH=str(2 * 1024**2),
        )

    # then
    assert response.status_code == 400
    assert response.json() == {
        "refused": [
            {"file": "small.mp3", "reason": "The file is larger than 1.0\u00a0MB."}
        ]
    }
    assert_nothing_left(album)


def test_an_album_takes_at_most_the_configured_number_of_tracks(
    album, upload, audio_file, settings, assert_nothing_left
):
    # given
    settings.JAMHUB_MAX_TRACKS_PER_ALBUM = 2
    upload(album, audio_file("1.mp3"))
    upload(album, audio_file("2.mp3"))

    # when
    response = upload(album, audio_file("3.mp3"))

    # then
    assert response.status_code == 400
    assert response.json()["refused"] == [
        {"file": "3.mp3", "reason": "An album has at most 2 tracks."}
    ]
    assert_nothing_left(album, accepted=2)


def test_an_album_waiting_for_review_takes_no_upload(
    album, upload, audio_file, assert_nothing_left
):
    # given
    Album.objects.filter(pk=album.pk).update(status=AlbumStatus.PENDING_REVIEW)

    # when
    response = upload(album, audio_file("late.mp3"))

    # then
    assert response.status_code == 409
    assert response.json() == {
        "error": "This album cannot be changed while it is waiting for review."
    }
    assert_nothing_left(album)


def test_a_zip_keeps_its_good_files_and_lists_the_unsafe_entries(
    album, upload, audio_file, tmp_path, assert_nothing_left
):
    # given two good files, a copy of one under names that leave the folder, and a
    # symlink
    good = audio_file("a.mp3", title="Dawn").read_bytes()
    zipped = make_zip(
        tmp_path / "album.zip",
        {
            "First Light/01 Dawn.mp3": good,
            "First Light/02 Dusk.mp3": audio_file("b.mp3", title="Dusk").read_bytes(),
            "../evil.mp3": good,
            "/etc/cron.d/evil.mp3": good,
        },
        symlinks=[("First Light/passwd.mp3", "/etc/passwd")],
    )

    # when
    response = upload(album, zipped)

    # then
    assert response.status_code == 200
    payload = response.json()
    assert [t["title"] for t in payload["tracks"]] == ["Dawn", "Dusk"]
    assert [t["number"] for t in payload["tracks"]] == [1, 2]
    outside = "Its name points outside the folder of the zip."
    assert sorted((r["file"], r["reason"]) for r in payload["refused"]) == [
        ("album.zip: ../evil.mp3", outside),
        ("album.zip: /etc/cron.d/evil.mp3", outside),
        (
            "album.zip: First Light/passwd.mp3",
            "It is a link to another file, not a file.",
        ),
    ]
    assert_nothing_left(album, accepted=2)
    assert not list(Path(settings.MEDIA_ROOT).rglob("evil.mp3"))
    assert not list(Path(settings.MEDIA_ROOT).rglob("passwd*"))


def test_a_zip_upload_leaves_no_temporary_file(
    album, upload, audio_file, tmp_path, monkeypatch
):
    # given
    temporary = tmp_path / "system-tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    zipped = make_zip(
        tmp_path / "album.zip", {"a.mp3": audio_file("a.mp3").read_bytes()}
    )

    # when
    response = upload(album, zipped)

    # then
    assert response.status_code == 200
    assert list(temporary.iterdir()) == []


def test_a_zip_bomb_is_refused_whole(
    album, upload, audio_file, tmp_path, assert_nothing_left
):
    # given a good file, then 8 MB of zeros that deflate about a thousand times
    zipped = make_zip(
        tmp_path / "bomb.zip",
        {
            "01 Dawn.mp3": audio_file("a.mp3").read_bytes(),
            "02 Silence.wav": bytes(8 * 1024**2),
        },
    )
    assert zipped.stat().st_size < 100_000

    # when
    response = upload(album, zipped)

    # then
    assert response.status_code == 400
    assert response.json() == {"refused": [{"file": "bomb.zip", "reason": ZIP_BOMB}]}
    assert_nothing_left(album)


def test_a_decompression_bomb_cover_is_refused_with_a_message(
    album, owner_client, assert_nothing_left
):
    # given a 300-byte PNG that claims 20000 x 20000 pixels
    bomb = io.BytesIO(png_header_only(20_000, 20_000))
    bomb.name = "cover.png"

    # when
    response = owner_client.post(
        f"/en/studio/albums/{album.pk}/cover/", {"cover": bomb}, follow=True
    )

    # then
    assert response.redirect_chain == [(f"/en/studio/albums/{album.pk}/", 302)]
    message = "This picture is too large: it may have 40 megapixels at most."
    assert messages_in(response) == [message]
    assert message in response.content.decode()
    album.refresh_from_db()
    assert not album.cover
    assert not (Path(settings.MEDIA_ROOT) / "images").exists()


def test_a_png_with_html_appended_is_refused_with_a_message(
    album, owner_client, tmp_path
):
    # given
    path = make_image(tmp_path / "cover.png", size=(400, 400))
    path.write_bytes(path.read_bytes() + b"<html><script>alert(1)</script></html>")

    # when
    with path.open("rb") as handle:
        response = owner_client.post(
            f"/en/studio/albums/{album.pk}/cover/", {"cover": handle}, follow=True
        )

    # then
    message = (
        "This picture has extra data hidden after its end. Please export it again "
        "from your image software."
    )
    assert messages_in(response) == [message]
    assert message in response.content.decode()
    album.refresh_from_db()
    assert not album.cover
    assert not (Path(settings.MEDIA_ROOT) / "images").exists()


def test_a_good_cover_is_stored_as_jpeg(album, owner_client, cover_png):
    with cover_png.open("rb") as handle:
        response = owner_client.post(
            f"/en/studio/albums/{album.pk}/cover/", {"cover": handle}, follow=True
        )

    assert messages_in(response) == ["Cover saved."]
    album.refresh_from_db()
    assert album.cover.name.startswith("images/album/")
    assert album.cover.name.endswith(".jpg")
    assert album.cover.read().startswith(b"\xff\xd8")


def test_script_tags_and_bidi_controls_in_tags_are_cleaned_and_escaped(
    album, upload, audio_file, owner_client
):
    # given a title with markup and a right-to-left override, in a file whose name
    # hides its extension behind one too
    title = "<script>alert(1)</script>\u202eevil\u202c \u2066Song\u2069"
    song = audio_file("a.mp3", title=title)

    # when
    response = upload(album, song, name="cover\u202egpj.mp3")

    # then the stored text has no bidi controls and keeps the markup as text
    assert response.status_code == 200
    track = Track.objects.get(album=album)
    assert track.title == "<script>alert(1)</script>evil Song"
    assert track.original.original_name == "covergpj.mp3"
    assert track.original.tags["title"] == "<script>alert(1)</script>evil Song"
    # and the manage page escapes it
    page = owner_client.get(f"/en/studio/albums/{album.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;evil Song" in page
    assert "<script>alert(1)</script>" not in page
    assert "\u202e" not in page
    assert "\u2066" not in page
