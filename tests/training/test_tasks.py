"""training_reminders as a task (immediate backend): the command's effect, once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django_tasks import TaskResultStatus

from tests.training.test_reminders import at, due_items  # noqa: F401 - fixture
from training.tasks import training_reminders


@pytest.mark.django_db
def test_training_reminders_task_sends_once_a_day(due_items, manager_a):  # noqa: F811
    with at(dt.date(2026, 3, 15)):
        first = training_reminders.enqueue()
        second = training_reminders.enqueue()
    assert first.status == TaskResultStatus.SUCCESSFUL and first.return_value == 1
    assert second.return_value == 0
    assert [email.to for email in mail.outbox] == [[manager_a.email]]
