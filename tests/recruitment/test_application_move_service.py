"""The stage machine: every valid move, every refused one, and the history it leaves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from recruitment import services
from recruitment.models import (
    ACTIVE_STAGES,
    NON_APPOINTMENT_REASONS,
    WITHDRAWAL_REASONS,
    Application,
    CampaignStatus,
    EndReason,
    Stage,
    StageChange,
    next_stages,
)
from tests.recruitment.factories import application_at, appoint

# The transition table, written out: each step moves to the next one or ends. Checks to
# appointed happens only through appointing (tested below); ended applications never move.
ALLOWED = {
    "applied": {"shortlisted", "withdrawn", "not_appointed"},
    "shortlisted": {"interview", "withdrawn", "not_appointed"},
    "interview": {"offered", "withdrawn", "not_appointed"},
    "offered": {"checks", "withdrawn", "not_appointed"},
    "checks": {"appointed", "withdrawn", "not_appointed"},
    "appointed": set(),
    "withdrawn": set(),
    "not_appointed": set(),
}
VALID_MOVES = [
    (stage, to) for stage, targets in ALLOWED.items() for to in sorted(targets) if to != "appointed"
]
INVALID_MOVES = [
    (stage, to)
    for stage, targets in ALLOWED.items()
    for to in ALLOWED
    if to not in targets and to != stage
]


def test_the_table_names_every_stage():
    assert set(ALLOWED) == set(Stage.values)
    assert len(VALID_MOVES) == 14 and len(INVALID_MOVES) == 41


@pytest.mark.parametrize("stage", Stage.values)
def test_next_stages_follows_the_table(stage):
    assert set(next_stages(stage)) == ALLOWED[stage]


def _reason_for(stage: str) -> str:
    if stage == Stage.WITHDRAWN:
        return EndReason.HEALTH
    if stage == Stage.NOT_APPOINTED:
        return EndReason.INTERVIEW
    return ""


def _application_in(campaign, stage: str, by) -> Application:
    if stage in ACTIVE_STAGES:
        return application_at(campaign, stage, by=by)
    if stage == Stage.APPOINTED:
        application = application_at(campaign, Stage.CHECKS, by=by)
        appoint(application, by=by)
        return Application.objects.get(pk=application.pk)
    application = application_at(campaign, Stage.APPLIED, by=by)
    return services.application_move(
        application=application,
        to_stage=stage,
        end_reason=_reason_for(stage),
        by=by,
        loaded_version=application.version,
    )


@pytest.mark.parametrize(("stage", "to_stage"), VALID_MOVES)
def test_valid_move_changes_stage_and_records_history(campaign_a, manager_a, stage, to_stage):
    application = _application_in(campaign_a, stage, manager_a)
    changes_before = application.stage_changes.count()

    moved = services.application_move(
        application=application,
        to_stage=to_stage,
        end_reason=_reason_for(to_stage),
        note="Checked with the panel",
        by=manager_a,
        loaded_version=application.version,
    )

    assert moved.stage == to_stage
    assert moved.end_reason == _reason_for(to_stage)
    assert moved.version == application.version + 1
    last = application.stage_changes.order_by("-changed_at", "-pk").first()
    assert application.stage_changes.count() == changes_before + 1
    assert (last.from_stage, last.to_stage, last.changed_by, last.note) == (
        stage,
        to_stage,
        manager_a,
        "Checked with the panel",
    )
    assert last.end_reason == _reason_for(to_stage)


@pytest.mark.parametrize(("stage", "to_stage"), INVALID_MOVES)
def test_invalid_move_is_refused_and_changes_nothing(campaign_a, manager_a, stage, to_stage):
    campaign_a.vacancies = 2
    campaign_a.save()
    application = _application_in(campaign_a, stage, manager_a)
    changes_before = StageChange.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.application_move(
            application=application,
            to_stage=to_stage,
            end_reason=_reason_for(to_stage),
            by=manager_a,
            loaded_version=application.version,
        )

    assert "to_stage" in refused.value.message_dict
    application.refresh_from_db()
    assert application.stage == stage
    assert StageChange.objects.count() == changes_before


def test_skipping_steps_says_what_is_allowed(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)

    with pytest.raises(ValidationError) as refused:
        services.application_move(
            application=application,
            to_stage=Stage.OFFERED,
            by=manager_a,
            loaded_version=application.version,
        )

    message = refused.value.message_dict["to_stage"][0]
    assert "cannot go from 'Applied' to 'Offered'" in message
    assert "Shortlisted" in message


def test_applied_to_appointed_is_refused(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)

    with pytest.raises(ValidationError, match="steps cannot be skipped"):
        services.application_move(
            application=application,
            to_stage=Stage.APPOINTED,
            by=manager_a,
            loaded_version=application.version,
        )
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_checks_to_appointed_must_go_through_appoint(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)

    with pytest.raises(ValidationError, match="Use 'Appoint'"):
        services.application_move(
            application=application,
            to_stage=Stage.APPOINTED,
            by=manager_a,
            loaded_version=application.version,
        )


def test_ended_application_cannot_move(campaign_a, manager_a):
    application = _application_in(campaign_a, Stage.WITHDRAWN, manager_a)

    with pytest.raises(ValidationError, match="has ended"):
        services.application_move(
            application=application,
            to_stage=Stage.SHORTLISTED,
            by=manager_a,
            loaded_version=application.version,
        )


@pytest.mark.parametrize("to_stage", [Stage.WITHDRAWN, Stage.NOT_APPOINTED])
def test_ending_needs_a_reason_from_the_right_list(campaign_a, manager_a, to_stage):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    wrong_list = NON_APPOINTMENT_REASONS if to_stage == Stage.WITHDRAWN else WITHDRAWAL_REASONS

    for reason in ["", wrong_list[0]]:
        with pytest.raises(ValidationError) as refused:
            services.application_move(
                application=application,
                to_stage=to_stage,
                end_reason=reason,
                by=manager_a,
                loaded_version=application.version,
            )
        assert "end_reason" in refused.value.message_dict
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW


@pytest.mark.parametrize("reason", [*WITHDRAWAL_REASONS])
def test_every_withdrawal_reason_is_accepted(campaign_a, manager_a, reason):
    application = application_at(campaign_a, Stage.SHORTLISTED, by=manager_a)
    moved = services.application_move(
        application=application,
        to_stage=Stage.WITHDRAWN,
        end_reason=reason,
        by=manager_a,
        loaded_version=application.version,
    )
    assert (moved.stage, moved.end_reason) == (Stage.WITHDRAWN, reason)


@pytest.mark.parametrize("reason", [*NON_APPOINTMENT_REASONS])
def test_every_non_appointment_reason_is_accepted(campaign_a, manager_a, reason):
    application = application_at(campaign_a, Stage.OFFERED, by=manager_a)
    moved = services.application_move(
        application=application,
        to_stage=Stage.NOT_APPOINTED,
        end_reason=reason,
        by=manager_a,
        loaded_version=application.version,
    )
    assert (moved.stage, moved.end_reason) == (Stage.NOT_APPOINTED, reason)


def test_a_reason_on_a_forward_move_is_refused(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)
    with pytest.raises(ValidationError) as refused:
        services.application_move(
            application=application,
            to_stage=Stage.SHORTLISTED,
            end_reason=EndReason.HEALTH,
            by=manager_a,
            loaded_version=application.version,
        )
    assert "end_reason" in refused.value.message_dict


def test_second_manager_with_a_stale_version_is_told_and_nothing_is_overwritten(
    campaign_a, manager_a
):
    application = application_at(campaign_a, Stage.SHORTLISTED, by=manager_a)
    loaded_by_both = application.version
    services.application_move(
        application=application,
        to_stage=Stage.INTERVIEW,
        by=manager_a,
        loaded_version=loaded_by_both,
    )

    with pytest.raises(ValidationError, match="changed by someone else"):
        services.application_move(
            application=application,
            to_stage=Stage.WITHDRAWN,
            end_reason=EndReason.HEALTH,
            by=manager_a,
            loaded_version=loaded_by_both,
        )

    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    assert list(application.stage_changes.values_list("to_stage", flat=True)) == [
        Stage.APPLIED,
        Stage.SHORTLISTED,
        Stage.INTERVIEW,
    ]


def test_moves_in_a_cancelled_campaign_are_refused(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.APPLIED, by=manager_a)
    campaign_a.status = CampaignStatus.CANCELLED
    campaign_a.closed_on = campaign_a.opened
    campaign_a.save()

    with pytest.raises(ValidationError, match="cancelled"):
        services.application_move(
            application=application,
            to_stage=Stage.SHORTLISTED,
            by=manager_a,
            loaded_version=application.version,
        )
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_history_lists_every_change_in_order(campaign_a, manager_a):
    application = application_at(campaign_a, Stage.OFFERED, by=manager_a, days=[2, 3, 4])

    history = list(
        application.stage_changes.order_by("changed_at").values_list("from_stage", "to_stage")
    )

    assert history == [
        ("", Stage.APPLIED),
        (Stage.APPLIED, Stage.SHORTLISTED),
        (Stage.SHORTLISTED, Stage.INTERVIEW),
        (Stage.INTERVIEW, Stage.OFFERED),
    ]
