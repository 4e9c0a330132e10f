"""jamhub.catalog.validation: tag text, covers and zips, on real bytes made here."""

import io
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from jamhub.catalog.validation import (
    ImageError,
    ZipError,
    clean_tag_text,
    extract_zip,
    normalise_cover,
)
from tests.media import make_image

HTML = b"<html><script>alert(1)</script></html>"
ALBUM_SUFFIXES = {".mp3", ".flac", ".jpg", ".png"}


# Tag text


@pytest.mark.parametrize(
    "control",
    ["\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), "\u2066", "\u2069"],
)
def test_clean_tag_text_removes_bidi_controls(control):
    # given a name that would display as "evilmp3.exe" reversed
    value = f"evil{control}exe.mp3"

    # when
    cleaned = clean_tag_text(value, 100)

    # then
    assert cleaned == "evilexe.mp3"


def test_clean_tag_text_removes_control_and_invisible_characters():
    # given NUL, BEL, DEL, a zero-width space, a byte order mark, a soft hyphen
    value = "Bad\x00 Re\x07li\x7fgion\u200b\ufeff Tra\u00adck"

    # when
    cleaned = clean_tag_text(value, 100)

    # then
    assert cleaned == "Bad Religion Track"


def test_clean_tag_text_turns_line_breaks_and_tabs_into_single_spaces():
    # when
    cleaned = clean_tag_text("  Side A\r\n\tTrack   1\u2028end  ", 100)

    # then
    assert cleaned == "Side A Track 1 end"


def test_clean_tag_text_keeps_a_french_no_break_space():
    # when
    cleaned = clean_tag_text("Qui es-tu\u00a0?", 100)

    # then
    assert cleaned == "Qui es-tu\u00a0?"


def test_clean_tag_text_composes_to_nfc():
    # given "é" as e + combining acute accent
    value = "Caf\u0065\u0301"

    # when
    cleaned = clean_tag_text(value, 100)

    # then
    assert cleaned == "Caf\u00e9"
    assert len(cleaned) == 4


def test_clean_tag_text_caps_long_strings():
    # when
    cleaned = clean_tag_text("la" * 500, 200)

    # then
    assert cleaned == "la" * 100


def test_clean_tag_text_keeps_emoji_joined_with_zwj():
    # given a woman singer (woman + ZWJ + microphone) and a family
    value = "👩\u200d🎤 and 👨\u200d👩\u200d👧 on tour"

    # when
    cleaned = clean_tag_text(value, 100)

    # then
    assert cleaned == value


@pytest.mark.parametrize(
    ("value", "max_length", "expected"),
    [
        ("abcq\u0301", 4, "abc"),  # q + combining acute has no precomposed form
        ("ab👩\u200d🎤", 4, "ab"),
        ("ab👍🏽", 3, "ab"),  # thumbs up + skin tone
        ("🇫🇷🇩🇪", 3, "🇫🇷"),  # two flags, each a pair of regional indicators
        ("Live at the  Roxy", 8, "Live at"),
    ],
)
def test_clean_tag_text_never_cuts_inside_a_character(value, max_length, expected):
    # when
    cleaned = clean_tag_text(value, max_length)

    # then
    assert cleaned == expected


def test_clean_tag_text_leaves_html_as_text():
    # when
    cleaned = clean_tag_text("<script>alert(1)</script>", 100)

    # then
    assert cleaned == "<script>alert(1)</script>"


# Covers


def image_bytes(size=(600, 600), fmt="PNG", mode="RGB", color=(200, 80, 20), **save):
    output = io.BytesIO()
    Image.new(mode, size, color).save(output, format=fmt, **save)
    return output.getvalue()


def open_cover(data: bytes) -> Image.Image:
    cover = Image.open(io.BytesIO(data))
    cover.load()
    return cover


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_normalise_cover_reencodes_a_normal_picture_as_rgb_jpeg(tmp_path, fmt):
    # given
    data = make_image(tmp_path / "cover", size=(600, 500), fmt=fmt).read_bytes()

    # when
    cover = open_cover(normalise_cover(data))

    # then
    assert (cover.format, cover.mode, cover.size) == ("JPEG", "RGB", (600, 500))
    assert cover.getpixel((300, 250)) == pytest.approx((200, 80, 20), abs=3)
    assert not cover.info.get("progressive")


def test_normalise_cover_shrinks_to_1400_pixels_keeping_the_aspect():
    # given
    data = image_bytes(size=(3000, 2000), fmt="JPEG")

    # when
    cover = open_cover(normalise_cover(data))

    # then
    assert cover.size == (1400, 933)


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS info
    return exif


SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.parametrize(
    ("fmt", "metadata"),
    [
        pytest.param("JPEG", {"exif": exif_with_gps()}, id="jpeg-exif"),
        pytest.param("JPEG", {"comment": b"SpyCam"}, id="jpeg-comment"),
        pytest.param("JPEG", {"xmp": b"<x:xmpmeta>SpyCam</x:xmpmeta>"}, id="jpeg-xmp"),
        pytest.param("JPEG", {"icc_profile": SRGB_PROFILE}, id="jpeg-icc"),
        pytest.param("PNG", {"exif": exif_with_gps()}, id="png-exif"),
        pytest.param("WEBP", {"exif": exif_with_gps()}, id="webp-exif"),
        pytest.param(
            "JPEG",
            {"exif": exif_with_gps(), "comment": b"x", "icc_profile": SRGB_PROFILE},
            id="jpeg-all",
        ),
    ],
)
def test_normalise_cover_drops_all_metadata(fmt, metadata):
    # given
    data = image_bytes(fmt=fmt, **metadata)
    assert b"SpyCam" in data or b"sRGB" in data or b"x" in data

    # when
    output = normalise_cover(data)

    # then
    cover = open_cover(output)
    assert not {"exif", "comment", "icc_profile", "xmp"} & set(cover.info)
    assert not cover.getexif()
    assert b"SpyCam" not in output
    assert b"sRGB" not in output


def test_normalise_cover_applies_the_exif_orientation_before_dropping_it():
    # given a landscape photo that the camera marked "rotate 90°"
    exif = Image.Exif()
    exif[0x0112] = 6
    data = image_bytes(size=(800, 400), fmt="JPEG", exif=exif)

    # when
    cover = open_cover(normalise_cover(data))

    # then
    assert cover.size == (400, 800)


def test_normalise_cover_puts_transparency_on_white():
    # given
    data = image_bytes(mode="RGBA", color=(0, 0, 0, 0))

    # when
    cover = open_cover(normalise_cover(data))

    # then
    assert cover.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=2)


def test_normalise_cover_scales_16_bit_grey_instead_of_clipping_it():
    # given a mid-grey 16-bit PNG
    data = image_bytes(mode="I;16", color=32768)

    # when
    cover = open_cover(normalise_cover(data))

    # then
    assert cover.getpixel((10, 10)) == pytest.approx((128, 128, 128), abs=2)


def huge_blank_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG, written row by row: Pillow's Image.new would hold a byte
    per pixel (900 MB for 30000 x 30000) just to make it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body))
        )

    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte "none", then black pixels
    pixels = b"".join(compressor.compress(row) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels + compressor.flush())
        + chunk(b"IEND", b"")
    )


def test_huge_blank_png_makes_a_png_pillow_decodes():
    # when
    image = open_cover(huge_blank_png(401, 300))

    # then
    assert (image.format, image.mode, image.size) == ("PNG", "1", (401, 300))
    assert image.getextrema() == (0, 0)


@pytest.mark.parametrize(
    "size",
    [
        pytest.param((30000, 30000), id="pillow-refuses"),
        pytest.param((10000, 10000), id="pillow-warns"),
        pytest.param((7000, 7000), id="over-40-megapixels"),
    ],
)
def test_normalise_cover_refuses_too_many_pixels(size):
    # given a PNG that is small on disk but huge once decoded
    data = huge_blank_png(*size)
    assert len(data) < 200_000

    # when
    with pytest.raises(ImageError) as refused:
        normalise_cover(data)

    # then
    assert refused.value.code == "too_many_pixels"


def test_normalise_cover_refuses_a_tiny_picture():
    # when
    with pytest.raises(ImageError) as refused:
        normalise_cover(image_bytes(size=(100, 100)))

    # then
    assert refused.value.code == "too_small"
    assert "300 × 300" in str(refused.value)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(image_bytes(fmt="PNG") + HTML, id="png"),
        pytest.param(image_bytes(fmt="JPEG") + HTML, id="jpeg"),
        pytest.param(image_bytes(fmt="JPEG") + HTML + b"\xff\xd9", id="jpeg-fake-end"),
        pytest.param(image_bytes(fmt="WEBP") + HTML, id="webp"),
    ],
)
def test_normalise_cover_refuses_data_appended_after_the_picture(data):
    # given (Pillow's verify() accepts the PNG)
    Image.open(io.BytesIO(data)).verify()

    # when
    with pytest.raises(ImageError) as refused:
        normalise_cover(data)

    # then
    assert refused.value.code == "trailing_data"


def test_normalise_cover_accepts_jpeg_images_appended_by_cameras():
    # given a JPEG followed by a second JPEG (as MPF previews are) and zero padding
    data = (
        image_bytes(fmt="JPEG") + image_bytes(size=(160, 120), fmt="JPEG") + b"\0" * 8
    )

    # when
    cover = open_cover(normalise_cover(data))

    # then
    assert cover.size == (600, 600)


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_normalise_cover_refuses_other_image_formats(fmt):
    # when
    with pytest.raises(ImageError) as refused:
        normalise_cover(image_bytes(fmt=fmt))

    # then
    assert refused.value.code == "unsupported_format"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(os.urandom(5000), "not_image", id="random-bytes"),
        pytest.param(HTML, "not_image", id="html"),
        pytest.param(b"", "empty", id="empty"),
        pytest.param(image_bytes(fmt="PNG")[:-200], "corrupt", id="truncated-png"),
    ],
)
def test_normalise_cover_refuses_what_is_not_a_picture(data, code):
    # when
    with pytest.raises(ImageError) as refused:
        normalise_cover(data)

    # then
    assert refused.value.code == code


# Zips


def make_zip(path: Path, members: dict[str, bytes], **options) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **options) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def patch_headers(path: Path, name: bytes, local: int, central: int, fmt, value):
    """Overwrite one field in the local and central headers of the entry `name`."""
    data = bytearray(path.read_bytes())
    for signature, field, name_at in (
        (b"PK\x03\x04", local, 30),
        (b"PK\x01\x02", central, 46),
    ):
        at = data.find(signature)
        while data[at + name_at : at + name_at + len(name)] != name:
            at = data.find(signature, at + 1)
            assert at >= 0, f"no header for {name!r}"
        struct.pack_into(
            fmt, data, at + field, value(struct.unpack_from(fmt, data, at + field)[0])
        )
    path.write_bytes(bytes(data))


def song(n: int = 1) -> bytes:
    return b"ID3" + bytes([n]) * 2000


def test_extract_zip_extracts_songs_and_cover_flat(tmp_path):
    # given
    zip_path = make_zip(
        tmp_path / "album.zip",
        {
            "Album/01 Intro.mp3": song(1),
            "Album/02 Rêve.flac": song(2),
            "Album/03 Outro.MP3": song(3),
            "Album/art/cover.jpg": image_bytes(fmt="JPEG"),
        },
    )
    dest = tmp_path / "out"

    # when
    members, rejections = extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert rejections == []
    assert [(m.name, m.path.name) for m in members] == [
        ("Album/01 Intro.mp3", "01 Intro.mp3"),
        ("Album/02 Rêve.flac", "02 Rêve.flac"),
        ("Album/03 Outro.MP3", "03 Outro.MP3"),
        ("Album/art/cover.jpg", "cover.jpg"),
    ]
    assert members[1].path.read_bytes() == song(2)
    assert all(m.size == m.path.stat().st_size for m in members)
    assert sorted(p.name for p in dest.iterdir()) == sorted(
        m.path.name for m in members
    )


@pytest.mark.parametrize(
    "evil_name",
    ["../evil.mp3", "/abs.mp3", "a/../../b.mp3", "C:/evil.mp3", "..\\evil.mp3"],
)
def test_extract_zip_rejects_names_that_leave_the_folder(tmp_path, evil_name):
    # given
    zip_path = make_zip(tmp_path / "a.zip", {evil_name: song(), "good.mp3": song()})
    dest = tmp_path / "deep" / "out"

    # when
    members, rejections = extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert [m.path for m in members] == [dest / "good.mp3"]
    assert [(r.name, r.code) for r in rejections] == [(evil_name, "unsafe_name")]
    assert "outside" in str(rejections[0].reason)
    assert sorted(p.name for p in tmp_path.rglob("*.mp3")) == ["good.mp3"]


def test_extract_zip_rejects_entries_without_a_file_name(tmp_path):
    # given
    zip_path = tmp_path / "a.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"x")
        archive.writestr(zipfile.ZipInfo("."), b"x")
        archive.writestr("good.mp3", song())

    # when
    members, rejections = extract_zip(
        zip_path, tmp_path / "out", allowed_suffixes=ALBUM_SUFFIXES
    )

    # then
    assert [m.name for m in members] == ["good.mp3"]
    assert [(r.name, r.code) for r in rejections] == [
        ("", "unsafe_name"),
        (".", "unsafe_name"),
    ]


def test_extract_zip_rejects_a_name_with_a_nul_byte(tmp_path):
    # given "evil\0.mp3" (zipfile cannot write it, so the header is patched)
    zip_path = make_zip(tmp_path / "a.zip", {"evilX.mp3": song()})
    data = zip_path.read_bytes().replace(b"evilX.mp3", b"evil\x00.mp3")
    zip_path.write_bytes(data)

    # when
    members, rejections = extract_zip(
        zip_path, tmp_path / "out", allowed_suffixes=ALBUM_SUFFIXES
    )

    # then
    assert members == []
    assert [r.code for r in rejections] == ["unsafe_name"]


def test_extract_zip_rejects_a_symlink(tmp_path):
    # given
    link = zipfile.ZipInfo("passwords.mp3")
    link.create_system = 3  # Unix
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    zip_path = tmp_path / "a.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr(link, "/etc/passwd")
        archive.writestr("good.mp3", song())
    dest = tmp_path / "out"

    # when
    members, rejections = extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert [m.name for m in members] == ["good.mp3"]
    assert [(r.name, r.code) for r in rejections] == [("passwords.mp3", "symlink")]
    assert not any(p.is_symlink() for p in dest.iterdir())


def test_extract_zip_rejects_an_encrypted_entry(tmp_path):
    # given an entry flagged encrypted (zipfile cannot encrypt, so flag bit 0 is set
    # in both headers by hand)
    zip_path = make_zip(tmp_path / "a.zip", {"secret.mp3": song(), "good.mp3": song()})
    patch_headers(zip_path, b"secret.mp3", 6, 8, "<H", lambda flags: flags | 0x1)
    with zipfile.ZipFile(zip_path) as archive:
        assert archive.getinfo("secret.mp3").flag_bits & 0x1

    # when
    members, rejections = extract_zip(
        zip_path, tmp_path / "out", allowed_suffixes=ALBUM_SUFFIXES
    )

    # then
    assert [m.name for m in members] == ["good.mp3"]
    assert [(r.name, r.code) for r in rejections] == [("secret.mp3", "encrypted")]


def test_extract_zip_rejects_nested_archives_by_name_and_by_content(tmp_path):
    # given
    inner = make_zip(tmp_path / "inner.zip", {"x.mp3": song()}).read_bytes()
    zip_path = make_zip(
        tmp_path / "a.zip",
        {"bonus.zip": inner, "sneaky.mp3": inner, "more.tar.gz": b"\x1f\x8b" + song()},
    )
    dest = tmp_path / "out"

    # when
    members, rejections = extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert members == []
    assert [(r.name, r.code) for r in rejections] == [
        ("bonus.zip", "nested_archive"),
        ("more.tar.gz", "nested_archive"),
        ("sneaky.mp3", "nested_archive"),
    ]
    assert list(dest.iterdir()) == []


def test_extract_zip_stops_a_zip_bomb_and_removes_what_it_extracted(tmp_path):
    # given a good song, then 50 MB of zeros that deflate to about 50 KB
    zip_path = make_zip(
        tmp_path / "bomb.zip", {"good.mp3": song(), "bomb.mp3": bytes(50 * 1024**2)}
    )
    assert zip_path.stat().st_size < 100_000
    dest = tmp_path / "out"

    # when
    with pytest.raises(ZipError) as refused:
        extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert refused.value.code == "zip_bomb"
    assert list(dest.iterdir()) == []


def test_extract_zip_refuses_a_zip_that_understates_a_size(tmp_path):
    # given a member of 300 KB whose headers claim 1,000 bytes
    zip_path = make_zip(
        tmp_path / "a.zip", {"good.mp3": song(), "liar.mp3": os.urandom(300_000)}
    )
    patch_headers(zip_path, b"liar.mp3", 22, 24, "<I", lambda _size: 1000)
    dest = tmp_path / "out"

    # when
    with pytest.raises(ZipError) as refused:
        extract_zip(
            zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES, max_member_bytes=100_000
        )

    # then (zipfile stops at the declared size and then finds the CRC wrong)
    assert refused.value.code == "corrupt"
    assert "liar.mp3" in str(refused.value)
    assert list(dest.iterdir()) == []


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        ({"max_member_bytes": 3000}, "member_too_large"),
        ({"max_total_bytes": 8000}, "too_large"),
    ],
)
def test_extract_zip_refuses_members_larger_than_the_limits(tmp_path, limits, code):
    # given three songs of 5 KB
    zip_path = make_zip(
        tmp_path / "a.zip", {f"{n}.mp3": os.urandom(5000) for n in range(3)}
    )
    dest = tmp_path / "out"

    # when
    with pytest.raises(ZipError) as refused:
        extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES, **limits)

    # then
    assert refused.value.code == code
    assert not dest.exists() or list(dest.iterdir()) == []


@pytest.mark.parametrize("max_entries", [5, 200])
def test_extract_zip_refuses_too_many_entries(tmp_path, max_entries):
    # given
    names = {f"{n:03}.mp3": b"x" for n in range(max_entries + 1)}
    zip_path = make_zip(tmp_path / "a.zip", names)

    # when
    with pytest.raises(ZipError) as refused:
        extract_zip(
            zip_path,
            tmp_path / "out",
            allowed_suffixes=ALBUM_SUFFIXES,
            max_entries=max_entries,
        )

    # then
    assert refused.value.code == "too_many_entries"
    assert str(max_entries) in str(refused.value)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(os.urandom(5000), id="random-bytes"),
        pytest.param(b"PK\x03\x04" + os.urandom(5000), id="zip-header-only"),
        pytest.param(b"", id="empty"),
    ],
)
def test_extract_zip_refuses_what_is_not_a_zip(tmp_path, content):
    # given
    zip_path = tmp_path / "album.zip"
    zip_path.write_bytes(content)

    # when
    with pytest.raises(ZipError) as refused:
        extract_zip(zip_path, tmp_path / "out", allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert refused.value.code == "not_zip"


def test_extract_zip_refuses_a_zip_cut_in_half(tmp_path):
    # given
    zip_path = make_zip(tmp_path / "a.zip", {"01.mp3": os.urandom(20_000)})
    zip_path.write_bytes(zip_path.read_bytes()[:10_000])

    # when
    with pytest.raises(ZipError) as refused:
        extract_zip(zip_path, tmp_path / "out", allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert refused.value.code == "not_zip"


def test_extract_zip_skips_macos_and_hidden_files_silently(tmp_path):
    # given
    zip_path = make_zip(
        tmp_path / "a.zip",
        {
            "Album/01.mp3": song(),
            "__MACOSX/Album/._01.mp3": b"\x00\x05\x16\x07" + bytes(100),
            ".DS_Store": bytes(100),
            "Album/.DS_Store": bytes(100),
            "Album/Thumbs.db": bytes(100),
        },
    )
    dest = tmp_path / "out"

    # when
    members, rejections = extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert [m.name for m in members] == ["Album/01.mp3"]
    assert rejections == []
    assert [p.name for p in dest.iterdir()] == ["01.mp3"]


def test_extract_zip_rejects_suffixes_not_allowed_case_insensitively(tmp_path):
    # given
    zip_path = make_zip(
        tmp_path / "a.zip",
        {"01.MP3": song(), "notes.txt": b"hi", "setup.exe": b"MZ", "02.Flac": song()},
    )

    # when
    members, rejections = extract_zip(
        zip_path, tmp_path / "out", allowed_suffixes={".mp3", ".FLAC"}
    )

    # then
    assert [m.name for m in members] == ["01.MP3", "02.Flac"]
    assert [(r.name, r.code) for r in rejections] == [
        ("notes.txt", "not_allowed"),
        ("setup.exe", "not_allowed"),
    ]
    assert ".flac, .mp3" in str(rejections[0].reason)


def test_extract_zip_gives_same_named_files_unique_names(tmp_path):
    # given
    zip_path = make_zip(
        tmp_path / "a.zip",
        {"cd1/01.mp3": song(1), "cd2/01.mp3": song(2), "CD3/01.MP3": song(3)},
    )
    dest = tmp_path / "out"

    # when
    members, _rejections = extract_zip(zip_path, dest, allowed_suffixes=ALBUM_SUFFIXES)

    # then
    assert [m.path.name for m in members] == ["01.mp3", "01 (2).mp3", "01 (3).MP3"]
    assert [m.path.read_bytes() for m in members] == [song(1), song(2), song(3)]
    assert all(p.is_file() for p in dest.iterdir())


def test_extract_zip_reads_utf8_names_from_zips_that_do_not_flag_them(tmp_path):
    # given a zip as macOS writes it: UTF-8 names without the UTF-8 flag (bit 11)
    zip_path = make_zip(tmp_path / "a.zip", {"Été.mp3": song()})
    patch_headers(zip_path, "Été.mp3".encode(), 6, 8, "<H", lambda f: f & ~0x800)
    with zipfile.ZipFile(zip_path) as archive:
        assert archive.namelist() != ["Été.mp3"]  # zipfile reads cp437 mojibake

    # when
    members, _rejections = extract_zip(
        zip_path, tmp_path / "out", allowed_suffixes=ALBUM_SUFFIXES
    )

    # then
    assert [(m.name, m.path.name) for m in members] == [("Été.mp3", "Été.mp3")]


def test_extract_zip_cleans_names_of_bidi_controls(tmp_path):
    # given a name that displays as "songs‮3pm.exe"
    zip_path = make_zip(tmp_path / "a.zip", {"song\u202egnp.mp3": song()})

    # when
    members, _rejections = extract_zip(
        zip_path, tmp_path / "out", allowed_suffixes=ALBUM_SUFFIXES
    )

    # then
    assert [(m.name, m.path.name) for m in members] == [("songgnp.mp3", "songgnp.mp3")]
