from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jamhub.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from jamhub.celery import ensure_queue_folders
        from jamhub.core.ids import IdConverter

        ensure_queue_folders()
        _install_tag_slug_rule()
        # Before any URLconf is imported: every route's `<id:...>`.
        register_converter(IdConverter, "id")


def _install_tag_slug_rule() -> None:
    """taggit's own Tag is shared by the catalogue (artists' album tags), the
    community (listeners' tags), the magazine and Wagtail's images, and each creates
    tags its own way. `slugify` is taggit's hook for the slug of a new tag; setting
    it here, in the lowest app, gives every one of them a slug that is never empty
    (taggit's own gives "" for 🌊 or "!!!", and no tag page can be linked then)."""
    from taggit.models import Tag

    from jamhub.core.text import tag_slug

    def slugify(tag: Tag, name: str, i: int | None = None) -> str:
        slug = tag_slug(name)
        return slug if i is None else f"{slug}_{i}"

    Tag.slugify = slugify
