"""Where uploaded files go: paths are random so names never collide or leak."""

import secrets
from pathlib import PurePosixPath

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
