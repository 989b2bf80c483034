"""Background jobs a person started (an export, a rebuild, an import), their progress and the
file they produced; the worker's heartbeat; and the record of scheduled runs."""

from __future__ import annotations

import datetime as dt
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a finished job's file can be downloaded.
FILE_LIFETIME = dt.timedelta(days=7)
# A page stops polling a job this long after it was started (reloading resumes).
POLL_LIMIT = dt.timedelta(hours=2)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


def job_file_path(job: Job, filename: str) -> str:
    # One folder per job, named by its public id: a retry overwrites, never adds a file.
    return f"jobs/{job.public_id}/{filename}"


class JobQuerySet(models.QuerySet["Job"]):
    def owned_by(self, user: models.Model) -> JobQuerySet:
        return self.filter(owner=user)

    def expired(self, now: dt.datetime | None = None) -> JobQuerySet:
        return self.filter(expires__lte=now or timezone.now())


class Job(models.Model):
    public_id = models.UUIDField(default=uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(max_length=60, help_text=_("The registered runner that does the work."))
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    step = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # Keys of the steps that finished, so a retry after a crash skips them.
    completed_steps = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=job_file_path, max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)
    file_purged = models.BooleanField(default=False)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["owner", "-created"], name="jobs_job_owner_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values), name="jobs_job_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")) | models.Q(total=0),
                name="jobs_job_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def polls(self) -> bool:
        """Whether its page keeps asking for progress. Polling stops after POLL_LIMIT, so a
        page left open does not keep a session alive past its idle timeout for ever."""
        return not self.is_finished and self.created > timezone.now() - POLL_LIMIT

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()

    @property
    def has_file(self) -> bool:
        return bool(self.file) and not self.file_purged and not self.is_expired

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == JobStatus.SUCCEEDED else 0
        return min(100, round(100 * self.done / self.total))


class WorkerHeartbeat(models.Model):
    """Each running worker writes here every few seconds; /health/ready reads it."""

    worker_id = models.CharField(max_length=64, unique=True)
    started = models.DateTimeField(default=timezone.now)
    seen = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"worker {self.worker_id} (seen {self.seen:%Y-%m-%d %H:%M:%S})"


class ScheduledRun(models.Model):
    """A scheduled task enqueued for a day: the unique pair keeps two workers from both
    enqueueing it."""

    name = models.CharField(max_length=60)
    day = models.DateField()
    enqueued = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="jobs_scheduledrun_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.day}"
