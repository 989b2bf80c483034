"""supervision_digest as a task (immediate backend): the command's effect, once a day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from supervision.tasks import supervision_digest
from tests.supervision.test_digest import _scenario


@pytest.mark.django_db
def test_supervision_digest_task_sends_once_a_day(arrangement_a, peer_a, supervisor_a):
    _scenario(arrangement_a, peer_a)
    with time_machine.travel(dt.datetime(2025, 6, 15, 7, 0), tick=False):
        assert supervision_digest.enqueue().return_value == 2
        assert supervision_digest.enqueue().return_value == 0
    assert {email.to[0] for email in mail.outbox} == {supervisor_a.email, peer_a.email}
