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
        # Before any URLconf is imported: every route's `<id:...>`.
        register_converter(IdConverter, "id")
