"""Roles are Django groups; after every migrate each holds its listed permissions.

A permission that does not exist yet (its app arrives in a later issue) is skipped, so
the table can name it ahead of time.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    LISTENER = "listener"
    ARTIST = "artist"
    MODERATOR = "moderator"
    EDITOR = "editor"
    STAFF = "staff"


@dataclass(frozen=True)
class RoleSpec:
    group_name: str
    label: str
    permissions: tuple[str, ...]  # "app_label.codename"


ROLES: dict[Role, RoleSpec] = {
    Role.LISTENER: RoleSpec("Listeners", _("Listener"), ()),
    Role.ARTIST: RoleSpec("Artist members", _("Artist member"), ()),
    Role.MODERATOR: RoleSpec(
        "Community moderators",
        _("Moderator"),
        (
            "wagtailadmin.access_admin",
            "catalog.moderate_album",
            "catalog.view_album",
            "catalog.change_album",
            "catalog.view_artist",
            "catalog.change_artist",
            "catalog.view_track",
            "catalog.change_track",
        ),
    ),
    # Wagtail's own "Editors" group: it holds the page permissions on the tree (add
    # and change from Wagtail, publish from editorial's migration 0003).
    Role.EDITOR: RoleSpec(
        "Editors",
        _("Editor"),
        (
            "wagtailadmin.access_admin",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "editorial.change_sitesettings",
            "catalog.view_album",
            "catalog.change_album",
            "catalog.view_artist",
            "catalog.change_artist",
            "catalog.view_track",
            "catalog.change_track",
        ),
    ),
    Role.STAFF: RoleSpec(
        "Staff",
        _("Staff"),
        (
            "wagtailadmin.access_admin",
            "accounts.view_user",
            "accounts.change_user",
            "auth.view_group",
        ),
    ),
}
