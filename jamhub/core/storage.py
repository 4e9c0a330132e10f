"""Where uploaded files go: paths are random so names never collide or leak."""

import secrets
from pathlib import PurePosixPath
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models

ALLOWED_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def avatar_upload_to(instance: models.Model, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in ALLOWED_IMAGE_SUFFIXES:
        suffix = ".img"
    return f"avatars/{secrets.token_hex(2)}/{secrets.token_urlsafe(12)}{suffix}"


def image_upload_to(instance: models.Model, filename: str) -> str:
    """Public images (artist photos, album covers), under a random name."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in ALLOWED_IMAGE_SUFFIXES:
        suffix = ".img"
    folder = instance._meta.model_name
    return f"images/{folder}/{secrets.token_hex(2)}/{secrets.token_urlsafe(12)}{suffix}"


def media_url(path: str) -> str:
    """The URL of a file under MEDIA_ROOT, as the storage serves it (MEDIA_URL may be
    a path on this site or another host's address, such as a CDN's)."""
    return default_storage.url(path)


def absolute_media_url(path: str) -> str:
    """media_url() with the site's address in front, unless MEDIA_URL has its own:
    for links that leave the site (magnets, mails, feeds)."""
    return urljoin(settings.SITE_URL + "/", media_url(path))
