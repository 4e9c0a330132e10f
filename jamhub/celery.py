"""The Celery application shared by the worker, beat and the web process.

Broker: CELERY_BROKER_URL / REDIS_URL (Redis or RabbitMQ), else a folder under var/
that needs no server (the embedded default). Configuration lives in settings under the
CELERY_ prefix; see jamhub/settings/base.py for the task conventions.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamhub.settings.dev")

app = Celery("jamhub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_queue_folders() -> None:
    """Create the filesystem broker's folders; kombu expects them to exist."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
