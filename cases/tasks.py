"""Tasks of the cases app (run by the worker's daily schedule, see CasesConfig.ready())."""

from __future__ import annotations

from django_tasks import task

from cases.services import leavers_deactivate


@task()
def deactivate_leavers() -> int:
    """The ``deactivate_leavers`` command as a task; returns how many accounts it closed."""
    return len(leavers_deactivate())
