from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jamhub.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from jamhub.celery import ensure_queue_folders

        ensure_queue_folders()
