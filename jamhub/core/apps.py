from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jamhub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from jamhub.celery import ensure_queue_folders

        ensure_queue_folders()
