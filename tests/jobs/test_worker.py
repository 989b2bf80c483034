"""The database worker: recovery of tasks whose worker died, and a real worker process killed
mid-job whose task is retried by another without repeating the finished steps."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus

from jobs.models import Job, JobStatus, WorkerHeartbeat
from jobs.worker import live_workers, requeue_orphans

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_tasks_of_a_dead_worker_are_requeued_and_a_live_ones_are_not(settings, researcher):
    from django_tasks_db.models import DBTaskResult

    from jobs.tasks import purge_expired_jobs

    settings.TASKS = DATABASE_BACKEND
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    dead = DBTaskResult.objects.get(id=purge_expired_jobs.enqueue().id)
    alive = DBTaskResult.objects.get(id=purge_expired_jobs.enqueue().id)
    for task_result, worker in ((dead, "dead-worker"), (alive, "live-worker")):
        task_result.claim(worker)
        DBTaskResult.objects.filter(pk=task_result.pk).update(started_at=long_ago)
    WorkerHeartbeat.objects.create(worker_id="dead-worker", seen=long_ago)
    WorkerHeartbeat.objects.create(worker_id="live-worker", seen=timezone.now())

    assert requeue_orphans() == [str(dead.id)]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert alive.status == TaskResultStatus.RUNNING
    assert live_workers() == 1


def _database_url() -> str:
    settings = connection.settings_dict
    user = settings["USER"] or ""
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _worker(log: Path) -> subprocess.Popen:
    from django.conf import settings

    environment = {
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "DATABASE_URL": _database_url(),
        "PEERWORK_TASKS_BACKEND": "database",
        "PEERWORK_WORKER_STALE_SECONDS": "2",
        "PEERWORK_SCHEDULE": "purge_expired_jobs=off",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
            "--no-schedule",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait_for(condition, *, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-3000:]}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_leaves_it_to_be_retried_without_duplicates(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs a database that a second process can open: run with DATABASE_URL set to "
            "PostgreSQL (the SQLite test database lives in this process's memory)"
        )
    from django_tasks_db.models import DBTaskResult

    from jobs.services import job_start
    from tests.factories import UserFactory

    settings.TASKS = DATABASE_BACKEND
    owner = UserFactory()
    gate = tmp_path / "gate"
    log = tmp_path / "worker.log"
    job = job_start(
        owner=owner,
        kind="test-counting",
        title="Counting",
        params={"steps": 5, "pause_after": 2, "gate": str(gate)},
    )
    first = _worker(log)
    try:
        _wait_for(lambda: Job.objects.get(pk=job.pk).done == 3, seconds=60, what="step 3", log=log)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

    job.refresh_from_db()
    task_result = DBTaskResult.objects.get()
    assert job.status == JobStatus.RUNNING
    assert task_result.status == TaskResultStatus.RUNNING
    assert Group.objects.count() == 3

    gate.touch()
    second = _worker(log)
    try:
        _wait_for(
            lambda: Job.objects.get(pk=job.pk).is_finished, seconds=90, what="the retry", log=log
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)

    job.refresh_from_db()
    task_result.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.attempts == 2
    assert job.completed_steps == [f"step-{index}" for index in range(5)]
    assert Group.objects.count() == 5  # the three finished steps were not repeated
    assert task_result.status == TaskResultStatus.SUCCESSFUL
    assert len(task_result.worker_ids) == 2
    assert job.file.read() == b"steps\n5\n"


@pytest.mark.django_db(transaction=True)
def test_a_task_that_raises_is_recorded_failed_and_the_queue_goes_on(settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from jobs.services import job_start
    from tests.factories import UserFactory

    settings.TASKS = DATABASE_BACKEND
    owner = UserFactory()
    broken = job_start(owner=owner, kind="test-counting", title="Broken", params={"fail_at": 0})
    fine = job_start(owner=owner, kind="test-counting", title="Fine", params={"steps": 2})

    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, schedule=False, verbosity=0
    )

    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.status == JobStatus.FAILED and "went wrong" in broken.error
    assert fine.status == JobStatus.SUCCEEDED
    results = {result.task_result.args[0]: result for result in DBTaskResult.objects.all()}
    assert results[broken.pk].status == TaskResultStatus.FAILED
    assert "RuntimeError" in results[broken.pk].exception_class_path
    assert "on purpose" in results[broken.pk].traceback
    assert results[fine.pk].status == TaskResultStatus.SUCCESSFUL
    assert not WorkerHeartbeat.objects.exists()  # a worker that stops removes its heartbeat


@pytest.mark.django_db(transaction=True)
def test_a_worker_outlives_a_database_restart_and_runs_the_queue_after_it(settings, monkeypatch):
    from django.core.management import call_command
    from django.db.utils import OperationalError
    from django_tasks_db.management.commands import db_worker as upstream

    from jobs.management.commands import db_worker
    from jobs.services import job_start
    from tests.factories import UserFactory

    settings.TASKS = DATABASE_BACKEND
    job = job_start(owner=UserFactory(), kind="test-counting", title="After", params={"steps": 2})
    polls = []
    upstream_run = upstream.Worker.run

    def database_down_at_first(worker):
        polls.append(worker)
        if len(polls) == 1:
            raise OperationalError("the database system is shutting down")
        return upstream_run(worker)

    monkeypatch.setattr(upstream.Worker, "run", database_down_at_first)
    monkeypatch.setattr(db_worker, "RECONNECT_SECONDS", 0)

    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, schedule=False, verbosity=0
    )

    job.refresh_from_db()
    # The first poll met the outage; the worker polled again (more than once if the database
    # was busy, e.g. SQLite locked by the heartbeat) and ran the queue.
    assert len(polls) >= 2
    assert job.status == JobStatus.SUCCEEDED
