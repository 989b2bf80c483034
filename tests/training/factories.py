"""Factories for training models, built on tests/factories.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tests.factories import OrganisationFactory, PeerWorkerRoleFactory, TeamFactory, UserFactory
from training.models import (
    Attendance,
    Audience,
    Category,
    Colleague,
    Enrolment,
    Feedback,
    Mode,
    RequiredTraining,
    Session,
    TrainingProgramme,
)


class TrainingProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = TrainingProgramme

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    provider_name = "Example Training Ltd"
    audience = Audience.PEER_WORKERS
    category = Category.PEER_SPECIFIC
    total_hours = Decimal("6.0")
    session_count = 1


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(TrainingProgrammeFactory)
    starts_on = dt.date(2025, 1, 10)
    mode = Mode.IN_PERSON
    place = "Room 1"


class ColleagueFactory(DjangoModelFactory):
    class Meta:
        model = Colleague

    team = factory.SubFactory(TeamFactory)
    full_name = factory.Sequence(lambda n: f"Colleague {n}")


class EnrolmentFactory(DjangoModelFactory):
    """Pass ``peer_worker=`` or ``colleague=``."""

    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    attendance = Attendance.UNRECORDED


class RequiredTrainingFactory(DjangoModelFactory):
    class Meta:
        model = RequiredTraining

    role = factory.SubFactory(PeerWorkerRoleFactory)
    programme = factory.SubFactory(TrainingProgrammeFactory)
    renewal_months = 12


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    programme = factory.SubFactory(TrainingProgrammeFactory)
    author = factory.SubFactory(UserFactory)
    rating = 4


def complete(peer_worker, programme, on: dt.date, *, expires: dt.date | None = None) -> Enrolment:
    """A completed enrolment of ``peer_worker`` in a new session of ``programme`` on ``on``."""
    session = SessionFactory(programme=programme, starts_on=on)
    return EnrolmentFactory(
        session=session,
        peer_worker=peer_worker,
        attendance=Attendance.ATTENDED,
        completed_on=on,
        certificate_issued_on=on if expires else None,
        certificate_expires_on=expires,
    )
