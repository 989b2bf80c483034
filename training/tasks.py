"""Tasks of the training app (run by the worker's daily schedule, see TrainingConfig.ready())."""

from __future__ import annotations

from django_tasks import task

from training.services import reminders_send


@task()
def training_reminders() -> int:
    """The ``training_reminders`` command as a task: at most one e-mail a manager a day."""
    return reminders_send()
