"""Tasks the worker enqueues once a day (the periodic scheduler run by ``db_worker``).

Apps register theirs from ``AppConfig.ready()``:

    register_daily("training_reminders", training_reminders_task, at=dt.time(6, 0))

``PEERWORK_SCHEDULE`` (``name=HH:MM`` pairs, comma-separated) moves a task to another time,
and ``name=off`` stops it, e.g. when a cron line runs the management command instead.
Each (name, day) is enqueued once, whichever worker gets there first.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

logger = logging.getLogger("peerwork.jobs")


@dataclass(frozen=True)
class Scheduled:
    name: str
    task: Any  # a django_tasks Task taking no arguments
    at: dt.time


_scheduled: dict[str, Scheduled] = {}


def register_daily(name: str, task: Any, *, at: dt.time) -> Scheduled:
    entry = Scheduled(name=name, task=task, at=at)
    _scheduled[name] = entry
    return entry


def _overrides() -> dict[str, str]:
    overrides = {}
    for pair in getattr(settings, "PEERWORK_SCHEDULE", []):
        name, _sep, value = pair.partition("=")
        overrides[name.strip()] = value.strip()
    return overrides


def schedule() -> list[Scheduled]:
    """The daily tasks with their effective times (switched-off ones left out)."""
    overrides = _overrides()
    entries = []
    for name, entry in sorted(_scheduled.items()):
        value = overrides.get(name)
        if value == "off":
            continue
        if value:
            hours, _sep, minutes = value.partition(":")
            entry = Scheduled(name=name, task=entry.task, at=dt.time(int(hours), int(minutes or 0)))
        entries.append(entry)
    return entries


def run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every daily task whose time has come today and that is not enqueued yet."""
    from jobs.models import ScheduledRun

    local = timezone.localtime(now or timezone.now())
    enqueued = []
    for entry in schedule():
        if local.time() < entry.at:
            continue
        if ScheduledRun.objects.filter(name=entry.name, day=local.date()).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=entry.name, day=local.date())
                result = entry.task.enqueue()
                run.task_id = str(result.id)[:64]
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker enqueued it
        logger.info("scheduled task %s enqueued: task_id=%s", entry.name, run.task_id)
        enqueued.append(entry.name)
    return enqueued
