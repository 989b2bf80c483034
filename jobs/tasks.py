"""The tasks of the jobs app: run a job, purge expired downloads, deliver an e-mail."""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django_tasks import TaskContext, task

from jobs import services
from peerwork.lib.logs import bound


@task(takes_context=True)
def run_job(context: TaskContext, job_pk: int) -> str:
    task_id = str(context.task_result.id)
    with bound(f"task-{task_id}"):  # the job's log lines carry its task id
        return services.job_run(job_pk=job_pk, task_id=task_id)


@task()
def purge_expired_jobs() -> dict[str, int]:
    return services.jobs_purge_expired()


@task()
def send_email(message: dict[str, Any]) -> int:
    """Deliver one message (as ``jobs.mail.message_to_dict`` wrote it) through the real
    backend, ``PEERWORK_EMAIL_DELIVERY_BACKEND``."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
        connection=get_connection(settings.PEERWORK_EMAIL_DELIVERY_BACKEND),
    )
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    for filename, content, mimetype in message["attachments"]:
        email.attach(filename, base64.b64decode(content), mimetype)
    return email.send()
