"""Next-due dates and overdue flags, with time frozen."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from supervision import services
from supervision.models import SessionStatus, SupervisionArrangement
from tests.supervision.factories import SessionFactory


def _sign(arrangement, peer_a, supervisor_a, held_on):
    session = SessionFactory(
        arrangement=arrangement, author=peer_a, held_on=held_on, status=SessionStatus.SUBMITTED
    )
    return services.session_sign(actor=supervisor_a, session=session)


@time_machine.travel(dt.datetime(2025, 6, 15, 12, 0), tick=False)
def test_next_due_follows_the_last_signed_session(arrangement_a, peer_a, supervisor_a):
    assert arrangement_a.next_due_on == dt.date(2024, 3, 29)  # started + 28 days
    _sign(arrangement_a, peer_a, supervisor_a, dt.date(2025, 6, 1))
    # A later draft does not count: only signed sessions move the date.
    SessionFactory(arrangement=arrangement_a, author=peer_a, held_on=dt.date(2025, 6, 10))
    arrangement_a.refresh_from_db()
    assert arrangement_a.next_due_on == dt.date(2025, 6, 29)
    assert not arrangement_a.is_overdue


def test_overdue_flips_the_day_after_next_due(arrangement_a, peer_a, supervisor_a):
    with time_machine.travel(dt.datetime(2025, 6, 2, 12, 0), tick=False):
        _sign(arrangement_a, peer_a, supervisor_a, dt.date(2025, 6, 1))
    with time_machine.travel(dt.datetime(2025, 6, 29, 12, 0), tick=False):
        assert not SupervisionArrangement.objects.overdue().exists()
    with time_machine.travel(dt.datetime(2025, 6, 30, 12, 0), tick=False):
        assert list(SupervisionArrangement.objects.overdue()) == [arrangement_a]


def test_supervisor_page_flags_overdue_supervisees(arrangement_a, peer_a, supervisor_a, client_for):
    with time_machine.travel(dt.datetime(2025, 6, 2, 12, 0), tick=False):
        _sign(arrangement_a, peer_a, supervisor_a, dt.date(2025, 6, 1))
    with time_machine.travel(dt.datetime(2025, 6, 20, 12, 0), tick=False):
        body = (
            client_for(supervisor_a)
            .get(reverse("supervision:supervisor-dashboard"))
            .content.decode()
        )
        assert "Overdue" not in body
    with time_machine.travel(dt.datetime(2025, 7, 20, 12, 0), tick=False):
        body = (
            client_for(supervisor_a)
            .get(reverse("supervision:supervisor-dashboard"))
            .content.decode()
        )
        assert "Overdue" in body
        assert "29 Jun 2025" in body


def test_ended_arrangements_are_never_overdue(arrangement_a):
    arrangement_a.ended = dt.date(2024, 4, 1)
    arrangement_a.save()
    with time_machine.travel(dt.datetime(2025, 1, 1, 12, 0), tick=False):
        assert not SupervisionArrangement.objects.overdue().exists()
