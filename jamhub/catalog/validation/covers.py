"""Album covers: refuse what is not a plain picture, re-encode the rest as JPEG."""

import io
import struct
import warnings

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ACCEPTED_IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# Checked on the header, before any pixel is decoded. Pillow only warns from 89
# megapixels and refuses from 179: a 40-megapixel RGB image is already 120 MB.
MAX_PIXELS = 40_000_000
MIN_COVER_SIDE = 300
MAX_COVER_SIDE = 1400
COVER_QUALITY = 88

# Formats we refuse, recognised by their first bytes only so that no decoder for
# them ever runs: the artist gets "use another format", not "this is not a picture".
_REFUSED_SIGNATURES = (b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*", b"8BPS")
_REFUSED_BRANDS = (b"heic", b"heix", b"heif", b"mif1", b"avif")
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error)

MESSAGES: dict[str, Promise] = {
    "empty": _("This file is empty."),
    "not_image": _("This file is not a picture we can read."),
    "unsupported_format": _("Please upload the picture as JPEG, PNG or WebP."),
    "too_many_pixels": format_lazy(
        _("This picture is too large: it may have {megapixels} megapixels at most."),
        megapixels=MAX_PIXELS // 1_000_000,
    ),
    "too_small": format_lazy(
        _("This picture is too small: it must be at least {side} × {side} pixels."),
        side=MIN_COVER_SIDE,
    ),
    "trailing_data": _(
        "This picture has extra data hidden after its end. Please export it again "
        "from your image software."
    ),
    "corrupt": _("This picture is damaged and cannot be shown."),
}


class ImageError(Exception):
    """A picture we refuse: `code` is stable (see MESSAGES), `message` is for people."""

    def __init__(self, code: str, message: Promise | str | None = None):
        super().__init__(code)
        self.code = code
        self.message = message if message is not None else MESSAGES[code]

    def __str__(self) -> str:
        return str(self.message)


def normalise_cover(data: bytes) -> bytes:
    """A cover upload as baseline RGB JPEG bytes, at most 1400 px a side, without any
    metadata; ImageError when it is not a JPEG, PNG or WebP picture we accept."""
    if not data:
        raise ImageError("empty")
    if data.startswith(_REFUSED_SIGNATURES) or data[8:12] in _REFUSED_BRANDS:
        raise ImageError("unsupported_format")
    image = _open(data)
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise ImageError("too_many_pixels")
        if min(width, height) < MIN_COVER_SIDE:
            raise ImageError("too_small")
        end = _image_end(data, image.format)
        if end is None:
            raise ImageError("corrupt")
        if end < len(data):
            raise ImageError("trailing_data")
        try:
            # Lets the JPEG decoder scale by 1/2, 1/4 or 1/8 while decoding.
            image.draft("RGB", (MAX_COVER_SIDE, MAX_COVER_SIDE))
            image.load()
            cover = _to_srgb(ImageOps.exif_transpose(image))
            cover.thumbnail((MAX_COVER_SIDE, MAX_COVER_SIDE), Image.Resampling.LANCZOS)
        except _DECODE_ERRORS as exc:
            raise ImageError("corrupt") from exc
    # Pillow's JPEG writer copies a comment from `info`; nothing else may go either.
    cover.info = {}
    output = io.BytesIO()
    cover.save(output, format="JPEG", quality=COVER_QUALITY, optimize=True)
    return output.getvalue()


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=ACCEPTED_IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("too_many_pixels") from exc
    except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
        raise ImageError("not_image") from exc


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB pixels in sRGB: transparency on white, colour profiles applied (so that
    none needs to be embedded), 16-bit grey scaled rather than clipped to white."""
    profile = image.info.get("icc_profile")
    if image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode.startswith("I"):
        image = image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(
                image, source, _SRGB, outputMode="RGB"
            )
        except (ImageCms.PyCMSError, *_DECODE_ERRORS):
            pass  # a broken or mismatched profile: show the pixels as sRGB
        else:
            if converted is not None:
                return converted
    return image.convert("RGB")


def _image_end(data: bytes, image_format: str | None) -> int | None:
    """Where the image ends in `data` (None if it never does): whatever follows is
    not part of the picture, and a PNG with HTML after IEND passes Pillow's verify().
    """
    if image_format == "PNG":
        return _png_end(data)
    if image_format == "WEBP":
        riff_size: int = struct.unpack_from("<I", data, 4)[0]
        return 8 + riff_size + riff_size % 2
    end = _jpeg_end(data, 0)
    # Cameras append more JPEG images (MPF: previews, depth maps) and some pad with
    # zeros: both are harmless, anything else is not.
    while end is not None and data.startswith(b"\xff\xd8", end):
        end = _jpeg_end(data, end)
    if end is not None and not data[end:].strip(b"\x00"):
        return len(data)
    return end


def _png_end(data: bytes) -> int | None:
    position = 8
    while position + 12 <= len(data):
        length: int = struct.unpack_from(">I", data, position)[0]
        chunk_type = data[position + 4 : position + 8]
        position += 12 + length
        if chunk_type == b"IEND":
            return position
    return None


def _jpeg_end(data: bytes, start: int) -> int | None:
    """The offset after the EOI marker of the JPEG at `start`, walking its segments
    (so an FF D9 inside EXIF or entropy-coded data does not count)."""
    if not data.startswith(b"\xff\xd8", start):
        return None
    position = start + 2
    while position + 1 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker == 0xD9:
            return position + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            position += 2
        elif position + 4 > len(data):
            return None
        else:
            (length,) = struct.unpack_from(">H", data, position + 2)
            position += 2 + length
            if marker == 0xDA:  # start of scan: entropy-coded data up to a marker
                position = _entropy_coded_end(data, position)
    return None


def _entropy_coded_end(data: bytes, position: int) -> int:
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        # FF 00 is an escaped FF byte, FF D0-D7 a restart marker, FF FF fill.
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            position += 2
        elif following == 0xFF:
            position += 1
        else:
            return position
