"""Standard milestones take their type's phase and are ticked by the events that achieve
them; the timeline tells overdue milestones apart from those achieved late."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import ImplementationMilestone, MilestoneType
from tests.factories import ImplementationMilestoneFactory, PeerWorkerFactory, TeamFactory
from tests.recruitment.factories import CampaignFactory, Stage, application_at, appoint
from tests.training.factories import (
    ColleagueFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingProgrammeFactory,
)
from training import services as training_services
from training.models import Attendance, Audience, Category

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def planned(initiative, slug: str, **fields) -> ImplementationMilestone:
    milestone_type = MilestoneType.objects.get(slug=slug)
    return ImplementationMilestoneFactory(
        initiative=initiative,
        milestone_type=milestone_type,
        phase=milestone_type.phase,
        planned=fields.pop("planned", TODAY + dt.timedelta(days=30)),
        **fields,
    )


def test_an_appointment_ticks_appointments_made(initiative_a, role_a, manager_a):
    milestone = planned(initiative_a, "appointments-made")
    other = planned(initiative_a, "interviews-held")
    campaign = CampaignFactory(role=role_a, opened=TODAY - dt.timedelta(days=60), closes_on=TODAY)
    application = application_at(campaign, Stage.CHECKS, by=manager_a)
    appoint(application, by=manager_a, when=TODAY - dt.timedelta(days=2))
    milestone.refresh_from_db()
    other.refresh_from_db()
    assert milestone.achieved == TODAY - dt.timedelta(days=2)
    assert other.achieved is None


def test_an_achieved_milestone_keeps_its_date(initiative_a, role_a, manager_a):
    milestone = planned(initiative_a, "appointments-made", achieved=dt.date(2025, 1, 1))
    campaign = CampaignFactory(role=role_a, opened=TODAY - dt.timedelta(days=60), closes_on=TODAY)
    appoint(application_at(campaign, Stage.CHECKS, by=manager_a), by=manager_a, when=TODAY)
    milestone.refresh_from_db()
    assert milestone.achieved == dt.date(2025, 1, 1)


def test_team_training_completed_ticks_team_preparation(initiative_a, role_a, org_a):
    team_a = TeamFactory(organisation=org_a, name="Alder Ward")
    role_a.host_team = team_a
    role_a.save()
    milestone = planned(initiative_a, "team-preparation")
    programme = TrainingProgrammeFactory(
        organisation=org_a, audience=Audience.TEAM_COLLEAGUES, category=Category.OTHER
    )
    session = SessionFactory(programme=programme, starts_on=TODAY - dt.timedelta(days=3))
    enrolment = EnrolmentFactory(
        session=session,
        colleague=ColleagueFactory(team=team_a, full_name="Ann Ward"),
        attendance=Attendance.ATTENDED,
    )
    training_services.enrolment_complete(
        enrolment=enrolment, completed_on=TODAY - dt.timedelta(days=3)
    )
    milestone.refresh_from_db()
    assert milestone.achieved == TODAY - dt.timedelta(days=3)


def test_first_peer_worker_starting_ticks_first_started_but_a_future_start_does_not(
    initiative_a, role_a
):
    milestone = planned(initiative_a, "first-started")
    PeerWorkerFactory(role=role_a, started=TODAY + dt.timedelta(days=10))
    milestone.refresh_from_db()
    assert milestone.achieved is None
    PeerWorkerFactory(role=role_a, started=TODAY - dt.timedelta(days=4))
    milestone.refresh_from_db()
    assert milestone.achieved == TODAY - dt.timedelta(days=4)


def test_a_standard_milestone_takes_its_types_phase(manager_a, initiative_a, client_for):
    milestone_type = MilestoneType.objects.get(slug="appointments-made")
    response = client_for(manager_a).post(
        reverse("cases:milestone-create", args=[initiative_a.public_id]),
        {
            "phase": "ongoing_development",
            "milestone_type": milestone_type.pk,
            "planned": "2026-03-01",
        },
    )
    assert response.status_code == 302
    assert ImplementationMilestone.objects.get(initiative=initiative_a).phase == "recruitment"


def test_a_milestone_of_ones_own_needs_a_phase(manager_a, initiative_a, client_for):
    response = client_for(manager_a).post(
        reverse("cases:milestone-create", args=[initiative_a.public_id]),
        {"phase": "", "custom_title": "Peer forum launched", "planned": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "Choose the phase of your own milestone." in response.content.decode()
    assert not ImplementationMilestone.objects.filter(initiative=initiative_a).exists()


def test_timeline_counts_overdue_apart_from_achieved_late(manager_a, initiative_a, client_for):
    planned(initiative_a, "business-case", planned=TODAY - dt.timedelta(days=20))
    planned(
        initiative_a,
        "jd-coproduced",
        planned=TODAY - dt.timedelta(days=40),
        achieved=TODAY - dt.timedelta(days=30),
    )
    body = (
        client_for(manager_a)
        .get(reverse("cases:milestone-list", args=[initiative_a.public_id]))
        .content.decode()
    )
    assert "1 is overdue (planned date passed, not achieved)." in body
    assert "1 was achieved late." in body
    assert "Overdue by 20 days" in body and "Achieved 10 days late" in body
