"""Outgoing mail goes through the worker, so no request waits on a mail server.

QueuedEmailBackend turns each message into plain JSON data and queues
deliver_email_task after the transaction commits; the task rebuilds the message and
hands it to the backend named by JAMHUB_EMAIL_DELIVERY_BACKEND (from EMAIL_URL).
"""

import base64
from collections.abc import Sequence
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend


def message_to_data(message: EmailMessage) -> dict[str, Any]:
    """Serialise an EmailMessage to JSON-safe data (attachments base64-encoded)."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise TypeError("MIME attachments cannot be queued; attach bytes instead.")
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(raw).decode(), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [
            [content, mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def message_from_data(data: dict[str, Any]) -> EmailMultiAlternatives:
    """Rebuild the message serialised by message_to_data."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def deliver_messages(data: Sequence[dict[str, Any]]) -> int:
    """Send serialised messages through the delivery backend; return how many went."""
    connection = get_connection(settings.JAMHUB_EMAIL_DELIVERY_BACKEND)
    return connection.send_messages([message_from_data(d) for d in data]) or 0


class QueuedEmailBackend(BaseEmailBackend):
    """Queue each message for the worker instead of sending it in the request."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from jamhub.core.tasks import deliver_email_task

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver_email_task.delay_on_commit(message_to_data(message))
            count += 1
        return count
