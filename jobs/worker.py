"""What the task worker does besides running tasks: a heartbeat for /health/ready, putting
back the tasks of a worker that died mid-task, and the daily schedule."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from jobs.models import WorkerHeartbeat
from jobs.schedule import run_due

logger = logging.getLogger("peerwork.jobs")


def heartbeat_interval() -> float:
    return max(1.0, settings.PEERWORK_WORKER_STALE_SECONDS / 4)


def beat(worker_id: str) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen": now})


def live_workers(*, now: dt.datetime | None = None) -> int:
    """Workers that wrote a heartbeat recently."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.PEERWORK_WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen__gte=cutoff).count()


def worker_health() -> str | None:
    """For /health/ready: None while a worker's heartbeat is fresh (or none is needed)."""
    if not settings.PEERWORK_HEALTH_REQUIRES_WORKER:
        return None
    return None if live_workers() else "no worker heartbeat"


def requeue_orphans(*, now: dt.datetime | None = None) -> list[str]:
    """Put back to the queue the tasks claimed by a worker whose heartbeat stopped (killed,
    out of memory, machine lost). The task runs again from the start; the job it runs skips
    the steps it had finished."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.PEERWORK_WORKER_STALE_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = []
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        for task_result in running:
            worker_ids = task_result.worker_ids or []
            if worker_ids and worker_ids[-1] in alive:
                continue
            task_result.status = TaskResultStatus.READY
            task_result.save(update_fields=["status"])
            logger.warning(
                "task %s (%s) requeued: its worker %s stopped mid-task",
                task_result.id,
                task_result.task_path,
                worker_ids[-1] if worker_ids else "-",
            )
            requeued.append(str(task_result.id))
    # Forget workers gone for a day.
    WorkerHeartbeat.objects.filter(seen__lt=now - dt.timedelta(days=1)).delete()
    return requeued


class Maintenance(threading.Thread):
    """Runs beside the worker loop, so the heartbeat continues during a long task."""

    def __init__(self, worker_id: str, *, schedule: bool = True, recover: bool = True) -> None:
        super().__init__(name=f"worker-maintenance-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.schedule = schedule
        self.recover = recover
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    beat(self.worker_id)
                    if self.recover:
                        requeue_orphans()
                    if self.schedule:
                        run_due()
                except Exception:
                    logger.exception("worker maintenance failed; trying again")
                self.stopping.wait(heartbeat_interval())
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            logger.exception("could not remove the heartbeat of worker %s", self.worker_id)
