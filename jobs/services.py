"""Starting, running and cleaning up background jobs.

The one function other apps call is :func:`job_start`; what a kind of job does is registered
with ``jobs.registry.register_job`` (see that module).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import FILE_LIFETIME, Job, JobStatus
from jobs.registry import JobOutput, Progress, job_kind

logger = logging.getLogger("peerwork.jobs")

# Rows of jobs are kept this long after their file expired, so "My downloads" can say so.
RECORD_LIFETIME = dt.timedelta(days=30)


def job_start(
    *,
    owner: Any,
    kind: str,
    title: str,
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job for ``owner`` and queue it; the worker runs the runner registered for
    ``kind`` with ``params`` (JSON-serialisable). Returns the job at once (status queued);
    its page, ``jobs:job-detail``, shows the progress. Queued after the current transaction
    commits, so the worker never sees a job that was rolled back."""
    job_kind(kind)  # refuse an unknown kind now, not in the worker
    with transaction.atomic():
        job = Job(owner=owner, kind=kind, title=str(title)[:200], params=params or {})
        job.save()
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_pk: int) -> None:
    from jobs.tasks import run_job

    # Under the immediate backend (tests, development without a worker) the job runs here.
    result = run_job.enqueue(job_pk)
    Job.objects.filter(pk=job_pk, task_id="").update(task_id=str(result.id)[:64])


def job_run(*, job_pk: int, task_id: str = "") -> str:
    """Run a job (called by the task). Safe to call again for the same job: a finished job is
    left alone, and a job interrupted by a crash resumes, skipping its completed steps."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_pk).select_related("owner").first()
        if job is None:
            return "missing"
        if job.is_finished:
            return job.status
        job.status = JobStatus.RUNNING
        job.started = job.started or timezone.now()
        job.attempts += 1
        job.task_id = task_id[:64] or job.task_id
        job.save(update_fields=["status", "started", "attempts", "task_id"])
    kind = job_kind(job.kind)
    try:
        if kind.allowed is not None and not kind.allowed(job.owner):
            raise PermissionError(_("You no longer have access to this download."))
        output = kind.run(job, Progress(job))
    except Exception as error:
        job_fail(job=job, error=error)
        raise
    job_succeed(job=job, output=output)
    return JobStatus.SUCCEEDED


def _public_message(error: Exception) -> str:
    from django.core.exceptions import PermissionDenied, ValidationError

    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionError | PermissionDenied):
        return _("You no longer have access to this download.")
    return _(
        "Something went wrong and the job stopped. Nothing was saved; try again, and if it "
        "fails again tell the administrator the job reference below."
    )


def job_retry(*, job: Job) -> Job:
    """Queue a failed job again; the steps it had finished are not done twice."""
    from django.core.exceptions import ValidationError

    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            raise ValidationError(_("Only a failed job can be tried again."))
        job.status = JobStatus.QUEUED
        job.error = ""
        job.finished = None
        job.task_id = ""
        job.save(update_fields=["status", "error", "finished", "task_id"])
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def job_fail(*, job: Job, error: Exception) -> None:
    logger.error(
        "job %s (%s) failed: task_id=%s error=%s",
        job.public_id,
        job.kind,
        job.task_id or "-",
        f"{type(error).__name__}: {error}",
        exc_info=error,
    )
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=_public_message(error), finished=timezone.now()
    )


def job_succeed(*, job: Job, output: JobOutput | None) -> None:
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if output is not None and output.filename:
            if job.file:
                # A retry replaces the earlier attempt's file rather than adding one.
                job.file.delete(save=False)
            job.file.save(output.filename, ContentFile(output.content), save=False)
            job.filename = output.filename
            job.content_type = output.content_type
            job.size = len(output.content)
        job.summary = (output.summary if output else "") or job.summary
        job.status = JobStatus.SUCCEEDED
        job.finished = now
        job.expires = now + FILE_LIFETIME
        if job.total:
            job.done = job.total
        job.error = ""
        job.save()


def jobs_purge_expired(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete the files of jobs past their expiry, and the records of jobs long expired.
    Safe to run any number of times."""
    now = now or timezone.now()
    files = 0
    for job in Job.objects.expired(now).filter(file_purged=False).exclude(file=""):
        job.file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(file="", file_purged=True)
        files += 1
    records, _by_model = Job.objects.filter(expires__lte=now - RECORD_LIFETIME).delete()
    # Failed jobs have no expiry of their own: their record goes after the same lifetime.
    failed, _by_model = Job.objects.filter(
        status=JobStatus.FAILED, finished__lte=now - FILE_LIFETIME - RECORD_LIFETIME
    ).delete()
    return {"files": files, "records": records + failed}
