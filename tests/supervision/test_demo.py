"""The demo seed gives every persona something real to look at, and is idempotent."""

from __future__ import annotations

import pytest
from django.db.models import F

from cases import demo as cases_demo
from cases.models import Context
from supervision import demo
from supervision.models import SessionStatus, SupervisionArrangement, SupervisionSession


@pytest.mark.django_db
def test_demo_seed_covers_every_state_and_is_idempotent():
    cases_demo.seed()
    demo.seed()
    peer_sessions = SupervisionSession.objects.filter(
        arrangement__peer_worker__user__email="peer@demo.peerwork",
        arrangement__supervisor__email="supervisor@demo.peerwork",
    )
    assert set(peer_sessions.values_list("status", flat=True)) == set(SessionStatus.values)
    assert all(session.private_reflection for session in peer_sessions)
    assert peer_sessions.filter(addenda__isnull=False).exists()
    assert peer_sessions.filter(actions__carried_from__isnull=False).exists()

    cross = SupervisionArrangement.objects.exclude(
        supervisor_organisation_id=F("peer_worker__role__employer_id")
    ).select_related("peer_worker__role__initiative")
    assert [a.peer_worker.role.initiative.context for a in cross] == [Context.PARTNERSHIP]
    assert SupervisionArrangement.objects.overdue().exists()
    assert SupervisionArrangement.objects.filter(supervisor_has_lived_experience=True).exists()
    assert SupervisionArrangement.objects.filter(supervisor_has_lived_experience=False).exists()

    counts = (SupervisionArrangement.objects.count(), SupervisionSession.objects.count())
    demo.seed()
    assert (SupervisionArrangement.objects.count(), SupervisionSession.objects.count()) == counts
