"""Round trips through a real Celery worker thread: Redis, and the embedded default's
filesystem queue. Mail goes through the queue, so a sent message is the probe."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from jamhub.celery import app as celery_app

WAIT_SECONDS = 20


@contextmanager
def worker_on(broker_url: str, transport_options: dict[str, str]) -> Iterator[None]:
    saved = {
        key: celery_app.conf[key]
        for key in (
            "broker_url",
            "broker_transport_options",
            "broker_heartbeat",
            "task_always_eager",
        )
    }
    # Drop pooled connections to the previous broker, as after a fork (app.close()
    # would also unregister the app, and shared tasks imported later miss it).
    celery_app._after_fork()
    celery_app.conf.update(
        broker_url=broker_url,
        broker_transport_options=transport_options,
        # With AMQP heartbeats on, the embedded worker thread waits a heartbeat
        # period in its event loop before it notices it should stop.
        broker_heartbeat=0,
        task_always_eager=False,
    )
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False):
            yield
    finally:
        celery_app._after_fork()
        celery_app.conf.update(saved)


def wait_for_outbox(count: int) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def send_through_the_queue(settings, django_capture_on_commit_callbacks) -> None:
    settings.EMAIL_BACKEND = "jamhub.core.mail.QueuedEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        sent = mail.send_mail(
            "Your album is live",
            "Fans can now stream it.",
            "noreply@jamhub.test",
            ["artist@example.org"],
            html_message="<p>Fans can now stream it.</p>",
        )
    assert sent == 1


@pytest.mark.redis
def test_a_task_round_trips_through_redis(
    db, settings, redis_url, django_capture_on_commit_callbacks
):
    with worker_on(redis_url, {"visibility_timeout": 3600}):
        send_through_the_queue(settings, django_capture_on_commit_callbacks)
        # Queued, not sent in the request: the outbox fills only when the worker runs.
        wait_for_outbox(1)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your album is live"
    assert message.to == ["artist@example.org"]
    assert message.alternatives[0][0] == "<p>Fans can now stream it.</p>"


@pytest.mark.rabbitmq
def test_a_task_round_trips_through_rabbitmq(
    db, settings, amqp_url, django_capture_on_commit_callbacks
):
    with worker_on(amqp_url, {}):
        send_through_the_queue(settings, django_capture_on_commit_callbacks)
        wait_for_outbox(1)

    assert [m.subject for m in mail.outbox] == ["Your album is live"]


def test_a_task_round_trips_through_the_filesystem_queue(
    db, settings, tmp_path: Path, django_capture_on_commit_callbacks
):
    folders = {
        "data_folder_in": str(tmp_path / "messages"),
        "data_folder_out": str(tmp_path / "messages"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    for key in ("data_folder_in", "control_folder"):
        Path(folders[key]).mkdir()

    with worker_on("filesystem://localhost/", folders):
        send_through_the_queue(settings, django_capture_on_commit_callbacks)
        wait_for_outbox(1)

    assert [m.subject for m in mail.outbox] == ["Your album is live"]
    assert list(Path(folders["data_folder_in"]).iterdir()) == []  # consumed


def test_nothing_is_queued_when_the_transaction_rolls_back(
    db, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "jamhub.core.mail.QueuedEmailBackend"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail.send_mail("Never", "sent", "noreply@jamhub.test", ["a@example.org"])

    # The task waits for the commit: a rolled-back request sends nothing.
    assert len(callbacks) == 1
    assert mail.outbox == []
