from wagtail.users.apps import WagtailUsersAppConfig


class CmsUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user management, with our user forms (see jamhub.accounts.cms)."""

    user_viewset = "jamhub.accounts.cms.CmsUserViewSet"
