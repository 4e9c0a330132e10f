"""The JamHub user: signs in with an email address, shows a display name."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from jamhub.core.storage import avatar_upload_to


def normalise_email(email: str) -> str:
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(
        self, email: str, password: str | None, **fields: object
    ) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(
        self, email: str, password: str | None = None, **fields: object
    ) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(
        self, email: str, password: str | None = None, **fields: object
    ) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        if fields["is_staff"] is not True or fields["is_superuser"] is not True:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("Shown next to your reviews and posts."),
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True)
    locale = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Language of the emails we send you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_user_email_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.get_display_name()

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stored lowercased: allauth looks addresses up lowercased, and a mixed-case
        # row would be unreachable by login and password reset.
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_display_name(self) -> str:
        """The public name: display name, else the part of the email before the @."""
        return self.display_name or self.email.split("@", 1)[0]

    def get_full_name(self) -> str:
        return self.get_display_name()

    def get_short_name(self) -> str:
        return self.get_display_name()
