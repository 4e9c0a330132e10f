"""Ingest: renditions in named folders, licence tags in every file, the album texts,
zips of exactly those folders, and runs that can be repeated or resumed."""

import hashlib
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from mutagen.oggvorbis import OggVorbis

from jamhub.catalog.models import Album, AlbumStatus, Rendition
from jamhub.catalog.services.ingest import ingest_album
from jamhub.licensing.tags import read_licence

LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
FOLDER = "The Loops - First Light (2024) [{}]"
ALBUM_DOCUMENTS = {"LICENSE.txt", "README.txt", "cover.jpg"}


def album_url() -> str:
    return f"{settings.SITE_URL}/en/artists/the-loops/first-light/"


def copyright_notice() -> str:
    return (
        f"2024 The Loops. Licensed to the public under {LICENCE_URL} "
        f"verify at {album_url()}"
    )


def media(relative: str | Path) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(album: Album) -> dict[str, tuple[int, str, str, int]]:
    """path -> (row id, recorded sha256, sha256 on disk, mtime in ns)."""
    return {
        r.path: (
            r.pk,
            r.sha256,
            sha256(media(r.path)),
            media(r.path).stat().st_mtime_ns,
        )
        for r in Rendition.objects.filter(track__album=album)
    }


def run_again(album: Album) -> Album:
    """Put the album back in processing, as a redelivered task finds it, and ingest."""
    Album.objects.filter(pk=album.pk).update(status=AlbumStatus.PROCESSING)
    ingest_album(album.pk)
    return Album.objects.get(pk=album.pk)


def assert_licence_tags(path: Path, fmt: str) -> None:
    found = read_licence(path)
    assert found.licence_url == LICENCE_URL, path
    assert found.copyright == copyright_notice(), path
    assert found.contact == album_url(), path
    assert found.licence is not None
    assert found.licence.code == "cc-by-sa-4.0"
    if fmt == "mp3":
        tags = ID3(path)
        assert tags["TCOP"].text == [copyright_notice()]
        assert [frame.url for frame in tags.getall("WCOP")] == [LICENCE_URL]
    else:
        comments = OggVorbis(path) if fmt == "ogg" else FLAC(path)
        assert comments["LICENSE"] == [LICENCE_URL]
        assert comments["COPYRIGHT"] == [copyright_notice()]


def test_a_lossless_album_gets_mp3_ogg_and_flac_in_named_folders(pending_album):
    # then each track has one rendition per format, named after the album and track
    renditions = Rendition.objects.filter(track__album=pending_album)
    assert sorted((r.track.number, r.format, r.codec) for r in renditions) == [
        (1, "flac", "flac"),
        (1, "mp3", "mp3"),
        (1, "ogg", "vorbis"),
        (2, "flac", "flac"),
        (2, "mp3", "mp3"),
        (2, "ogg", "vorbis"),
    ]
    root = media(f"albums/{pending_album.pk}")
    assert sorted(p.name for p in root.iterdir()) == [
        FOLDER.format("FLAC"),
        FOLDER.format("MP3"),
        FOLDER.format("OGG"),
    ]
    for fmt in ("mp3", "ogg", "flac"):
        folder = root / FOLDER.format(fmt.upper())
        assert {p.name for p in folder.iterdir()} == ALBUM_DOCUMENTS | {
            f"01 - Dawn.{fmt}",
            f"02 - Dusk.{fmt}",
        }
    for rendition in renditions:
        path = media(rendition.path)
        assert rendition.size == path.stat().st_size
        assert rendition.sha256 == sha256(path)
        assert rendition.duration == pytest.approx(2.0, abs=0.1)


def test_a_lossy_source_gets_no_flac(album, upload, audio_file, submit):
    # given one MP3 beside one FLAC: FLAC would only be a bigger MP3
    upload(album, audio_file("1.flac", title="Dawn"))
    upload(album, audio_file("2.mp3", title="Dusk"))

    # when
    album = submit(album)

    # then
    assert album.status == AlbumStatus.PENDING_REVIEW
    assert sorted(
        Rendition.objects.filter(track__album=album).values_list("path", flat=True)
    ) == [
        f"albums/{album.pk}/{FOLDER.format('MP3')}/01 - Dawn.mp3",
        f"albums/{album.pk}/{FOLDER.format('MP3')}/02 - Dusk.mp3",
        f"albums/{album.pk}/{FOLDER.format('OGG')}/01 - Dawn.ogg",
        f"albums/{album.pk}/{FOLDER.format('OGG')}/02 - Dusk.ogg",
    ]
    assert sorted(p.name for p in media(f"albums/{album.pk}").iterdir()) == [
        FOLDER.format("MP3"),
        FOLDER.format("OGG"),
    ]
    # no cover was uploaded, so there is none in the folders
    assert not list(media(f"albums/{album.pk}").rglob("cover.jpg"))


def test_every_rendition_carries_the_licence_and_the_folders_the_texts(pending_album):
    # then every file's tags name the licence and point to the album page
    renditions = Rendition.objects.filter(track__album=pending_album)
    assert renditions.count() == 6
    for rendition in renditions:
        assert_licence_tags(media(rendition.path), rendition.format)
    mp3 = renditions.get(track__number=2, format="mp3")
    tags = ID3(media(mp3.path))
    assert tags["TIT2"].text == ["Dusk"]
    assert tags["TRCK"].text == ["2/2"]
    assert tags["TPE1"].text == ["The Loops"]
    assert tags["TALB"].text == ["First Light"]
    assert tags.getall("APIC")[0].data == media(pending_album.cover.name).read_bytes()
    # and every folder holds the album's texts and cover
    for fmt in ("MP3", "OGG", "FLAC"):
        folder = media(f"albums/{pending_album.pk}") / FOLDER.format(fmt)
        licence_text = (folder / "LICENSE.txt").read_text()
        assert "Creative Commons Attribution-ShareAlike 4.0 International" in (
            licence_text
        )
        assert LICENCE_URL in licence_text
        readme = (folder / "README.txt").read_text()
        assert "The Loops" in readme
        assert "First Light" in readme
        assert "Dawn" in readme
        assert "Dusk" in readme
        assert album_url() in readme
        assert (folder / "cover.jpg").read_bytes() == media(
            pending_album.cover.name
        ).read_bytes()


def test_each_zip_holds_exactly_its_folder_and_licensed_files(
    published_album, tmp_path
):
    # then
    archives = {a.format: a for a in published_album.archives.all()}
    assert sorted(archives) == ["flac", "mp3", "ogg"]
    for fmt, archive in archives.items():
        folder_name = FOLDER.format(fmt.upper())
        assert archive.path == f"zips/{published_album.pk}/{folder_name}.zip"
        zip_file = media(archive.path)
        assert archive.sha256 == sha256(zip_file)
        assert archive.size == zip_file.stat().st_size
        folder = media(f"albums/{published_album.pk}") / folder_name
        with zipfile.ZipFile(zip_file) as opened:
            assert sorted(opened.namelist()) == sorted(
                f"{folder_name}/{p.name}" for p in folder.iterdir()
            )
            for name in opened.namelist():
                assert opened.read(name) == (folder / Path(name).name).read_bytes()
            opened.extractall(tmp_path / fmt)
        for audio in (tmp_path / fmt / folder_name).glob(f"*.{fmt}"):
            assert_licence_tags(audio, fmt)


def test_a_second_ingest_changes_nothing(pending_album):
    # given
    before = snapshot(pending_album)

    # when
    album = run_again(pending_album)

    # then
    assert album.status == AlbumStatus.PENDING_REVIEW
    assert snapshot(album) == before
    assert Rendition.objects.filter(track__album=album).count() == 6
    assert all(recorded == found for _id, recorded, found, _t in before.values())


def test_an_interrupted_ingest_remakes_only_what_is_missing(pending_album):
    # given a crash after the first track, before its ogg file was in place
    before = snapshot(pending_album)
    lost = Rendition.objects.get(
        track__album=pending_album, track__number=1, format="ogg"
    )
    media(lost.path).unlink()

    # when
    album = run_again(pending_album)

    # then the missing file is back, identical, under the same row
    assert album.status == AlbumStatus.PENDING_REVIEW
    after = snapshot(album)
    assert after.keys() == before.keys()
    assert media(lost.path).is_file()
    for path, (row_id, recorded, found, _mtime) in after.items():
        assert row_id == before[path][0]
        assert recorded == found == before[path][1]
    # and the other track's renditions were not touched
    for rendition in Rendition.objects.filter(track__album=album, track__number=2):
        assert after[rendition.path][3] == before[rendition.path][3]


def test_a_rendition_damaged_on_disk_is_remade(single_track_album):
    # given one byte of a rendition flipped on disk (same size)
    damaged = Rendition.objects.get(track__album=single_track_album, format="ogg")
    path = media(damaged.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))

    # when
    album = run_again(single_track_album)

    # then it is made again, and the row is the same
    assert album.status == AlbumStatus.PENDING_REVIEW
    assert sha256(path) == damaged.sha256
    assert Rendition.objects.get(pk=damaged.pk).sha256 == damaged.sha256
