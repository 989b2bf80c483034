"""Tasks of the supervision app (run by the worker's daily schedule, see SupervisionConfig)."""

from __future__ import annotations

from django_tasks import task

from supervision.digest import send_digests


@task()
def supervision_digest() -> int:
    """The ``supervision_digest`` command as a task: one digest a person a day."""
    return send_digests()
