"""Upload checks that are not audio decoding: tag text, covers and zip archives."""

from jamhub.catalog.validation.covers import (
    MAX_PIXELS,
    ImageError,
    normalise_cover,
)
from jamhub.catalog.validation.text import clean_tag_text
from jamhub.catalog.validation.zips import (
    ZipError,
    ZipMember,
    ZipRejection,
    extract_zip,
)

__all__ = [
    "MAX_PIXELS",
    "ImageError",
    "ZipError",
    "ZipMember",
    "ZipRejection",
    "clean_tag_text",
    "extract_zip",
    "normalise_cover",
]
