"""Serve one media file to browsers, downloaders and BitTorrent web seeds.

Web seeds (BEP 19) fetch torrent pieces with one Range request each, so Range handling
is part of the contract, not a nicety: a wrong byte is a failed piece hash.

Behind nginx, pass ``accel_path`` (settings.JAMHUB_MEDIA_ACCEL_PREFIX + the path under
MEDIA_ROOT) and nginx sends the bytes itself, with Range, conditional requests and
sendfile. The prefix must map to an internal location::

    location /protected-media/ {
        internal;
        alias /srv/jamhub/media/;
    }

On X-Accel-Redirect nginx keeps only Content-Type, Content-Disposition, Cache-Control,
Expires, Accept-Ranges and Set-Cookie from the upstream response (it makes its own
ETag, Last-Modified and Content-Length), percent-decodes the URI and answers 404 to one
containing "/../".
"""

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

BLOCK_SIZE = 64 * 1024

CONTENT_TYPES = {
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".flac": "audio/flac",
    ".zip": "application/zip",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".txt": "text/plain; charset=utf-8",
    ".torrent": "application/x-bittorrent",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"

_RANGE_SPEC = re.compile(r"([0-9]*)-([0-9]*)")
# Every file is shorter than this; bigger positions are clamped before int() sees them.
_BEYOND_ANY_FILE = 10**18
# Quotes, backslash, path separators, ";" and ASCII controls end or split a quoted
# header parameter, or a path, on some client.
_UNSAFE_IN_FALLBACK = re.compile(r'["\\/;\x00-\x1f\x7f]')
# Controls, format characters (bidi overrides that disguise an extension), line and
# paragraph separators, lone surrogates (which cannot even be encoded as UTF-8).
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def accel_path_for(relative: object) -> str | None:
    """The nginx-internal path of a file under MEDIA_ROOT, or None when Django sends
    the bytes itself (JAMHUB_MEDIA_ACCEL_PREFIX unset)."""
    from django.conf import settings

    prefix = settings.JAMHUB_MEDIA_ACCEL_PREFIX
    return f"{prefix.rstrip('/')}/{relative}" if prefix else None


class _RangeNotSatisfiable(Exception):
    pass


class StreamMeter(Protocol):
    """Paces and counts the body of one response (the web seed's budget)."""

    rate: int  # bytes/s for nginx's X-Accel-Limit-Rate; 0 is no limit
    block_size: int | None  # read size while paced; None: BLOCK_SIZE

    def wait(self, size: int) -> None:
        """Block until `size` more bytes may be sent."""

    def close(self, sent: int) -> None:
        """The response is over: `sent` bytes went out."""


def file_response(
    request: HttpRequest,
    path: Path,
    *,
    content_type: str | None = None,
    download_name: str | None = None,
    cache_seconds: int = 3600,
    accel_path: str | None = None,
    meter: StreamMeter | None = None,
) -> HttpResponseBase:
    """Answer a GET or HEAD for the file at `path`: whole (200), one byte range (206),
    304, 412, 416, or an X-Accel-Redirect for nginx when `accel_path` is given.
    `cache_seconds=0` keeps the file out of shared caches. A `meter` paces the body
    and counts it (behind nginx: sets X-Accel-Limit-Rate and counts what was asked).

    Raises Http404 when the file is missing, not a regular file or unreadable."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    headers = {
        "Content-Type": content_type
        or CONTENT_TYPES.get(path.suffix.lower())
        or DEFAULT_CONTENT_TYPE,
        "Accept-Ranges": "bytes",
        # "public, max-age=0" would still let a shared cache store the file, and a
        # zero is how callers say "not in shared caches" (unpublished previews).
        "Cache-Control": f"public, max-age={cache_seconds}"
        if cache_seconds > 0
        else "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    if download_name is not None:
        headers["Content-Disposition"] = attachment_disposition(download_name)

    if accel_path is not None:
        size = _stat_regular_file(path)
        headers["X-Accel-Redirect"] = quote(accel_path, safe="/")
        if meter is not None:
            if meter.rate:
                headers["X-Accel-Limit-Rate"] = str(meter.rate)
            # nginx answers conditional requests itself (304, 412, or the whole
            # file for a stale If-Range): only plain requests are counted.
            conditional = any(
                name in request.headers
                for name in ("If-None-Match", "If-Modified-Since", "If-Range")
            )
            if request.method == "GET" and not conditional:
                meter.close(_accel_length(request, size))
        return HttpResponse(headers=headers)

    with ExitStack() as cleanup:
        file = cleanup.enter_context(_open_regular_file(path))
        response = _local_response(request, file, headers, meter)
        if response.streaming:
            # The response owns the file now and closes it in close(), which the
            # server calls even when the client went away mid-body.
            cleanup.pop_all()
        return response


def _local_response(
    request: HttpRequest,
    file: BinaryIO,
    headers: dict[str, str],
    meter: StreamMeter | None = None,
) -> HttpResponseBase:
    # fstat the open file, not the path: the validators then describe the bytes we
    # send even if a new zip is os.replace()d over the path meanwhile.
    file_stat = os.fstat(file.fileno())
    size = file_stat.st_size
    etag = f'"{size:x}-{file_stat.st_mtime_ns:x}"'
    last_modified = int(file_stat.st_mtime)
    headers |= {"ETag": etag, "Last-Modified": http_date(last_modified)}

    validators = HttpResponse(headers=headers)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=validators
    )
    if conditional is not None and conditional is not validators:
        return conditional  # 304 Not Modified or 412 Precondition Failed

    try:
        byte_range = _requested_range(request, size, etag, last_modified)
    except _RangeNotSatisfiable:
        # Not cacheable, no Content-Type: there is no representation in it.
        return HttpResponse(
            status=416,
            headers={
                "Content-Range": f"bytes */{size}",
                "Accept-Ranges": "bytes",
                "X-Content-Type-Options": "nosniff",
            },
        )

    content_type = headers.pop("Content-Type")
    if byte_range is None:
        headers["Content-Length"] = str(size)
        if request.method == "HEAD":
            return HttpResponse(content_type=content_type, headers=headers)
        if meter is not None:
            return StreamingHttpResponse(
                _FileRange(file, 0, size, meter),
                content_type=content_type,
                headers=headers,
            )
        return _WholeFileResponse(file, content_type=content_type, headers=headers)

    first, last = byte_range
    headers["Content-Length"] = str(last - first + 1)
    headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    if request.method == "HEAD":
        return HttpResponse(status=206, content_type=content_type, headers=headers)
    return StreamingHttpResponse(
        _FileRange(file, first, last - first + 1, meter),
        status=206,
        content_type=content_type,
        headers=headers,
    )


def _requested_range(
    request: HttpRequest, size: int, etag: str, last_modified: int
) -> tuple[int, int] | None:
    """The inclusive (first, last) positions to send, or None for the whole file.

    HEAD gets the same answer as GET would (RFC 9110 §9.3.2)."""
    range_header = request.headers.get("Range")
    if range_header is None:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and not _if_range_matches(if_range, etag, last_modified):
        return None  # the client holds another version: send it the whole new one
    return _parse_byte_range(range_header, size)


def _if_range_matches(value: str, etag: str, last_modified: int) -> bool:
    value = value.strip()
    if value.startswith(('"', "W/")):
        # Strong comparison (RFC 9110 §13.1.5): a weak tag never matches.
        return value == etag
    return parse_http_date_safe(value) == last_modified


def _parse_byte_range(header: str, size: int) -> tuple[int, int] | None:
    """Read a single-range Range header (RFC 9110 §14.1.2); None means "ignore it".

    Raises _RangeNotSatisfiable for a valid range that lies past the end."""
    unit, equals, range_set = header.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    # Empty list elements are allowed (RFC 9110 §5.6.1): "bytes=0-1," is one range.
    specs = [spec.strip() for spec in range_set.split(",") if spec.strip()]
    if len(specs) != 1:
        # Several ranges would need a multipart/byteranges body. RFC 9110 §14.2 lets a
        # server ignore Range altogether, and web seeds (BEP 19) ask for one range per
        # request, so the whole file with 200 is the honest, cheap answer.
        return None
    match = _RANGE_SPEC.fullmatch(specs[0])
    if match is None:
        return None
    first_digits, last_digits = match.groups()

    if not first_digits:
        if not last_digits:
            return None  # "bytes=-" is not a range
        suffix_length = _position(last_digits)
        if suffix_length == 0:
            raise _RangeNotSatisfiable
        if size == 0:
            # RFC 9110 §14.1.1 calls this satisfiable, yet no Content-Range can name
            # zero bytes: send the (empty) whole file instead.
            return None
        return max(size - suffix_length, 0), size - 1

    first = _position(first_digits)
    if not last_digits:
        last = size - 1
    else:
        last = _position(last_digits)
        if last < first:
            return None  # invalid, and an invalid Range header is ignored
    if first >= size:
        raise _RangeNotSatisfiable
    return first, min(last, size - 1)


def _position(digits: str) -> int:
    # int() refuses strings over 4,300 digits (CVE-2020-10735), and any position with
    # more than 18 significant digits is past the end of every file anyway.
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= 18 else _BEYOND_ANY_FILE


def _open_regular_file(path: Path) -> BinaryIO:
    """Open `path` for reading, or raise Http404 without telling why or where."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise Http404("No such file.") from error
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise Http404("No such file.")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _stat_regular_file(path: Path) -> int:
    """The size of the regular file at `path`, or Http404."""
    try:
        file_stat = os.stat(path)
    except (OSError, ValueError) as error:
        raise Http404("No such file.") from error
    if not stat.S_ISREG(file_stat.st_mode):
        raise Http404("No such file.")
    return file_stat.st_size


def _accel_length(request: HttpRequest, size: int) -> int:
    """How many bytes nginx will send for this request (its Range, if any)."""
    header = request.headers.get("Range")
    try:
        byte_range = _parse_byte_range(header, size) if header else None
    except _RangeNotSatisfiable:
        return 0
    return size if byte_range is None else byte_range[1] - byte_range[0] + 1


class _WholeFileResponse(FileResponse):
    # Django's 4 KiB default costs a system call per 4 KiB of audio when the server
    # has no wsgi.file_wrapper (runserver, the test client).
    block_size = BLOCK_SIZE


class _FileRange:
    """`length` bytes of `file` from `first`, read in blocks (paced by the meter, if
    any); closing it closes the file, whether or not the bytes were ever read."""

    def __init__(
        self,
        file: BinaryIO,
        first: int,
        length: int,
        meter: StreamMeter | None = None,
    ) -> None:
        self._file = file
        self._first = first
        self._length = length
        self._meter = meter
        self._sent = 0

    def __iter__(self) -> Iterator[bytes]:
        self._file.seek(self._first)
        remaining = self._length
        meter = self._meter
        while remaining > 0:
            block_size = (meter.block_size if meter else None) or BLOCK_SIZE
            size = min(block_size, remaining)
            if meter is not None:
                meter.wait(size)
            block = self._file.read(size)
            if not block:
                # The file shrank under us: stop short so the client sees a truncated
                # body (and retries) rather than padding.
                return
            remaining -= len(block)
            # Counted before the server writes it: a client that hangs up loses at
            # most one block of accuracy.
            self._sent += len(block)
            yield block

    def close(self) -> None:
        self._file.close()
        if self._meter is not None:
            meter, self._meter = self._meter, None
            meter.close(self._sent)


def attachment_disposition(download_name: str) -> str:
    """An RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name."""
    name = _safe_file_name(unicodedata.normalize("NFC", download_name))
    fallback = _ascii_fallback(name)
    if not _has_letter_or_digit(name):
        name = fallback
    return (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


def _safe_file_name(name: str) -> str:
    """`name` with nothing that could act as a path, a control or a hidden file."""
    cleaned = "".join(
        "_"
        if character in "/\\" or unicodedata.category(character) in _UNSAFE_CATEGORIES
        else character
        for character in name
    )
    return " ".join(cleaned.split()).strip(". ")


def _ascii_fallback(name: str) -> str:
    transliterated = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    )
    fallback = _UNSAFE_IN_FALLBACK.sub("_", transliterated)
    stem, dot, extension = fallback.rpartition(".")
    if not (dot and extension.isalnum() and len(extension) <= 10):
        stem, dot, extension = fallback, "", ""
    if not _has_letter_or_digit(stem):
        # Nothing readable survived ("日本語.zip" -> ".zip"): keep the extension only.
        stem = "download"
    return _safe_file_name(f"{stem}{dot}{extension}")


def _has_letter_or_digit(text: str) -> bool:
    return any(character.isalnum() for character in text)
