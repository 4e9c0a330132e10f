"""Licence and attribution written into real MP3, Ogg Vorbis and FLAC files."""

import base64
import os
from pathlib import Path

import mutagen
import mutagen.flac
import pytest
from mutagen.flac import FLAC, Picture
from mutagen.id3 import ID3
from mutagen.oggvorbis import OggVorbis

from jamhub.licensing.licences import get_licence
from jamhub.licensing.tags import (
    TagError,
    TrackCredits,
    detect_format,
    read_licence,
    write_tags,
)
from tests.media import make_audio, make_image

FORMATS = ["mp3", "ogg", "flac"]
ALBUM_URL = "https://jamhub.example/albums/42-tides-of-glass/"
BY_NC_SA = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
NOTICE = (
    f"2024 Émilie & Zoë 東京. Licensed to the public under {BY_NC_SA} "
    f"verify at {ALBUM_URL}"
)
VORBIS_KEYS = {
    "TITLE",
    "ARTIST",
    "ALBUMARTIST",
    "ALBUM",
    "TRACKNUMBER",
    "TRACKTOTAL",
    "DISCNUMBER",
    "DATE",
    "LICENSE",
    "COPYRIGHT",
    "CONTACT",
    "ORGANIZATION",
}


def track_credits(**changes) -> TrackCredits:
    fields = {
        "artist": "Émilie & Zoë 東京",
        "album": "Tides of Glass",
        "title": "It’s Only Water",
        "track_number": 3,
        "track_total": 9,
        "year": 2024,
        "licence": get_licence("cc-by-nc-sa-4.0"),
        "album_url": ALBUM_URL,
    }
    return TrackCredits(**(fields | changes))


def source(tmp_path: Path, fmt: str) -> Path:
    """A file as ffmpeg leaves it, with tags that must not survive."""
    return make_audio(
        tmp_path / "album" / f"track.{fmt}",
        seconds=0.5,
        tags={"title": "old", "comment": "spam"},
    )


@pytest.fixture
def cover_jpeg(tmp_path: Path) -> bytes:
    return make_image(tmp_path / "cover.jpg", size=(48, 32), fmt="JPEG").read_bytes()


def vorbis_comments(path: Path, fmt: str) -> dict[str, list[str]]:
    audio = OggVorbis(path) if fmt == "ogg" else FLAC(path)
    return {key.upper(): values for key, values in audio.tags.as_dict().items()}


def test_mp3_gets_every_id3v24_frame(tmp_path, cover_jpeg):
    path = source(tmp_path, "mp3")

    write_tags(path, "mp3", track_credits(), cover_jpeg=cover_jpeg)

    tags = ID3(path)
    assert tags.version == (2, 4, 0)
    assert set(tags.keys()) == {
        "TIT2",
        "TPE1",
        "TPE2",
        "TALB",
        "TRCK",
        "TPOS",
        "TDRC",
        "TCOP",
        "WCOP",
        "WOAF",
        "TXXX:LICENSE",
        "APIC:",
    }
    assert tags["TIT2"].text == ["It’s Only Water"]
    assert tags["TPE1"].text == ["Émilie & Zoë 東京"]
    assert tags["TPE2"].text == ["Émilie & Zoë 東京"]
    assert tags["TALB"].text == ["Tides of Glass"]
    assert tags["TRCK"].text == ["3/9"]
    assert tags["TPOS"].text == ["1"]
    assert str(tags["TDRC"].text[0]) == "2024"
    assert tags["TCOP"].text == [NOTICE]
    assert tags["WCOP"].url == BY_NC_SA
    assert tags["WOAF"].url == ALBUM_URL
    assert tags["TXXX:LICENSE"].text == ["CC BY-NC-SA 4.0"]
    cover = tags["APIC:"]
    assert (cover.mime, cover.type, cover.data) == ("image/jpeg", 3, cover_jpeg)


@pytest.mark.parametrize("fmt", ["ogg", "flac"])
def test_vorbis_comments_carry_every_field(tmp_path, fmt):
    path = source(tmp_path, fmt)

    write_tags(path, fmt, track_credits(site_name="JamHub Test"))

    assert vorbis_comments(path, fmt) == {
        "TITLE": ["It’s Only Water"],
        "ARTIST": ["Émilie & Zoë 東京"],
        "ALBUMARTIST": ["Émilie & Zoë 東京"],
        "ALBUM": ["Tides of Glass"],
        "TRACKNUMBER": ["3"],
        "TRACKTOTAL": ["9"],
        "DISCNUMBER": ["1"],
        "DATE": ["2024"],
        "LICENSE": [BY_NC_SA],
        "COPYRIGHT": [NOTICE],
        "CONTACT": [ALBUM_URL],
        "ORGANIZATION": ["JamHub Test"],
    }


def test_flac_cover_is_a_picture_block(tmp_path, cover_jpeg):
    path = source(tmp_path, "flac")

    write_tags(path, "flac", track_credits(), cover_jpeg=cover_jpeg)

    [picture] = FLAC(path).pictures
    assert (picture.type, picture.mime, picture.data) == (3, "image/jpeg", cover_jpeg)
    assert (picture.width, picture.height, picture.depth) == (48, 32, 24)
    assert "METADATA_BLOCK_PICTURE" not in vorbis_comments(path, "flac")


def test_ogg_cover_is_a_base64_picture_comment(tmp_path, cover_jpeg):
    path = source(tmp_path, "ogg")

    write_tags(path, "ogg", track_credits(), cover_jpeg=cover_jpeg)

    [encoded] = vorbis_comments(path, "ogg")["METADATA_BLOCK_PICTURE"]
    picture = Picture(base64.b64decode(encoded))
    assert (picture.type, picture.mime, picture.data) == (3, "image/jpeg", cover_jpeg)


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_of_the_source_tags_is_left(tmp_path, fmt, cover_jpeg):
    path = source(tmp_path, fmt)
    assert b"spam" in path.read_bytes()

    write_tags(path, fmt, track_credits(), cover_jpeg=cover_jpeg)

    assert b"spam" not in path.read_bytes()
    tags = mutagen.File(path).tags
    if fmt == "mp3":
        assert b"Lavf" not in path.read_bytes()  # ffmpeg's TSSE encoder frame
        assert not tags.getall("TXXX:comment")
        assert not tags.getall("TSSE")
    else:
        keys = set(vorbis_comments(path, fmt))
        assert keys - {"METADATA_BLOCK_PICTURE"} == VORBIS_KEYS


def test_mp3_loses_its_id3v1_tag(tmp_path):
    path = source(tmp_path, "mp3")
    ID3(path).save(v1=2)  # mutagen.id3.ID3v1SaveOptions.CREATE
    assert path.read_bytes()[-128:].startswith(b"TAG")

    write_tags(path, "mp3", track_credits())

    assert not path.read_bytes()[-128:].startswith(b"TAG")


@pytest.mark.parametrize("fmt", FORMATS)
def test_writing_twice_gives_the_same_file(tmp_path, fmt, cover_jpeg):
    path = source(tmp_path, fmt)
    write_tags(path, fmt, track_credits(), cover_jpeg=cover_jpeg)
    once = path.read_bytes()

    write_tags(path, fmt, track_credits(), cover_jpeg=cover_jpeg)

    assert path.read_bytes() == once


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_second_write_replaces_the_first(tmp_path, fmt, cover_jpeg):
    path = source(tmp_path, fmt)
    write_tags(path, fmt, track_credits(), cover_jpeg=cover_jpeg)

    write_tags(path, fmt, track_credits(title="Renamed", year=None))

    audio = mutagen.File(path)
    assert audio.tags["TIT2" if fmt == "mp3" else "TITLE"][0] == "Renamed"
    if fmt == "mp3":
        assert not audio.tags.getall("APIC")
        assert not audio.tags.getall("TDRC")
    else:
        comments = vorbis_comments(path, fmt)
        assert "DATE" not in comments
        assert "METADATA_BLOCK_PICTURE" not in comments
    if fmt == "flac":
        assert not audio.pictures


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_file_still_plays(tmp_path, fmt, cover_jpeg):
    path = source(tmp_path, fmt)
    before = mutagen.File(path).info.length

    write_tags(path, fmt, track_credits(), cover_jpeg=cover_jpeg)

    assert mutagen.File(path).info.length == pytest.approx(before, abs=0.05)


def test_notice_without_a_year_starts_with_the_artist(tmp_path):
    path = source(tmp_path, "flac")

    write_tags(path, "flac", track_credits(year=None, artist="M.I.A."))

    comments = vorbis_comments(path, "flac")
    assert comments["COPYRIGHT"] == [
        f"M.I.A. Licensed to the public under {BY_NC_SA} verify at {ALBUM_URL}"
    ]
    assert "DATE" not in comments


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_licence_reads_back_what_was_written(tmp_path, fmt):
    path = source(tmp_path, fmt)
    write_tags(path, fmt, track_credits())

    read = read_licence(path)

    assert read.licence_url == BY_NC_SA
    assert read.copyright == NOTICE
    assert read.contact == ALBUM_URL
    assert read.licence is get_licence("cc-by-nc-sa-4.0")


@pytest.mark.parametrize(
    ("fmt", "misleading_name"),
    [("flac", "track.mp3"), ("mp3", "track.flac"), ("ogg", "track.flac")],
)
def test_read_licence_goes_by_content_not_name(tmp_path, fmt, misleading_name):
    path = source(tmp_path, fmt)
    write_tags(path, fmt, track_credits())
    renamed = path.rename(path.with_name(misleading_name))

    assert detect_format(renamed) == fmt
    assert read_licence(renamed).licence is get_licence("cc-by-nc-sa-4.0")


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_licence_of_an_untagged_file_is_empty(tmp_path, fmt):
    path = make_audio(tmp_path / f"plain.{fmt}", seconds=0.5)

    read = read_licence(path)

    assert (read.licence_url, read.copyright, read.contact, read.licence) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_imported_copyright_with_a_licence_url_names_the_licence(tmp_path, fmt):
    notice = (
        "2009 Old Band. Licensed to the public under "
        "http://creativecommons.org/licenses/by-nc/3.0/ verify at http://old.example/"
    )
    path = make_audio(
        tmp_path / f"import.{fmt}", seconds=0.5, tags={"copyright": notice}
    )

    read = read_licence(path)

    assert read.copyright == notice
    assert read.licence is get_licence("cc-by-nc-3.0")


def test_imported_licence_tag_may_be_a_short_name(tmp_path):
    path = make_audio(
        tmp_path / "import.ogg", seconds=0.5, tags={"LICENSE": "CC BY-SA 4.0"}
    )

    read = read_licence(path)

    assert read.licence_url == "CC BY-SA 4.0"
    assert read.licence is get_licence("cc-by-sa-4.0")


def test_read_licence_of_other_formats_mutagen_reads(tmp_path):
    path = make_audio(
        tmp_path / "import.m4a",
        seconds=0.5,
        tags={
            "copyright": "Licensed under https://creativecommons.org/licenses/by/4.0/"
        },
    )

    assert read_licence(path).licence is get_licence("cc-by-4.0")


def test_the_wrong_format_is_refused_and_the_file_left_alone(tmp_path):
    path = source(tmp_path, "flac")
    before = path.read_bytes()

    with pytest.raises(TagError, match="flac, not mp3"):
        write_tags(path, "mp3", track_credits())

    assert path.read_bytes() == before


def test_a_file_that_is_no_audio_is_refused(tmp_path):
    path = tmp_path / "track.mp3"
    path.write_text("#EXTM3U\n#EXT-X-TARGETDURATION:10\n")

    with pytest.raises(TagError):
        write_tags(path, "mp3", track_credits())


def test_a_failed_write_leaves_the_original_and_no_partial_file(tmp_path, monkeypatch):
    path = source(tmp_path, "flac")
    before = path.read_bytes()

    def save_half_then_fail(audio, *args, **kwargs):
        with open(audio.filename, "r+b") as file:
            file.truncate(100)
        raise mutagen.MutagenError("disk full")

    monkeypatch.setattr(mutagen.flac.FLAC, "save", save_half_then_fail)

    with pytest.raises(TagError, match="disk full"):
        write_tags(path, "flac", track_credits())

    assert path.read_bytes() == before
    assert os.listdir(path.parent) == ["track.flac"]


def test_the_file_keeps_its_permissions(tmp_path):
    path = source(tmp_path, "ogg")
    path.chmod(0o640)

    write_tags(path, "ogg", track_credits())

    assert path.stat().st_mode & 0o777 == 0o640


def test_a_cover_that_is_not_jpeg_is_refused(tmp_path):
    path = source(tmp_path, "mp3")
    png = make_image(tmp_path / "cover.png", fmt="PNG").read_bytes()

    with pytest.raises(ValueError, match="not JPEG"):
        write_tags(path, "mp3", track_credits(), cover_jpeg=png)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"track_number": 0}, "track_number"),
        ({"track_number": 10}, "track_number"),
        ({"disc_number": 0}, "disc_number"),
        ({"album_url": "/albums/42/"}, "album_url"),
    ],
)
def test_credits_refuse_impossible_values(changes, message):
    with pytest.raises(ValueError, match=message):
        track_credits(**changes)
