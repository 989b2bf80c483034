"""Every scheduled command is on the worker's daily schedule (each app's tests check its
task: tests/<app>/test_tasks.py)."""

from __future__ import annotations

import datetime as dt

from jobs.schedule import schedule


def test_every_scheduled_command_is_on_the_daily_schedule():
    assert {entry.name: entry.at for entry in schedule()} == {
        "deactivate_leavers": dt.time(2, 30),
        "purge_applicants": dt.time(2, 0),
        "purge_expired_jobs": dt.time(3, 0),
        "supervision_digest": dt.time(6, 30),
        "training_reminders": dt.time(6, 0),
    }
