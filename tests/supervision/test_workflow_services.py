"""The two-party workflow: draft → submitted → returned → revised → signed by both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from supervision import services
from supervision.models import (
    ActionOwner,
    EventKind,
    SessionAction,
    SessionAddendum,
    SessionStatus,
    SupervisionSession,
    SupervisionTopic,
)
from tests.supervision.factories import ArrangementFactory

TODAY = timezone.localdate


def _create(actor, arrangement, **overrides):
    values = {
        "held_on": TODAY() - dt.timedelta(days=1),
        "duration_minutes": 60,
        "mode": "in_person",
        "topics": SupervisionTopic.objects.filter(slug="boundaries"),
        "shared_summary": "We talked about boundaries.",
        "private_reflection": "Mine alone.",
        "actions": [
            services.ActionInput(
                text="Ask about team meetings",
                owner=ActionOwner.PEER_WORKER,
                due_on=TODAY() + dt.timedelta(days=14),
            )
        ],
    }
    values.update(overrides)
    return services.session_create(actor=actor, arrangement=arrangement, **values)


def _update(actor, session, **overrides):
    values = {
        "version": session.version,
        "held_on": session.held_on,
        "duration_minutes": session.duration_minutes,
        "mode": session.mode,
        "supervision_type": session.supervision_type,
        "topics": list(session.topics.all()),
        "shared_summary": session.shared_summary,
        "reflection": "",
        "next_session_on": None,
        "actions": [],
    }
    values.update(overrides)
    return services.session_update(actor=actor, session=session, **values)


def test_return_revise_resubmit_and_sign_by_both(arrangement_a, peer_a, supervisor_a):
    session = _create(peer_a, arrangement_a)
    assert session.status == SessionStatus.DRAFT

    session = services.session_submit(actor=peer_a, session=session)
    assert session.status == SessionStatus.SUBMITTED
    assert session.author_signed_at is not None

    session = services.session_return(actor=supervisor_a, session=session, comment="Add the date.")
    assert session.status == SessionStatus.RETURNED
    assert session.author_signed_at is None

    session = _update(peer_a, session, shared_summary="Revised summary.")
    session = services.session_submit(actor=peer_a, session=session)
    session = services.session_sign(actor=supervisor_a, session=session)

    assert session.status == SessionStatus.SIGNED
    assert session.author_signed_at and session.counterpart_signed_at
    assert session.shared_summary == "Revised summary."
    assert list(session.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        EventKind.RETURNED,
        EventKind.EDITED,
        EventKind.SUBMITTED,
        EventKind.SIGNED,
    ]
    assert session.events.get(kind=EventKind.RETURNED).comment == "Add the date."
    arrangement_a.refresh_from_db()
    assert arrangement_a.next_due_on == session.held_on + dt.timedelta(days=28)


def test_supervisor_drafts_and_the_peer_worker_signs(arrangement_a, peer_a, supervisor_a):
    session = _create(supervisor_a, arrangement_a, private_reflection="Supervisor's own note")
    services.session_submit(actor=supervisor_a, session=session)
    session = services.session_sign(actor=peer_a, session=session)
    assert session.status == SessionStatus.SIGNED
    assert session.private_reflection == "Supervisor's own note"
    assert session.reflection_for(peer_a) == ""


def test_author_cannot_sign_own_record_as_the_other_party(arrangement_a, peer_a):
    session = services.session_submit(actor=peer_a, session=_create(peer_a, arrangement_a))
    with pytest.raises(ValidationError, match="cannot sign it as the other party"):
        services.session_sign(actor=peer_a, session=session)
    assert SupervisionSession.objects.get(pk=session.pk).status == SessionStatus.SUBMITTED


def test_someone_outside_the_arrangement_cannot_sign(arrangement_a, peer_a, other_supervisor_a):
    session = services.session_submit(actor=peer_a, session=_create(peer_a, arrangement_a))
    with pytest.raises(ValidationError, match="no supervision arrangement"):
        services.session_sign(actor=other_supervisor_a, session=session)
    assert SupervisionSession.objects.get(pk=session.pk).status == SessionStatus.SUBMITTED


def test_the_other_party_cannot_submit_for_the_author(arrangement_a, peer_a, supervisor_a):
    session = _create(peer_a, arrangement_a)
    with pytest.raises(ValidationError, match="Only the author"):
        services.session_submit(actor=supervisor_a, session=session)


def test_return_needs_a_comment(arrangement_a, peer_a, supervisor_a):
    session = services.session_submit(actor=peer_a, session=_create(peer_a, arrangement_a))
    with pytest.raises(ValidationError):
        services.session_return(actor=supervisor_a, session=session, comment="  ")
    assert SupervisionSession.objects.get(pk=session.pk).status == SessionStatus.SUBMITTED


def test_signed_record_is_locked_and_takes_addenda(arrangement_a, peer_a, supervisor_a):
    session = services.session_submit(actor=peer_a, session=_create(peer_a, arrangement_a))
    session = services.session_sign(actor=supervisor_a, session=session)
    with pytest.raises(ValidationError, match="locked"):
        _update(peer_a, session, shared_summary="Rewriting history")
    assert (
        SupervisionSession.objects.get(pk=session.pk).shared_summary
        == "We talked about boundaries."
    )

    services.addendum_add(actor=supervisor_a, session=session, text="The course is in April.")
    assert SessionAddendum.objects.get(session=session).text == "The course is in April."
    assert session.events.filter(kind=EventKind.ADDENDUM).count() == 1


def test_addenda_only_on_signed_records(arrangement_a, peer_a):
    session = _create(peer_a, arrangement_a)
    with pytest.raises(ValidationError):
        services.addendum_add(actor=peer_a, session=session, text="Too early")
    assert not SessionAddendum.objects.exists()


def test_submitted_record_cannot_be_edited(arrangement_a, peer_a):
    session = services.session_submit(actor=peer_a, session=_create(peer_a, arrangement_a))
    with pytest.raises(ValidationError, match="waiting for sign-off"):
        _update(peer_a, session, shared_summary="Sneaky")


def test_second_save_of_the_same_draft_is_refused(arrangement_a, peer_a, supervisor_a):
    session = _create(peer_a, arrangement_a)
    loaded_by_peer = SupervisionSession.objects.get(pk=session.pk)
    loaded_by_supervisor = SupervisionSession.objects.get(pk=session.pk)
    _update(peer_a, loaded_by_peer, shared_summary="The peer worker's text")
    with pytest.raises(ValidationError) as refused:
        _update(supervisor_a, loaded_by_supervisor, shared_summary="The supervisor's text")
    assert refused.value.code == "stale"
    assert SupervisionSession.objects.get(pk=session.pk).shared_summary == "The peer worker's text"


def test_each_party_edits_only_their_own_reflection(arrangement_a, peer_a, supervisor_a):
    session = _create(peer_a, arrangement_a, private_reflection="Peer's")
    _update(supervisor_a, session, reflection="Supervisor's")
    session = SupervisionSession.objects.get(pk=session.pk)
    assert session.private_reflection == "Peer's"
    assert session.counterpart_reflection == "Supervisor's"


def test_open_actions_are_carried_forward(arrangement_a, peer_a, supervisor_a):
    first = _create(
        peer_a,
        arrangement_a,
        held_on=TODAY() - dt.timedelta(days=30),
        actions=[
            services.ActionInput(
                text="Open one", owner="peer_worker", due_on=TODAY() - dt.timedelta(days=10)
            ),
            services.ActionInput(
                text="Done one",
                owner="supervisor",
                due_on=TODAY() - dt.timedelta(days=10),
                is_done=True,
            ),
        ],
    )
    # Only a submitted (or signed) record's actions are carried: a draft's were never agreed.
    assert not _create(peer_a, arrangement_a, actions=[]).actions.exists()
    services.session_submit(actor=peer_a, session=first)
    second = _create(peer_a, arrangement_a, actions=[])
    carried = list(second.actions.all())
    assert [action.text for action in carried] == ["Open one"]
    assert carried[0].carried_from.session == first
    # The original is no longer open: it continues in the later record.
    assert list(SessionAction.objects.open().values_list("text", flat=True)) == ["Open one"]
    assert SessionAction.objects.open().get().session == second

    # A carried action may be overdue relative to the new session: it is kept, not refused.
    _update(
        peer_a,
        second,
        actions=[
            services.ActionInput(
                text="Open one",
                owner="peer_worker",
                due_on=carried[0].due_on,
                is_done=True,
                public_id=carried[0].public_id,
            ),
        ],
    )
    assert not SessionAction.objects.open().exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"held_on": "eight days ahead"}, "held_on"),
        (
            {
                "actions": [
                    services.ActionInput(
                        text="Late", owner="peer_worker", due_on=dt.date(2020, 1, 1)
                    )
                ]
            },
            "actions",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(arrangement_a, peer_a, overrides, field):
    if overrides.get("held_on") == "eight days ahead":
        # Worked out when the test runs, not when it is collected (which may be yesterday).
        overrides = {"held_on": timezone.localdate() + dt.timedelta(days=8)}
    with pytest.raises(ValidationError) as refused:
        _create(peer_a, arrangement_a, **overrides)
    assert field in refused.value.error_dict
    assert not SupervisionSession.objects.exists()
    assert not SessionAction.objects.exists()


def test_supervisor_without_arrangement_cannot_record(arrangement_a, other_supervisor_a):
    with pytest.raises(ValidationError, match="no supervision arrangement"):
        _create(other_supervisor_a, arrangement_a)
    assert not SupervisionSession.objects.exists()


def test_ended_arrangement_takes_no_new_records(peer_worker_a, supervisor_a, org_a, peer_a):
    ended = ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        started=dt.date(2024, 3, 1),
        ended=dt.date(2024, 6, 1),
    )
    with pytest.raises(ValidationError, match="not active"):
        _create(peer_a, ended, held_on=dt.date(2024, 5, 1))


def test_arrangement_supervisor_must_belong_to_a_partner(peer_worker_a, supervisor_b, org_b):
    with pytest.raises(ValidationError) as refused:
        services.arrangement_create(
            peer_worker=peer_worker_a,
            supervisor=supervisor_b,
            supervisor_organisation=org_b,
            supervision_type="peer",
            supervisor_has_lived_experience=True,
            frequency_days=28,
            started=dt.date(2025, 1, 1),
        )
    assert "supervisor_organisation" in refused.value.error_dict
