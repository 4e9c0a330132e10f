"""file_response: whole files, single byte ranges, validators, downloads, nginx.

The Range cases go through the test client and the whole middleware stack, as a
BitTorrent web seed (BEP 19) or a browser's <audio> would reach them."""

import hashlib
import os
import random
import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.http.response import HttpResponseBase
from django.test import RequestFactory
from django.urls import path
from django.utils.http import http_date

from jamhub.core.media import file_response

MiB = 1024 * 1024


def serve(request: HttpRequest, name: str) -> HttpResponseBase:
    return file_response(
        request,
        Path(settings.MEDIA_ROOT) / name,
        download_name=request.GET.get("download"),
    )


def serve_through_nginx(request: HttpRequest, name: str) -> HttpResponseBase:
    return file_response(
        request,
        Path(settings.MEDIA_ROOT) / name,
        download_name=request.GET.get("download"),
        accel_path=f"/protected-media/{name}",
    )


def show_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Echo the Http404 message, as a 404 template showing {{ exception }} would."""
    return HttpResponseNotFound(str(exception))


urlpatterns = [
    path("media/<str:name>", serve),
    path("accel/<str:name>", serve_through_nginx),
]
handler404 = show_not_found


@pytest.fixture(autouse=True)
def _media_urls(settings) -> None:
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def media_root(settings) -> Path:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def track(media_root: Path) -> bytes:
    """A 1,000-byte album.flac whose every byte position is recognisable."""
    data = random.Random(19).randbytes(1000)
    (media_root / "album.flac").write_bytes(data)
    return data


def _content_disposition_names(header: str) -> tuple[str, str]:
    fallback = re.fullmatch(
        r"attachment; filename=\"([^\"]*)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)",
        header,
    )
    assert fallback is not None, header
    return fallback[1], unquote(fallback[2], errors="strict")


def _open_descriptors(path: Path) -> int:
    """Descriptors this process has open on `path` (counting them all would be
    flaky: the database and logging open and close their own files meanwhile)."""
    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{name}") == str(path):
                count += 1
        except OSError:
            continue
    return count


# --- whole files ----------------------------------------------------------------------


def test_get_sends_the_whole_file_with_validators_and_cache_headers(client, track):
    mtime = (Path(settings.MEDIA_ROOT) / "album.flac").stat().st_mtime

    response = client.get("/media/album.flac")

    assert response.status_code == 200
    assert response.getvalue() == track
    assert response["Content-Type"] == "audio/flac"
    assert response["Content-Length"] == "1000"
    assert response["Accept-Ranges"] == "bytes"
    assert re.fullmatch(r'"3e8-[0-9a-f]+"', response["ETag"])
    assert response["Last-Modified"] == http_date(mtime)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert "Content-Disposition" not in response
    assert "Content-Range" not in response


def test_head_sends_the_same_headers_without_a_body(client, track):
    get = client.get("/media/album.flac")

    head = client.head("/media/album.flac")

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == "1000"
    for header in ("Content-Type", "ETag", "Last-Modified", "Accept-Ranges"):
        assert head[header] == get[header]


def test_an_empty_file_is_sent_with_a_zero_length(client, media_root):
    (media_root / "silence.flac").write_bytes(b"")

    response = client.get("/media/silence.flac")

    assert response.status_code == 200
    assert response["Content-Length"] == "0"
    assert response.getvalue() == b""


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("a.mp3", "audio/mpeg"),
        ("a.ogg", "audio/ogg"),
        ("A.FLAC", "audio/flac"),
        ("a.zip", "application/zip"),
        ("a.jpg", "image/jpeg"),
        ("a.jpeg", "image/jpeg"),
        ("a.png", "image/png"),
        ("a.webp", "image/webp"),
        ("a.txt", "text/plain; charset=utf-8"),
        ("a.torrent", "application/x-bittorrent"),
        ("a.html", "application/octet-stream"),
        ("a", "application/octet-stream"),
    ],
)
def test_the_content_type_comes_from_the_suffix(tmp_path, name, content_type):
    (tmp_path / name).write_bytes(b"x")

    response = file_response(RequestFactory().head("/"), tmp_path / name)

    assert response["Content-Type"] == content_type


def test_an_explicit_content_type_wins_over_the_suffix(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"x")

    response = file_response(
        RequestFactory().head("/"), tmp_path / "a.bin", content_type="audio/opus"
    )

    assert response["Content-Type"] == "audio/opus"


def test_no_cache_seconds_keeps_the_file_out_of_shared_caches(tmp_path):
    (tmp_path / "preview.flac").write_bytes(b"x")

    response = file_response(
        RequestFactory().head("/"), tmp_path / "preview.flac", cache_seconds=0
    )

    assert response["Cache-Control"] == "private, no-cache"


# --- single byte ranges ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("range_header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, 999),
        ("bytes=-100", 900, 999),
        ("bytes=999-999", 999, 999),
        ("bytes=0-99999999", 0, 999),
        ("bytes=-5000", 0, 999),
        ("Bytes=10-19", 10, 19),
        ("bytes=10-19,", 10, 19),
        ("bytes=0-" + "9" * 5000, 0, 999),
    ],
)
def test_a_single_range_gets_206_with_exactly_those_bytes(
    client, track, range_header, first, last
):
    response = client.get("/media/album.flac", headers={"Range": range_header})

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/1000"
    assert response["Content-Length"] == str(last - first + 1)
    assert response.getvalue() == track[first : last + 1]
    assert response["Content-Type"] == "audio/flac"
    assert response["ETag"] == client.head("/media/album.flac")["ETag"]


@pytest.mark.parametrize(
    "range_header",
    [
        "bytes=5-2",  # last before first: invalid
        "bytes=0-1,5-6",  # several ranges: answered with the whole file (RFC 9110)
        "items=0-1",  # another unit
        "bytes=abc",
        "bytes=-",
        "bytes=1-2-3",
        "bytes 0-1",
        "bytes=",
        "bytes=\u0661-\u0669",  # Arabic-Indic digits are not DIGIT
    ],
)
def test_a_range_that_is_invalid_or_not_single_gets_the_whole_file(
    client, track, range_header
):
    response = client.get("/media/album.flac", headers={"Range": range_header})

    assert response.status_code == 200
    assert response.getvalue() == track
    assert response["Content-Length"] == "1000"
    assert "Content-Range" not in response


@pytest.mark.parametrize(
    "range_header",
    ["bytes=1000-", "bytes=5000-6000", "bytes=-0", "bytes=" + "9" * 5000 + "-"],
)
def test_a_range_past_the_end_gets_416_with_the_size(client, track, range_header):
    response = client.get("/media/album.flac", headers={"Range": range_header})

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1000"
    assert response.content == b""


def test_a_range_on_an_empty_file_is_not_satisfiable(client, media_root):
    (media_root / "silence.flac").write_bytes(b"")

    response = client.get("/media/silence.flac", headers={"Range": "bytes=0-"})

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"


def test_a_suffix_range_on_an_empty_file_gets_the_empty_file(client, media_root):
    # RFC 9110 §14.1.1 calls it satisfiable, but no Content-Range names zero bytes.
    (media_root / "silence.flac").write_bytes(b"")

    response = client.get("/media/silence.flac", headers={"Range": "bytes=-10"})

    assert response.status_code == 200
    assert response["Content-Length"] == "0"
    assert response.getvalue() == b""


def test_head_with_a_range_answers_like_get_without_a_body(client, track):
    response = client.head("/media/album.flac", headers={"Range": "bytes=100-199"})

    assert response.status_code == 206
    assert response.content == b""
    assert response["Content-Range"] == "bytes 100-199/1000"
    assert response["Content-Length"] == "100"


@pytest.mark.slow
def test_a_5_mb_file_fetched_in_1_mib_ranges_reassembles_exactly(client, media_root):
    data = random.Random(5).randbytes(5_000_007)
    (media_root / "album.zip").write_bytes(data)

    pieces = []
    for first in range(0, len(data), MiB):
        last = first + MiB - 1
        response = client.get(
            "/media/album.zip", headers={"Range": f"bytes={first}-{last}"}
        )
        assert response.status_code == 206
        assert response["Content-Range"] == (
            f"bytes {first}-{min(last, len(data) - 1)}/{len(data)}"
        )
        pieces.append(response.getvalue())

    assert [len(piece) for piece in pieces] == [MiB] * 4 + [len(data) - 4 * MiB]
    assert hashlib.sha256(b"".join(pieces)).digest() == hashlib.sha256(data).digest()


# --- conditional requests -------------------------------------------------------------


def test_if_range_with_the_current_etag_gets_the_range(client, track):
    etag = client.head("/media/album.flac")["ETag"]

    response = client.get(
        "/media/album.flac", headers={"Range": "bytes=0-9", "If-Range": etag}
    )

    assert response.status_code == 206
    assert response.getvalue() == track[:10]


def test_if_range_with_the_last_modified_date_gets_the_range(client, track):
    last_modified = client.head("/media/album.flac")["Last-Modified"]

    response = client.get(
        "/media/album.flac", headers={"Range": "bytes=0-9", "If-Range": last_modified}
    )

    assert response.status_code == 206


@pytest.mark.parametrize(
    "if_range",
    ['"3e8-0"', "W/{etag}", "Thu, 01 Jan 1998 00:00:00 GMT", "not a validator"],
)
def test_if_range_with_a_stale_or_weak_validator_gets_the_whole_file(
    client, track, if_range
):
    etag = client.head("/media/album.flac")["ETag"]

    response = client.get(
        "/media/album.flac",
        headers={"Range": "bytes=0-9", "If-Range": if_range.format(etag=etag)},
    )

    assert response.status_code == 200
    assert response.getvalue() == track


def test_if_range_after_the_file_changed_gets_the_new_whole_file(
    client, track, media_root
):
    etag = client.head("/media/album.flac")["ETag"]
    (media_root / "album.flac").write_bytes(b"a new master")

    response = client.get(
        "/media/album.flac", headers={"Range": "bytes=0-9", "If-Range": etag}
    )

    assert response.status_code == 200
    assert response.getvalue() == b"a new master"


@pytest.mark.parametrize("method", ["get", "head"])
def test_if_none_match_with_the_current_etag_gets_304(client, track, method):
    etag = client.head("/media/album.flac")["ETag"]

    response = getattr(client, method)(
        "/media/album.flac", headers={"If-None-Match": etag, "Range": "bytes=0-9"}
    )

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=3600"


def test_if_none_match_with_another_etag_gets_the_file(client, track):
    response = client.get("/media/album.flac", headers={"If-None-Match": '"other"'})

    assert response.status_code == 200
    assert response.getvalue() == track


def test_if_modified_since_the_last_modification_gets_304(client, track):
    last_modified = client.head("/media/album.flac")["Last-Modified"]

    response = client.get(
        "/media/album.flac", headers={"If-Modified-Since": last_modified}
    )

    assert response.status_code == 304


def test_if_match_with_another_etag_gets_412(client, track):
    response = client.get("/media/album.flac", headers={"If-Match": '"other"'})

    assert response.status_code == 412


# --- downloads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("download_name", "fallback", "utf8_name"),
    [
        (
            "Émilie – Été (2026) [FLAC].zip",
            "Emilie Ete (2026) [FLAC].zip",
            "Émilie – Été (2026) [FLAC].zip",
        ),
        ('Say "hi"; now.zip', "Say _hi__ now.zip", 'Say "hi"; now.zip'),
        ("a\\b.zip", "a_b.zip", "a_b.zip"),
        ("../../etc/passwd", "_.._etc_passwd", "_.._etc_passwd"),
        ("..", "download", "download"),
        ("日本語.zip", "download.zip", "日本語.zip"),
        ("", "download", "download"),
        ("\u202egpj.exe", "_gpj.exe", "_gpj.exe"),  # right-to-left override
        ("Live.flac\x00.exe", "Live.flac_.exe", "Live.flac_.exe"),
    ],
)
def test_a_download_name_gives_a_safe_rfc_6266_header(
    client, track, download_name, fallback, utf8_name
):
    response = client.get("/media/album.flac", {"download": download_name})

    assert response.status_code == 200
    assert _content_disposition_names(response["Content-Disposition"]) == (
        fallback,
        utf8_name,
    )


def test_cr_and_lf_in_a_download_name_never_reach_the_headers(client, track):
    response = client.get(
        "/media/album.flac",
        {"download": "Live\r\nSet-Cookie: session=stolen\r\n\r\n.flac"},
    )

    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "\r" not in header
    assert "\n" not in header
    assert "Set-Cookie" not in response
    assert not response.cookies
    fallback, utf8_name = _content_disposition_names(header)
    assert fallback == "Live__Set-Cookie: session=stolen____.flac"
    assert utf8_name == fallback
    assert response.getvalue() == track


# --- nginx ----------------------------------------------------------------------------


def test_accel_redirect_hands_the_file_to_nginx_with_an_empty_body(client, track):
    response = client.get("/accel/album.flac", {"download": "Été.flac"})

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/album.flac"
    assert response.content == b""
    assert response["Content-Type"] == "audio/flac"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Accept-Ranges"] == "bytes"
    assert _content_disposition_names(response["Content-Disposition"]) == (
        "Ete.flac",
        "Été.flac",
    )


def test_accel_redirect_percent_encodes_the_path_for_nginx(client, media_root):
    name = "01 - Été? 100%.flac"
    (media_root / name).write_bytes(b"x")

    response = client.get("/accel/" + quote(name))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        "/protected-media/01%20-%20%C3%89t%C3%A9%3F%20100%25.flac"
    )
    assert response.content == b""


def test_accel_redirect_leaves_ranges_to_nginx(client, track):
    response = client.get("/accel/album.flac", headers={"Range": "bytes=0-9"})

    assert response.status_code == 200
    assert "Content-Range" not in response
    assert response.content == b""


def test_accel_redirect_for_a_missing_file_is_404(db, client, media_root):
    response = client.get("/accel/missing.flac")

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


# --- errors ---------------------------------------------------------------------------


def test_a_missing_file_is_404_without_its_path(db, client, media_root):
    response = client.get("/media/missing.flac")

    assert response.status_code == 404
    assert str(media_root) not in response.content.decode()


def test_a_folder_is_404(db, client, media_root):
    (media_root / "album").mkdir()

    response = client.get("/media/album")

    assert response.status_code == 404


def test_a_fifo_is_404_without_waiting_for_a_writer(db, client, media_root):
    os.mkfifo(media_root / "pipe.flac")

    response = client.get("/media/pipe.flac")

    assert response.status_code == 404


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_404(db, client, track, media_root):
    (media_root / "album.flac").chmod(0)

    response = client.get("/media/album.flac")

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "options"])
def test_other_methods_get_405(client, track, method):
    response = getattr(client, method)("/media/album.flac")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


# --- the open file --------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("range_header", [None, "bytes=10-19"])
def test_closing_an_unread_response_closes_the_file(db, tmp_path, range_header):
    album = tmp_path / "album.flac"
    album.write_bytes(b"x" * 100)
    headers = {"Range": range_header} if range_header else {}

    response = file_response(RequestFactory().get("/", headers=headers), album)
    during = _open_descriptors(album)
    response.close()  # what the server does when the client goes away

    assert during == 1
    assert _open_descriptors(album) == 0


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_response_without_a_body_leaves_no_file_open(tmp_path):
    album = tmp_path / "album.flac"
    album.write_bytes(b"x" * 100)

    for request in (
        RequestFactory().head("/"),
        RequestFactory().get("/", headers={"Range": "bytes=500-"}),
        RequestFactory().get("/", headers={"If-None-Match": "*"}),
    ):
        file_response(request, album)

    assert _open_descriptors(album) == 0


def test_a_file_replaced_mid_response_still_sends_the_bytes_it_announced(db, tmp_path):
    # An album zip is rebuilt with os.replace(); a download already under way keeps
    # reading the file it opened, so its bytes still match its ETag and length.
    (tmp_path / "album.zip").write_bytes(b"old" * 100)
    response = file_response(
        RequestFactory().get("/", headers={"Range": "bytes=0-8"}),
        tmp_path / "album.zip",
    )
    replacement = tmp_path / "album.zip.new"
    replacement.write_bytes(b"new" * 200)
    os.replace(replacement, tmp_path / "album.zip")

    body = b"".join(response)
    response.close()

    assert body == b"oldoldold"
    assert response["Content-Range"] == "bytes 0-8/300"
