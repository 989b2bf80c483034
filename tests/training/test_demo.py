"""The training demo: idempotent, with expired and soon-expiring certificates."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from cases.models import PeerWorker, PeerWorkerRole
from training.models import (
    Audience,
    ComplianceStatus,
    Enrolment,
    RequiredTraining,
    Session,
    TrainingProgramme,
)
from training.selectors import compliance_cells, team_preparation_by_initiative


def test_seed_demo_adds_training_once(db):
    call_command("seed_demo", stdout=StringIO())
    counts = (TrainingProgramme.objects.count(), Session.objects.count(), Enrolment.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert counts == (
        TrainingProgramme.objects.count(),
        Session.objects.count(),
        Enrolment.objects.count(),
    )
    today = timezone.localdate()

    assert TrainingProgramme.objects.filter(category="peer_specific").exists()
    assert TrainingProgramme.objects.filter(category="generic_mandatory").exists()
    assert TrainingProgramme.objects.filter(audience=Audience.TEAM_COLLEAGUES).exists()
    # Every demo role has required training.
    assert not PeerWorkerRole.objects.exclude(
        pk__in=RequiredTraining.objects.values("role")
    ).exists()
    expired = Enrolment.objects.filter(certificate_expires_on__lt=today)
    expiring = Enrolment.objects.filter(
        certificate_expires_on__gte=today, certificate_expires_on__lte=today + dt.timedelta(days=30)
    )
    assert expired.exists() and expiring.exists()
    statuses = {cell.status for cell in compliance_cells()}
    assert statuses == set(ComplianceStatus)

    # The demo peer's safeguarding certificate runs out within 30 days.
    demo_peer = PeerWorker.objects.get(user__email="peer@demo.peerwork")
    safeguarding = [
        c
        for c in compliance_cells(peer_worker_ids=[demo_peer.pk])
        if c.programme_title.startswith("Safeguarding")
    ]
    assert [c.status for c in safeguarding] == [ComplianceStatus.DUE_SOON]

    teams = [
        team for summary in team_preparation_by_initiative().values() for team in summary.teams
    ]
    assert any(team.prepared_before_start for team in teams)
    assert any(team.prepared_before_start is False for team in teams)
