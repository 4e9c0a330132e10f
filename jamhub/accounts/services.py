"""Writes on accounts: role membership, profile changes, group sync."""

import io

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from jamhub.accounts.models import User
from jamhub.accounts.roles import ROLES, Role

AVATAR_SIZE = 256
AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 25_000_000
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def sync_role_groups() -> None:
    """Create the role groups and make sure each holds its listed permissions.

    Permissions given to a group by hand (or by Wagtail, for its Editors) are kept."""
    for spec in ROLES.values():
        group, _created = Group.objects.get_or_create(name=spec.group_name)
        wanted = []
        for dotted in spec.permissions:
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.add(*wanted)


@transaction.atomic
def grant_role(user: User, *, role: Role) -> None:
    """Add the user to the role's group (staff also get the admin's is_staff flag)."""
    group, _created = Group.objects.get_or_create(name=ROLES[role].group_name)
    user.groups.add(group)
    if role is Role.STAFF and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def revoke_role(user: User, *, role: Role) -> None:
    """Remove the user from the role's group."""
    user.groups.remove(*Group.objects.filter(name=ROLES[role].group_name))
    if role is Role.STAFF and user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])


def user_has_role(user: User, role: Role) -> bool:
    return user.groups.filter(name=ROLES[role].group_name).exists()


def normalise_avatar(upload: UploadedFile) -> ContentFile:
    """Re-encode an uploaded avatar as a square WebP, dropping all metadata.

    Raises ValidationError with a message for the user when the file is not a usable
    image.
    """
    if upload.size is not None and upload.size > AVATAR_MAX_BYTES:
        raise ValidationError(_("The image is larger than 5 MB."), code="too_large")
    try:
        with Image.open(upload) as image:
            if image.format not in AVATAR_FORMATS:
                raise ValidationError(
                    _("Use a JPEG, PNG, WebP or GIF image."), code="format"
                )
            if image.width * image.height > AVATAR_MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels."), code="too_many_pixels"
                )
            image.seek(0)
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        raise ValidationError(
            _("This file is not an image we can read."), code="invalid"
        ) from exc
    side = min(rgb.size)
    left, top = (rgb.width - side) // 2, (rgb.height - side) // 2
    square = rgb.crop((left, top, left + side, top + side)).resize(
        (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS
    )
    out = io.BytesIO()
    square.save(out, format="WEBP", quality=85)
    return ContentFile(out.getvalue(), name="avatar.webp")


@transaction.atomic
def update_profile(
    user: User,
    *,
    display_name: str,
    locale: str,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> User:
    """Change the user's public profile; a new avatar replaces (and deletes) the old."""
    fields = ["display_name", "locale"]
    user.display_name = display_name.strip()
    user.locale = locale
    old_avatar = user.avatar.name if user.avatar else ""
    if avatar is not None:
        user.avatar.save("avatar.webp", normalise_avatar(avatar), save=False)
        fields.append("avatar")
    elif remove_avatar and old_avatar:
        user.avatar = None  # type: ignore[assignment]
        fields.append("avatar")
    user.save(update_fields=fields)
    if old_avatar and "avatar" in fields:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return user


@transaction.atomic
def register_user(user: User, *, display_name: str = "", locale: str = "") -> User:
    """Finish a new sign-up: profile fields and the listener role."""
    update = []
    if display_name:
        user.display_name = display_name.strip()
        update.append("display_name")
    if locale:
        user.locale = locale
        update.append("locale")
    if update:
        user.save(update_fields=update)
    grant_role(user, role=Role.LISTENER)
    return user


def resend_email_confirmation(request: HttpRequest, *, email: str) -> bool:
    """Send the address's confirmation link again; False when the address had a
    mail too recently (allauth's per-address rate limit).

    An address with no account gets allauth's "no account here" mail instead, and
    counts against the same limit, so the answer tells nothing about who has an
    account."""
    from allauth.account.internal.flows.email_verification import (
        send_verification_email_to_address,
    )
    from allauth.account.models import EmailAddress

    address = (
        EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    )
    sent = send_verification_email_to_address(
        request, address or EmailAddress(email=email)
    )
    return bool(sent)
