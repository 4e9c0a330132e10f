"""build_folder_zip: reproducible, stored, UTF-8, atomic zips of album folders."""

import hashlib
import os
import shutil
import stat
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from jamhub.catalog.zips import build_folder_zip
from tests.media import make_audio, make_image

ALBUM = "Émilie – Été (2026)"
TRACKS = ["01 - Été.mp3", "02 - Zebra.flac"]


@pytest.fixture(scope="session")
def album_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real album folder, made once: two tracks, a cover, licence, readme."""
    folder = tmp_path_factory.mktemp("template") / ALBUM
    make_audio(folder / TRACKS[0], seconds=0.5)
    make_audio(folder / TRACKS[1], seconds=0.5, frequency=660)
    make_image(folder / "cover.jpg", size=(32, 32), fmt="JPEG")
    (folder / "LICENSE.txt").write_text("CC BY 4.0\n", encoding="utf-8")
    (folder / "README.txt").write_text("Émilie, live in Lyon.\n", encoding="utf-8")
    return folder


@pytest.fixture
def album(album_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "albums" / ALBUM
    shutil.copytree(album_template, folder)
    return folder


@pytest.fixture
def zips(tmp_path: Path) -> Path:
    folder = tmp_path / "zips"
    folder.mkdir()
    return folder


def test_the_zip_holds_the_folder_sorted_by_utf8_name(album, zips):
    info = build_folder_zip(album, zips / "album.zip")

    with zipfile.ZipFile(info.path) as archive:
        names = archive.namelist()
    # Byte order: capitals before small letters, unlike a human or locale sort.
    assert names == [
        f"{ALBUM}/01 - Été.mp3",
        f"{ALBUM}/02 - Zebra.flac",
        f"{ALBUM}/LICENSE.txt",
        f"{ALBUM}/README.txt",
        f"{ALBUM}/cover.jpg",
    ]
    assert info.file_count == 5


def test_the_info_describes_the_file_written(album, zips):
    info = build_folder_zip(album, zips / "album.zip")

    assert info.path == zips / "album.zip"
    assert info.size == (zips / "album.zip").stat().st_size
    assert info.sha256 == hashlib.sha256((zips / "album.zip").read_bytes()).hexdigest()


def test_building_twice_gives_the_same_bytes(album, zips):
    first = build_folder_zip(album, zips / "first.zip")
    second = build_folder_zip(album, zips / "second.zip")

    assert first.sha256 == second.sha256
    assert first.path.read_bytes() == second.path.read_bytes()


def test_new_mtimes_give_the_same_zip(album, zips):
    before = build_folder_zip(album, zips / "before.zip")
    for number, path in enumerate(sorted(album.iterdir())):
        os.utime(path, (1_700_000_000 + number * 3_600, 1_700_000_000 + number * 3_600))

    after = build_folder_zip(album, zips / "after.zip")

    assert after.sha256 == before.sha256


def test_a_copied_folder_gives_the_same_zip(album, zips, tmp_path):
    copy = tmp_path / "restored" / ALBUM
    shutil.copytree(album, copy, copy_function=shutil.copy)  # new mtimes, new inodes

    assert (
        build_folder_zip(copy, zips / "copy.zip").sha256
        == build_folder_zip(album, zips / "album.zip").sha256
    )


def test_a_changed_byte_changes_the_zip(album, zips):
    before = build_folder_zip(album, zips / "before.zip")
    (album / "LICENSE.txt").write_text("CC BY-SA 4.0\n", encoding="utf-8")

    after = build_folder_zip(album, zips / "after.zip")

    assert after.sha256 != before.sha256


def test_entries_are_stored_with_a_fixed_date_and_mode_0644(album, zips):
    info = build_folder_zip(album, zips / "album.zip")

    with zipfile.ZipFile(info.path) as archive:
        entries = archive.infolist()
    for entry in entries:
        assert entry.compress_type == zipfile.ZIP_STORED
        assert entry.compress_size == entry.file_size
        assert entry.date_time == (2000, 1, 1, 0, 0, 0)
        assert entry.create_system == 3  # Unix, so the mode bits mean something
        assert entry.external_attr >> 16 == stat.S_IFREG | 0o644
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o644


def test_non_ascii_names_are_flagged_utf8_in_both_headers(album, zips):
    info = build_folder_zip(album, zips / "album.zip")

    with zipfile.ZipFile(info.path) as archive:
        entry = archive.getinfo(f"{ALBUM}/01 - Été.mp3")
    assert entry.flag_bits & 0x800  # central directory
    data = info.path.read_bytes()
    local_header = data[entry.header_offset : entry.header_offset + 30]
    assert local_header[:4] == b"PK\x03\x04"
    assert int.from_bytes(local_header[6:8], "little") & 0x800
    name_length = int.from_bytes(local_header[26:28], "little")
    name = data[entry.header_offset + 30 : entry.header_offset + 30 + name_length]
    assert name == f"{ALBUM}/01 - Été.mp3".encode()


def test_the_zip_tests_clean_and_extracts_to_the_originals(album, zips, tmp_path):
    info = build_folder_zip(album, zips / "album.zip")
    target = tmp_path / "extracted"

    with zipfile.ZipFile(info.path) as archive:
        assert archive.testzip() is None
        archive.extractall(target)

    extracted = sorted(path.name for path in (target / ALBUM).iterdir())
    assert extracted == sorted(path.name for path in album.iterdir())
    for path in album.iterdir():
        assert (target / ALBUM / path.name).read_bytes() == path.read_bytes()


def test_subfolders_are_zipped_in_byte_order_of_the_whole_name(album, zips):
    (album / "CD2").mkdir()
    (album / "CD2" / "01 - Two.flac").write_bytes(b"two")
    (album / "CD1").mkdir()
    (album / "CD1" / "01 - One.flac").write_bytes(b"one")
    (album / "a").mkdir()
    (album / "a" / "b.txt").write_bytes(b"in a folder")
    (album / "a b.txt").write_bytes(b"a space sorts before a slash")

    info = build_folder_zip(album, zips / "album.zip")

    with zipfile.ZipFile(info.path) as archive:
        names = [name.removeprefix(f"{ALBUM}/") for name in archive.namelist()]
        assert archive.read(f"{ALBUM}/CD1/01 - One.flac") == b"one"
    assert names == [
        "01 - Été.mp3",
        "02 - Zebra.flac",
        "CD1/01 - One.flac",
        "CD2/01 - Two.flac",
        "LICENSE.txt",
        "README.txt",
        "a b.txt",
        "a/b.txt",
        "cover.jpg",
    ]
    assert info.file_count == 9


def test_a_big_track_is_streamed_not_loaded(album, zips):
    with (album / "03 - Long.flac").open("wb") as track:
        for _ in range(32):
            track.write(os.urandom(1024 * 1024))

    tracemalloc.start()
    try:
        info = build_folder_zip(album, zips / "album.zip")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert info.size > 32 * 1024 * 1024
    assert peak < 8 * 1024 * 1024


# --- failures leave nothing behind ----------------------------------------------------


def test_a_file_vanishing_mid_way_leaves_no_zip_and_no_temporary(
    album, zips, monkeypatch
):
    # While the first track is copied, the next file is deleted (a concurrent
    # clean-up, a failing disk): the build fails half-way through the zip.
    copy_file = shutil.copyfileobj

    def copy_then_delete_the_next_file(source, target, length=0):
        copy_file(source, target, length)
        (album / "02 - Zebra.flac").unlink(missing_ok=True)

    monkeypatch.setattr(shutil, "copyfileobj", copy_then_delete_the_next_file)

    with pytest.raises(FileNotFoundError):
        build_folder_zip(album, zips / "album.zip")

    assert list(zips.iterdir()) == []


def test_a_failed_build_keeps_the_previous_zip(album, zips, monkeypatch):
    previous = build_folder_zip(album, zips / "album.zip")

    def fail(source, target, length=0):
        target.write(b"half a track")
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(shutil, "copyfileobj", fail)

    with pytest.raises(OSError, match="Input/output error"):
        build_folder_zip(album, zips / "album.zip")

    assert list(zips.iterdir()) == [zips / "album.zip"]
    digest = hashlib.sha256((zips / "album.zip").read_bytes()).hexdigest()
    assert digest == previous.sha256


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_leaves_no_zip_and_no_temporary(album, zips):
    (album / "README.txt").chmod(0)

    with pytest.raises(PermissionError):
        build_folder_zip(album, zips / "album.zip")

    assert list(zips.iterdir()) == []


# --- refused folders ------------------------------------------------------------------


def test_a_symlinked_file_is_refused(album, zips, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not part of the album")
    (album / "bonus.txt").symlink_to(secret)

    with pytest.raises(ValueError, match=r"is a symlink$"):
        build_folder_zip(album, zips / "album.zip")

    assert list(zips.iterdir()) == []


def test_a_symlinked_folder_is_refused(album, zips, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "track.flac").write_bytes(b"x")
    (album / "extras").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    with pytest.raises(ValueError, match=r"is a symlink$"):
        build_folder_zip(album, zips / "album.zip")


def test_a_special_file_is_refused(album, zips):
    os.mkfifo(album / "pipe")

    with pytest.raises(ValueError, match=r"is not a regular file$"):
        build_folder_zip(album, zips / "album.zip")


def test_an_empty_subfolder_is_refused_rather_than_dropped(album, zips):
    (album / "scans").mkdir()

    with pytest.raises(
        ValueError, match=r"is empty and a zip of files cannot keep it$"
    ):
        build_folder_zip(album, zips / "album.zip")


def test_an_empty_folder_is_refused(zips, tmp_path):
    (tmp_path / "Nothing").mkdir()

    with pytest.raises(ValueError, match=r"holds no files$"):
        build_folder_zip(tmp_path / "Nothing", zips / "nothing.zip")


def test_a_destination_inside_the_folder_is_refused(album):
    with pytest.raises(ValueError, match=r"is inside the folder being zipped$"):
        build_folder_zip(album, album / "album.zip")

    assert not (album / "album.zip").exists()
