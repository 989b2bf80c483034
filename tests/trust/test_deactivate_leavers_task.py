"""deactivate_leavers as a task (immediate backend): closes long-gone accounts, once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cases.tasks import deactivate_leavers
from tests.trust.test_deactivate_leavers import TODAY, leaver


@pytest.mark.django_db
def test_deactivate_leavers_task_closes_long_gone_accounts_once(role_a, settings):
    settings.PEERWORK_LEAVER_DEACTIVATE_DAYS = 90
    gone = leaver(role_a, ended=TODAY - dt.timedelta(days=91), email="gone@example.org")
    with time_machine.travel(dt.datetime(2025, 6, 30, 12, 0), tick=False):
        assert deactivate_leavers.enqueue().return_value == 1
        assert deactivate_leavers.enqueue().return_value == 0
    gone.refresh_from_db()
    assert not gone.is_active
