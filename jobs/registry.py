"""What each kind of job does. Apps register a runner from their ``AppConfig.ready()``:

    from jobs.registry import JobOutput, Progress, register_job

    def export_run(job: Job, progress: Progress) -> JobOutput:
        rows = []
        for index, chunk in enumerate(chunks, start=1):
            progress.step(_("Reading initiatives"), index, len(chunks))
            ...
        return JobOutput(filename="export.csv", content=data, content_type="text/csv")

    register_job("comparison-export", export_run)

and start one with ``jobs.services.job_start(owner=..., kind="comparison-export", ...)``.
A runner may run again after a worker crash: work that must happen once goes through
``progress.once(key, function)``, which records the key in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, transaction

if TYPE_CHECKING:
    from jobs.models import Job

T = TypeVar("T")


@dataclass(frozen=True)
class JobOutput:
    """A file for the owner to download, and/or a sentence saying what was done."""

    filename: str = ""
    content: bytes = b""
    content_type: str = "application/octet-stream"
    summary: str = ""


class Progress:
    """Reports a job's step and count to the progress bar, and runs steps at most once."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def step(self, label: str, done: int, total: int) -> None:
        from jobs.models import Job

        total = max(total, 0)
        done = max(0, min(done, total)) if total else 0
        # Named database: a progress write must not pin a job's replica reads to the primary.
        Job.objects.using(DEFAULT_DB_ALIAS).filter(pk=self.job.pk).update(
            step=str(label)[:200], done=done, total=total
        )
        self.job.step, self.job.done, self.job.total = str(label)[:200], done, total

    def once(self, key: str, function: Callable[[], T]) -> T | None:
        """Run ``function`` unless a previous attempt of this job already finished ``key``;
        the key is recorded in the same transaction as the function's writes."""
        from jobs.models import Job

        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            current = Job.objects.using(DEFAULT_DB_ALIAS).select_for_update().get(pk=self.job.pk)
            if key in current.completed_steps:
                return None
            result = function()
            current.completed_steps = [*current.completed_steps, key]
            Job.objects.using(DEFAULT_DB_ALIAS).filter(pk=self.job.pk).update(
                completed_steps=current.completed_steps
            )
            self.job.completed_steps = current.completed_steps
            return result


Runner = Callable[["Job", Progress], JobOutput | None]


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Runner
    # Checked again by the worker before running: the owner may have lost access meanwhile.
    allowed: Callable[[Any], bool] | None = None


_kinds: dict[str, JobKind] = {}


def register_job(
    name: str, run: Runner, *, allowed: Callable[[Any], bool] | None = None
) -> JobKind:
    """Register the runner of a kind of job (idempotent, so ``ready()`` may run twice)."""
    kind = JobKind(name=name, run=run, allowed=allowed)
    _kinds[name] = kind
    return kind


def job_kind(name: str) -> JobKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No job kind {name!r} is registered.") from None


def registered_kinds() -> list[str]:
    return sorted(_kinds)
