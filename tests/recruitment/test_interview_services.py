"""Interviews: the panel, peer on the panel (derived), and scores on the 0–4 scale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from recruitment import services
from recruitment.models import Interview, InterviewOutcome, Perspective, Score, Stage
from tests.recruitment.factories import application_at


@pytest.fixture
def interview(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    return services.interview_create(
        application=application,
        held_on=dt.date(2025, 2, 10),
        panel=[("Mina Manager", Perspective.MANAGER), ("Dr Cole", Perspective.CLINICIAN)],
    )


@pytest.mark.parametrize(
    ("perspectives", "expected"),
    [
        ([Perspective.MANAGER, Perspective.CLINICIAN, Perspective.HR], False),
        ([Perspective.MANAGER, Perspective.PEER_WORKER], True),
        ([Perspective.SERVICE_USER], True),
    ],
)
def test_peer_on_the_panel_is_derived_from_the_panel(campaign_a, manager_a, perspectives, expected):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    interview = services.interview_create(
        application=application,
        held_on=dt.date(2025, 2, 10),
        panel=[(f"Member {index}", perspective) for index, perspective in enumerate(perspectives)],
    )
    assert interview.has_peer_on_panel is expected


def test_scores_are_saved_per_member_and_criterion(interview, campaign_a):
    mina, cole = interview.panel.order_by("pk")
    lived, listens = campaign_a.criteria.order_by("position")

    services.interview_score(
        interview=interview,
        outcome=InterviewOutcome.APPOINTABLE,
        scores={
            (mina.pk, lived.pk): 4,
            (mina.pk, listens.pk): 3,
            (cole.pk, lived.pk): 0,
            (cole.pk, listens.pk): None,
        },
    )

    interview.refresh_from_db()
    assert interview.outcome == InterviewOutcome.APPOINTABLE
    assert set(Score.objects.values_list("panel_member__name", "criterion__name", "score")) == {
        ("Mina Manager", "Uses lived experience", 4),
        ("Mina Manager", "Listens well", 3),
        ("Dr Cole", "Uses lived experience", 0),
    }


@pytest.mark.parametrize("value", [-1, 5, 12])
def test_a_score_outside_the_scale_is_refused_and_nothing_is_saved(interview, campaign_a, value):
    mina, cole = interview.panel.order_by("pk")
    lived, _listens = campaign_a.criteria.order_by("position")

    with pytest.raises(ValidationError, match="outside the scale: scores run from 0 to 4"):
        services.interview_score(
            interview=interview,
            outcome=InterviewOutcome.APPOINTABLE,
            scores={(mina.pk, lived.pk): 3, (cole.pk, lived.pk): value},
        )

    assert not Score.objects.exists()
    assert Interview.objects.get(pk=interview.pk).outcome == InterviewOutcome.PENDING


def test_the_database_enforces_the_scale(interview, campaign_a):
    member = interview.panel.first()
    criterion = campaign_a.criteria.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(panel_member=member, criterion=criterion, score=5)


def test_a_score_for_another_campaigns_criterion_is_refused(interview, role_a):
    from tests.recruitment.factories import CampaignFactory, SelectionCriterionFactory

    other = SelectionCriterionFactory(campaign=CampaignFactory(role=role_a))
    with pytest.raises(ValidationError, match="not on this interview"):
        services.interview_score(
            interview=interview,
            outcome=InterviewOutcome.PENDING,
            scores={(interview.panel.first().pk, other.pk): 2},
        )


def test_interview_needs_the_interview_stage_and_a_panel(campaign_a, manager_a):
    shortlisted = application_at(campaign_a, Stage.SHORTLISTED, by=manager_a)
    with pytest.raises(ValidationError, match="Move the application to 'Interview'"):
        services.interview_create(
            application=shortlisted, held_on=dt.date(2025, 2, 10), panel=[("A", "manager")]
        )
    interviewing = application_at(campaign_a, Stage.INTERVIEW, by=manager_a, name="B Person")
    with pytest.raises(ValidationError, match="at least one panel member"):
        services.interview_create(application=interviewing, held_on=dt.date(2025, 2, 10), panel=[])
    with pytest.raises(ValidationError, match="on the panel twice"):
        services.interview_create(
            application=interviewing,
            held_on=dt.date(2025, 2, 10),
            panel=[("Sam", "manager"), ("sam", "hr")],
        )
    assert not Interview.objects.exists()
