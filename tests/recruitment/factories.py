"""Factories for recruitment, built on tests/factories.py.

``application_at(campaign, stage, ...)`` walks an application through the services so that its
history is real; use the factories directly only for records whose history does not matter.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.models import LivedExperienceCriterion
from recruitment import services
from recruitment.models import (
    PIPELINE,
    Application,
    Campaign,
    CampaignStatus,
    Interview,
    PanelMember,
    Perspective,
    Route,
    SelectionCriterion,
    Stage,
)
from tests.factories import PeerWorkerRoleFactory


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    role = factory.SubFactory(PeerWorkerRoleFactory)
    title = factory.Sequence(lambda n: f"Campaign {n}")
    vacancies = 1
    route = Route.OPEN_ADVERT
    opened = dt.date(2025, 1, 6)
    closes_on = dt.date(2025, 2, 3)
    lived_experience_criterion = LivedExperienceCriterion.ESSENTIAL
    status = CampaignStatus.OPEN


class SelectionCriterionFactory(DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    position = factory.Sequence(lambda n: n)


class ApplicationFactory(DjangoModelFactory):
    """An application at 'applied' with no history; prefer ``application_at``."""

    class Meta:
        model = Application

    campaign = factory.SubFactory(CampaignFactory)
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    received = dt.date(2025, 1, 10)


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory)
    held_on = dt.date(2025, 2, 10)


class PanelMemberFactory(DjangoModelFactory):
    class Meta:
        model = PanelMember

    interview = factory.SubFactory(InterviewFactory)
    name = factory.Sequence(lambda n: f"Panel member {n}")
    perspective = Perspective.MANAGER


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def application_at(
    campaign: Campaign,
    stage: str,
    *,
    by=None,
    name: str = "Alex Applicant",
    days: list[int] | None = None,
    start: dt.date | None = None,
) -> Application:
    """An application moved through the pipeline to ``stage`` (a pipeline stage before
    appointed). ``days[i]`` is how many days it spent in the i-th stage (default 1 each)."""
    start = start or campaign.opened
    application = services.application_create(
        campaign=campaign,
        by=by,
        full_name=name,
        email="someone@example.org",
        received=start,
        at=at(start),
    )
    when = start
    for index, next_stage in enumerate(PIPELINE[1 : PIPELINE.index(stage) + 1]):
        when = when + dt.timedelta(days=(days[index] if days else 1))
        application = services.application_move(
            application=application,
            to_stage=next_stage,
            by=by,
            loaded_version=application.version,
            at=at(when),
        )
    return application


def appoint(application: Application, *, by=None, when: dt.date | None = None):
    when = when or application.campaign.opened + dt.timedelta(days=30)
    return services.application_appoint(
        application=application,
        by=by,
        loaded_version=application.version,
        started=when + dt.timedelta(days=14),
        at=at(when),
    )


__all__ = [
    "ApplicationFactory",
    "CampaignFactory",
    "InterviewFactory",
    "PanelMemberFactory",
    "SelectionCriterionFactory",
    "Stage",
    "application_at",
    "appoint",
    "at",
]
