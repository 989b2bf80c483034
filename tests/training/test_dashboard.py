"""The organisation's training dashboard: charts with tables beside them."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from tests.factories import PeerWorkerFactory
from tests.training.factories import EnrolmentFactory, SessionFactory, complete
from training.selectors import peer_specific_hours_by_initiative


def test_dashboard_shows_rates_hours_and_expiring_certificates(
    manager_a, org_a, initiative_a, role_a, programme_a, requirement_a, peer_worker_a, client_for
):
    complete(peer_worker_a, programme_a, dt.date(2025, 4, 1), expires=dt.date(2026, 4, 1))
    EnrolmentFactory(
        session=SessionFactory(programme=programme_a, starts_on=dt.date(2026, 5, 1)),
        peer_worker=PeerWorkerFactory(role=role_a, full_name="New Starter"),
    )
    with time_machine.travel(
        dt.datetime(2026, 3, 15, 12, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        content = (
            client_for(manager_a)
            .get(reverse("training:dashboard", args=[org_a.public_id]))
            .content.decode()
        )
    assert content.count("<svg") == 3
    ids = re.findall(r'id="(chart-[^"]+)"', content)
    # Each of the three charts: its title, its description and its pattern for gaps.
    assert len(ids) == 9 and len(set(ids)) == 9
    assert "Completion rate by programme" in content
    assert "50.0%" in content  # 1 of 2 people enrolled completed
    assert "1 Apr 2026" in content  # expiring certificate
    assert '>Pat Peerworker</th><td>Alderbank ward peers</td><td class="text-end">30.0<' in content


def test_peer_specific_hours_by_initiative(initiative_a, role_a, programme_a, org_a):
    from tests.training.factories import TrainingProgrammeFactory

    mandatory = TrainingProgrammeFactory(
        organisation=org_a, category="generic_mandatory", total_hours="7"
    )
    first, second = PeerWorkerFactory(role=role_a), PeerWorkerFactory(role=role_a)
    complete(first, programme_a, dt.date(2025, 1, 1))  # 30 hours, peer-specific
    complete(first, mandatory, dt.date(2025, 1, 2))  # not peer-specific
    PeerWorkerFactory(role=role_a, started=dt.date(2020, 1, 1), ended=dt.date(2021, 1, 1))
    summary = peer_specific_hours_by_initiative()[initiative_a.pk]
    assert summary.peer_workers == 2
    assert summary.total_hours == 30
    assert str(summary.mean_hours) == "15.0"
    assert second  # counted with no hours
