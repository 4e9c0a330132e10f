"""Platform tasks: mail delivery and housekeeping."""

from typing import Any

from celery import shared_task
from django.core import management

from jamhub.core.mail import deliver_messages


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
)
def deliver_email_task(message: dict[str, Any]) -> int:
    """Send one queued message; SMTP and network failures are retried with backoff."""
    return deliver_messages([message])


@shared_task
def clear_expired_sessions_task() -> None:
    """Delete expired sessions (run daily by beat)."""
    management.call_command("clearsessions")
