"""Campaign rules: dates, vacancies, statuses, stale edits; applications to open campaigns only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import LivedExperienceCriterion
from recruitment import services
from recruitment.models import Application, Campaign, CampaignStatus, Route, Stage
from tests.recruitment.factories import CampaignFactory, application_at, appoint


def _create(role, by, **overrides):
    fields = {
        "role": role,
        "by": by,
        "title": "Peer workers 2025",
        "vacancies": 2,
        "route": Route.TARGETED,
        "opened": dt.date(2025, 1, 6),
        "closes_on": dt.date(2025, 2, 3),
        "criteria": ["Uses lived experience", "", "Works in a team"],
    }
    return services.campaign_create(**{**fields, **overrides})


def _update_fields(campaign, **overrides):
    fields = {
        field: getattr(campaign, field)
        for field in (
            "title",
            "vacancies",
            "route",
            "opened",
            "closes_on",
            "advert_channels",
            "is_criteria_coproduced",
            "lived_experience_criterion",
            "status",
        )
    }
    return {**fields, **overrides}


def test_campaign_takes_the_roles_lived_experience_criterion_and_its_criteria(role_a, manager_a):
    campaign = _create(role_a, manager_a)

    assert campaign.lived_experience_criterion == role_a.lived_experience_criterion
    assert list(campaign.criteria.values_list("name", flat=True)) == [
        "Uses lived experience",
        "Works in a team",
    ]
    assert campaign.created_by == manager_a


def test_campaign_can_change_the_lived_experience_criterion_for_itself(role_a, manager_a):
    campaign = _create(
        role_a, manager_a, lived_experience_criterion=LivedExperienceCriterion.DESIRABLE
    )
    role_a.refresh_from_db()
    assert campaign.lived_experience_criterion == LivedExperienceCriterion.DESIRABLE
    assert role_a.lived_experience_criterion == LivedExperienceCriterion.ESSENTIAL


def test_closing_before_opening_is_refused(role_a, manager_a):
    with pytest.raises(ValidationError) as refused:
        _create(role_a, manager_a, closes_on=dt.date(2025, 1, 1))
    assert "is before the opening date" in refused.value.message_dict["closes_on"][0]
    assert not Campaign.objects.exists()


def test_the_database_refuses_closing_before_opening_too(role_a):
    with (
        pytest.raises(IntegrityError, match="recruitment_campaign_closes_after_opening"),
        transaction.atomic(),
    ):
        CampaignFactory(role=role_a, opened=dt.date(2025, 2, 1), closes_on=dt.date(2025, 1, 1))


def test_duplicate_criteria_are_refused_and_nothing_is_saved(role_a, manager_a):
    with pytest.raises(ValidationError, match="listed twice"):
        _create(role_a, manager_a, criteria=["Listens", "listens"])
    assert not Campaign.objects.exists()


def test_fewer_vacancies_than_appointments_are_refused(campaign_a, manager_a):
    campaign_a.vacancies = 2
    campaign_a.save()
    appoint(application_at(campaign_a, Stage.CHECKS, by=manager_a, name="A Person"), by=manager_a)
    appoint(application_at(campaign_a, Stage.CHECKS, by=manager_a, name="B Person"), by=manager_a)
    campaign_a.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.campaign_update(
            campaign=campaign_a,
            loaded_version=campaign_a.version,
            **_update_fields(campaign_a, vacancies=1),
        )
    assert "vacancies" in refused.value.message_dict
    campaign_a.refresh_from_db()
    assert campaign_a.vacancies == 2


def test_filled_cannot_be_chosen_by_hand(campaign_a):
    with pytest.raises(ValidationError) as refused:
        services.campaign_update(
            campaign=campaign_a,
            loaded_version=campaign_a.version,
            **_update_fields(campaign_a, status=CampaignStatus.FILLED),
        )
    assert "status" in refused.value.message_dict


def test_closing_a_campaign_records_when(campaign_a, time_machine_today):
    updated = services.campaign_update(
        campaign=campaign_a,
        loaded_version=campaign_a.version,
        **_update_fields(campaign_a, status=CampaignStatus.CLOSED),
    )
    assert updated.closed_on == time_machine_today
    reopened = services.campaign_update(
        campaign=updated,
        loaded_version=updated.version,
        **_update_fields(updated, status=CampaignStatus.OPEN),
    )
    assert reopened.closed_on is None


def test_a_stale_campaign_edit_is_refused(campaign_a):
    loaded = campaign_a.version
    services.campaign_update(
        campaign=campaign_a, loaded_version=loaded, **_update_fields(campaign_a, title="First")
    )
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.campaign_update(
            campaign=campaign_a,
            loaded_version=loaded,
            **_update_fields(campaign_a, title="Second"),
        )
    campaign_a.refresh_from_db()
    assert campaign_a.title == "First"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (CampaignStatus.CANCELLED, "was cancelled"),
        (CampaignStatus.DRAFT, "only be added while it is open"),
        (CampaignStatus.CLOSED, "only be added while it is open"),
    ],
)
def test_applications_only_go_into_open_campaigns(role_a, manager_a, status, message):
    campaign = CampaignFactory(
        role=role_a,
        status=status,
        closed_on=dt.date(2025, 3, 1) if status != CampaignStatus.DRAFT else None,
    )
    with pytest.raises(ValidationError, match=message):
        services.application_create(campaign=campaign, by=manager_a, full_name="Kit Applicant")
    assert not Application.objects.exists()


def test_an_application_starts_its_history(campaign_a, manager_a):
    application = services.application_create(
        campaign=campaign_a,
        by=manager_a,
        full_name="  Kit Applicant ",
        email="kit@example.org",
        received=dt.date(2025, 1, 8),
    )
    assert application.full_name == "Kit Applicant"
    assert application.stage == Stage.APPLIED
    assert list(application.stage_changes.values_list("from_stage", "to_stage", "changed_by")) == [
        ("", Stage.APPLIED, manager_a.pk)
    ]


def test_an_application_before_the_campaign_opened_is_refused(campaign_a, manager_a):
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            campaign=campaign_a,
            by=manager_a,
            full_name="Kit Applicant",
            received=dt.date(2024, 12, 1),
        )
    assert "received" in refused.value.message_dict


def test_criterion_with_scores_cannot_be_removed(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    interview = services.interview_create(
        application=application, held_on=dt.date(2025, 2, 1), panel=[("Mina", "manager")]
    )
    member = interview.panel.get()
    criterion = campaign_a.criteria.first()
    services.interview_score(
        interview=interview, outcome="pending", scores={(member.pk, criterion.pk): 3}
    )
    with pytest.raises(ValidationError, match="has interview scores"):
        services.criterion_remove(criterion=criterion)
    assert campaign_a.criteria.filter(pk=criterion.pk).exists()
