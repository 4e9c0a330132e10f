"""The catalogue in the CMS: artists, albums and tracks for moderators and editors.

Status changes (approve, reject, hide) go through the moderation pages, which call
the services; these views edit metadata only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from jamhub.catalog.models import Album, Artist, Track


class ArtistViewSet(ModelViewSet):
    model = Artist
    url_prefix = "catalogue/artists"
    copy_view_enabled = False
    icon = "group"
    menu_label = _("Artists")
    list_display = ["name", "location", "is_trusted", "created_at"]
    list_filter = ["is_trusted"]
    search_fields = ["name", "location"]
    form_fields = ["name", "slug", "location", "bio", "is_trusted"]
    add_to_admin_menu = False


class AlbumViewSet(ModelViewSet):
    model = Album
    url_prefix = "catalogue/albums"
    copy_view_enabled = False
    icon = "media"
    menu_label = _("Albums")
    list_display = ["title", "artist", "status", "licence", "published_at"]
    list_filter = ["status", "licence"]
    search_fields = ["title", "artist__name"]
    form_fields = ["title", "release_date", "description", "tags"]
    inspect_view_enabled = True
    add_to_admin_menu = False


class TrackViewSet(ModelViewSet):
    model = Track
    url_prefix = "catalogue/tracks"
    copy_view_enabled = False
    icon = "doc-full"
    menu_label = _("Tracks")
    list_display = ["title", "album", "number", "state"]
    list_filter = ["state"]
    search_fields = ["title", "album__title"]
    form_fields = ["title", "lyrics"]
    add_to_admin_menu = False


class CatalogueViewSetGroup(ViewSetGroup):
    menu_label = _("Catalogue")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ArtistViewSet, AlbumViewSet, TrackViewSet)


@hooks.register("register_admin_viewset")
def register_catalogue_viewsets() -> CatalogueViewSetGroup:
    return CatalogueViewSetGroup()


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):  # type: ignore[no-untyped-def]
        return request.user.has_perm("catalog.moderate_album")


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item() -> MenuItem:
    return ModerationMenuItem(
        _("Review queue"),
        reverse("catalog:moderation-queue"),
        icon_name="tasks",
        order=210,
    )
