"""Torrent building: v1, sorted, reproducible, with trackers and a web seed, and piece
hashes that verify the files."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from seeder._libtorrent import lt
from seeder.metainfo import (
    MetainfoError,
    TorrentSpec,
    build_torrent,
    magnet_link,
    write_atomic,
)

NAME = "Les Ondes Douces - Brume (2026) [MP3]"
TRACKER = "http://127.0.0.1:6969/announce"
WEB_SEED = "http://127.0.0.1:8000/media/albums/7/"


def album_folder(root: Path, order: list[str] | None = None) -> Path:
    """An album folder with files of awkward sizes, written in the given order."""
    folder = root / NAME
    folder.mkdir(parents=True)
    contents = {
        "02 - Rivière.mp3": bytes(range(256)) * 900,
        "01 - Matin.mp3": b"\x01" * 70_001,
        "cover.jpg": b"\xff\xd8" + b"\x02" * 5_000,
        "LICENSE.txt": b"CC BY-SA 4.0\n",
        "README.txt": b"Brume\n",
    }
    for name in order or list(contents):
        (folder / name).write_bytes(contents[name])
    return folder


def spec_for(folder: Path, **changes: object) -> TorrentSpec:
    values: dict[str, object] = {
        "folder": folder,
        "trackers": [TRACKER],
        "web_seed": WEB_SEED,
        "comment": "https://jamhub.example/en/artists/x/brume/ CC BY-SA 4.0",
        "creation_date": 1_700_000_000,
    }
    values.update(changes)
    return TorrentSpec(**values)  # type: ignore[arg-type]


def decoded(data: bytes) -> dict[bytes, object]:
    return lt.bdecode(data)  # type: ignore[no-any-return]


def test_a_v1_torrent_with_sorted_files_trackers_and_web_seed(tmp_path):
    built = build_torrent(spec_for(album_folder(tmp_path)))

    torrent = decoded(built.data)
    info = torrent[b"info"]
    assert info[b"name"] == NAME.encode()
    names = [b"/".join(f[b"path"]).decode() for f in info[b"files"]]
    assert names == sorted(names)
    assert names[0] == "01 - Matin.mp3"
    assert torrent[b"announce"] == TRACKER.encode()
    assert torrent[b"url-list"] in (WEB_SEED.encode(), [WEB_SEED.encode()])
    assert torrent[b"created by"] == b"JamHub"
    assert torrent[b"creation date"] == 1_700_000_000
    assert b"private" not in info or info[b"private"] == 0
    # v1 only: no v2 file tree, no piece layers
    assert b"file tree" not in info
    assert b"meta version" not in info
    assert b"piece layers" not in torrent
    assert built.info_hash == hashlib.sha1(lt.bencode(info)).hexdigest()  # noqa: S324
    assert built.files[0] == f"{NAME}/01 - Matin.mp3"


def test_piece_hashes_verify_the_files(tmp_path):
    folder = album_folder(tmp_path)
    built = build_torrent(spec_for(folder))

    info = decoded(built.data)[b"info"]
    stream = b"".join(
        (tmp_path / path).read_bytes() for path in built.files
    )  # torrent order
    length = info[b"piece length"]
    pieces = info[b"pieces"]
    expected = [
        hashlib.sha1(stream[i : i + length]).digest()  # noqa: S324 - BitTorrent v1
        for i in range(0, len(stream), length)
    ]
    assert pieces == b"".join(expected)
    assert built.total_size == len(stream)
    assert built.num_pieces == len(expected)


def test_the_same_files_give_the_same_bytes_whatever_the_disk_order(tmp_path):
    first = album_folder(tmp_path / "a")
    second = album_folder(
        tmp_path / "b",
        order=[
            "README.txt",
            "cover.jpg",
            "01 - Matin.mp3",
            "LICENSE.txt",
            "02 - Rivière.mp3",
        ],
    )
    os.utime(second / "01 - Matin.mp3", (1, 1))

    one = build_torrent(spec_for(first))
    two = build_torrent(spec_for(second))

    assert one.info_hash == two.info_hash
    assert one.data == two.data


def test_trackers_and_web_seed_do_not_change_the_info_hash(tmp_path):
    folder = album_folder(tmp_path)

    one = build_torrent(spec_for(folder))
    two = build_torrent(
        spec_for(
            folder,
            trackers=["http://other.example/announce"],
            web_seed="https://cdn.example/albums/7/",
        )
    )

    assert one.info_hash == two.info_hash
    assert one.data != two.data


def test_a_changed_file_changes_the_info_hash(tmp_path):
    folder = album_folder(tmp_path)
    before = build_torrent(spec_for(folder))

    (folder / "README.txt").write_bytes(b"Brume, remastered\n")

    assert build_torrent(spec_for(folder)).info_hash != before.info_hash


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"web_seed": "http://127.0.0.1:8000/media/albums/7"}, "must end with '/'"),
        ({"web_seed": "/media/albums/7/"}, "absolute URL"),
        ({"trackers": ["not a url"]}, "absolute URL"),
    ],
)
def test_bad_urls_are_refused(tmp_path, changes, message):
    with pytest.raises(MetainfoError, match=message):
        build_torrent(spec_for(album_folder(tmp_path), **changes))


def test_an_empty_folder_or_a_symlink_is_refused(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MetainfoError, match="holds no file"):
        build_torrent(spec_for(empty))

    folder = album_folder(tmp_path / "linked")
    (folder / "passwd").symlink_to("/etc/passwd")
    with pytest.raises(MetainfoError, match="symbolic link"):
        build_torrent(spec_for(folder))


def test_libtorrent_loads_what_we_built(tmp_path):
    built = build_torrent(spec_for(album_folder(tmp_path)))

    params = lt.load_torrent_buffer(built.data)

    assert str(params.ti.info_hashes().v1) == built.info_hash
    assert list(params.url_seeds) == [WEB_SEED]
    assert list(params.trackers) == [TRACKER]


def test_magnet_link_names_everything_a_client_needs(tmp_path):
    built = build_torrent(spec_for(album_folder(tmp_path)))

    link = magnet_link(
        built,
        trackers=[TRACKER],
        web_seed=WEB_SEED,
        torrent_url="http://127.0.0.1:8000/t/7/mp3.torrent",
    )

    params = lt.parse_magnet_uri(link)
    assert str(params.info_hashes.v1) == built.info_hash
    assert params.name == NAME
    assert list(params.trackers) == [TRACKER]
    assert list(params.url_seeds) == [WEB_SEED]


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "torrents" / "album.torrent"

    digest = write_atomic(b"d4:infod4:name1:aee", target)

    assert target.read_bytes() == b"d4:infod4:name1:aee"
    assert digest == hashlib.sha256(b"d4:infod4:name1:aee").hexdigest()
    assert [p.name for p in target.parent.iterdir()] == ["album.torrent"]
    shutil.rmtree(target.parent)


@pytest.mark.parametrize("workers", [1, 3])
def test_parallel_hashing_matches_libtorrents_own(tmp_path, workers):
    folder = album_folder(tmp_path)
    spec = spec_for(folder)

    ours = build_torrent(spec, workers=workers)

    entries = sorted(lt.list_files(str(folder)), key=lambda e: e.filename)
    reference = lt.create_torrent(entries, 0, lt.create_torrent.v1_only)
    lt.set_piece_hashes(reference, str(folder.parent))
    theirs = reference.generate()[b"info"][b"pieces"]
    assert decoded(ours.data)[b"info"][b"pieces"] == theirs
