"""The manifest: strict per entry, bad entries refused one by one with a reason."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path, PurePosixPath

import pytest

from seeder.manifest import (
    ManifestError,
    fetch_manifest,
    inside,
    parse_manifest,
)

HASH_A = "a" * 40
HASH_B = "0123456789abcdef0123456789abcdef01234567"


def entry(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "info_hash": HASH_A,
        "torrent_path": "torrents/12/mp3.torrent",
        "save_path": "albums/12",
        "name": "Artist - Album (2026) [MP3]",
    }
    values.update(changes)
    return values


def manifest(*entries: object) -> str:
    return json.dumps({"torrents": list(entries)})


def test_good_entries_are_keyed_by_info_hash():
    wanted = parse_manifest(
        manifest(
            entry(album_id=12, format="mp3"),  # the site's extra fields are ignored
            entry(info_hash=HASH_B.upper(), save_path="albums/13"),
        )
    )

    assert set(wanted) == {HASH_A, HASH_B}
    assert wanted[HASH_A].torrent_path == PurePosixPath("torrents/12/mp3.torrent")
    assert wanted[HASH_B].save_path == PurePosixPath("albums/13")
    assert wanted[HASH_A].name == "Artist - Album (2026) [MP3]"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"info_hash": "abc"}, "40 hex"),
        ({"info_hash": "g" * 40}, "40 hex"),
        ({"info_hash": 12}, "40 hex"),
        ({"torrent_path": "../../etc/passwd"}, "'..'"),
        ({"save_path": "albums/../../.."}, "'..'"),
        ({"save_path": "/srv/albums/12"}, "relative"),
        ({"torrent_path": ""}, "relative path"),
        ({"torrent_path": "torrents\\12.torrent"}, "relative path"),
        ({"name": "a/b"}, "folder name"),
        ({"name": ".."}, "folder name"),
        ({"name": None}, "folder name"),
    ],
)
def test_a_bad_entry_is_refused_alone_with_a_logged_reason(bad, reason, caplog):
    with caplog.at_level(logging.WARNING, logger="seeder.manifest"):
        wanted = parse_manifest(manifest(entry(info_hash=HASH_B), entry(**bad)))

    assert set(wanted) == {HASH_B}
    assert "entry 1 refused" in caplog.text
    assert reason in caplog.text


def test_missing_fields_and_non_objects_are_refused(caplog):
    incomplete = entry()
    del incomplete["name"]

    with caplog.at_level(logging.WARNING, logger="seeder.manifest"):
        wanted = parse_manifest(manifest(incomplete, "x", entry(info_hash=HASH_B)))

    assert set(wanted) == {HASH_B}
    assert "missing name" in caplog.text
    assert "must be an object" in caplog.text


def test_a_duplicate_info_hash_keeps_the_first_entry(caplog):
    with caplog.at_level(logging.WARNING, logger="seeder.manifest"):
        wanted = parse_manifest(
            manifest(entry(), entry(info_hash=HASH_A.upper(), save_path="albums/99"))
        )

    assert wanted[HASH_A].save_path == PurePosixPath("albums/12")
    assert "duplicate info_hash" in caplog.text


@pytest.mark.parametrize(
    "data", [b"{not json", b"\xff\xfe", b"[]", b'{"torrents": {}}', b"{}", b"null"]
)
def test_a_malformed_manifest_raises(data):
    with pytest.raises(ManifestError):
        parse_manifest(data)


def test_an_empty_list_is_a_valid_manifest():
    assert parse_manifest(b'{"torrents": []}') == {}


def test_inside_refuses_a_symbolic_link_out_of_the_media_root(tmp_path):
    root = tmp_path / "media"
    (root / "albums").mkdir(parents=True)
    (root / "albums" / "12").symlink_to(tmp_path)

    assert inside(root, PurePosixPath("albums/13")) == root.resolve() / "albums/13"
    with pytest.raises(ValueError, match="escapes"):
        inside(root, PurePosixPath("albums/12/x"))


def test_fetch_from_a_plain_path_and_a_file_url(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text(manifest(entry()))

    assert fetch_manifest(str(path), token=None) == path.read_bytes()
    assert fetch_manifest(path.as_uri(), token=None) == path.read_bytes()
    with pytest.raises(ManifestError, match="scheme"):
        fetch_manifest("ftp://example.org/manifest", token=None)


def test_fetch_over_http_sends_the_bearer_token():
    seen: list[str | None] = []
    body = manifest(entry()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/api/seeder/manifest"
        data = fetch_manifest(url, token="s3cret", timeout=5)
    finally:
        server.shutdown()
        server.server_close()

    assert parse_manifest(data).keys() == {HASH_A}
    assert seen == ["Bearer s3cret"]


def test_inside_keeps_paths_under_the_root(tmp_path: Path):
    assert inside(tmp_path, PurePosixPath("a/b")) == tmp_path.resolve() / "a" / "b"
