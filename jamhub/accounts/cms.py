"""The CMS's user management for our User: email login and a display name, no
first or last name."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from jamhub.accounts.models import User

PROFILE_FIELDS = ["email", "display_name", "locale", "is_superuser", "groups"]


class CmsUserCreationForm(UserCreationForm):
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    class Meta(UserCreationForm.Meta):
        model = User
        fields = PROFILE_FIELDS


class CmsUserEditForm(UserEditForm):
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    class Meta(UserEditForm.Meta):
        model = User
        fields = [*PROFILE_FIELDS, "is_active"]


class CmsUserViewSet(UserViewSet):
    def get_form_class(self, for_update: bool = False) -> type[UserCreationForm]:
        return CmsUserEditForm if for_update else CmsUserCreationForm
