"""An e-mail backend that sends every message from the task worker.

Set ``EMAIL_BACKEND = "jobs.mail.TaskEmailBackend"`` and name the real backend (SMTP, console)
in ``PEERWORK_EMAIL_DELIVERY_BACKEND``: a page or a scheduled command that sends mail then
returns at once, and a mail server that is down delays the mail instead of failing the page.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from email.mime.base import MIMEBase
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


def message_to_dict(message: EmailMessage) -> dict[str, Any]:
    """The message as JSON-serialisable arguments of ``jobs.tasks.send_email``."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            filename = attachment.get_filename() or "attachment"
            content = attachment.get_payload(decode=True) or b""
            mimetype = attachment.get_content_type()
        else:
            filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append(
            [
                filename,
                base64.b64encode(content).decode("ascii"),
                mimetype or "application/octet-stream",
            ]
        )
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(key): str(value) for key, value in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from jobs.tasks import send_email

        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            send_email.enqueue(message_to_dict(message))
            queued += 1
        return queued
