"""Training fixtures for organisation A, on top of the shared personas."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import TeamFactory
from tests.training.factories import (
    ColleagueFactory,
    EnrolmentFactory,
    RequiredTrainingFactory,
    SessionFactory,
    TrainingProgrammeFactory,
)
from training.models import Attendance, Audience, Category


@pytest.fixture
def programme_a(org_a):
    return TrainingProgrammeFactory(
        organisation=org_a,
        title="Peer support foundations",
        category=Category.PEER_SPECIFIC,
        total_hours="30.0",
        has_certificate=True,
        certificate_valid_months=12,
    )


@pytest.fixture
def session_a(programme_a):
    return SessionFactory(programme=programme_a, starts_on=dt.date(2025, 1, 10))


@pytest.fixture
def enrolment_a(session_a, peer_worker_a):
    return EnrolmentFactory(session=session_a, peer_worker=peer_worker_a)


@pytest.fixture
def requirement_a(role_a, programme_a):
    return RequiredTrainingFactory(role=role_a, programme=programme_a, renewal_months=12)


@pytest.fixture
def team_a(org_a):
    return TeamFactory(organisation=org_a, name="Alder Ward")


@pytest.fixture
def team_programme_a(org_a):
    return TrainingProgrammeFactory(
        organisation=org_a,
        title="Working alongside peer workers",
        audience=Audience.TEAM_COLLEAGUES,
        category=Category.OTHER,
        total_hours="3.0",
    )


@pytest.fixture
def colleague_enrolment_a(team_programme_a, team_a):
    session = SessionFactory(programme=team_programme_a, starts_on=dt.date(2025, 1, 5))
    return EnrolmentFactory(
        session=session,
        colleague=ColleagueFactory(team=team_a, full_name="Cal Colleague"),
        attendance=Attendance.ATTENDED,
        completed_on=dt.date(2025, 1, 5),
    )
