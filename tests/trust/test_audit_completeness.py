"""Every write path that refuses stale edits still reaches the audit log (issue 8).

These writes used to go through ``QuerySet.update()``, which django-auditlog never sees. Each
test makes one change through the service and finds the log entry for that record with the
changed field, old and new value.
"""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services as case_services
from cases.models import Context, PartnerPart, Sector
from comparison.services import identified_access_grant, identified_access_revoke
from peerwork.lib.audit import REDACTED
from peerwork.lib.concurrency import StaleEditError
from recruitment import services as recruitment_services
from recruitment.models import CampaignStatus, InterviewOutcome, Perspective, Stage
from supervision import services as supervision_services
from supervision.models import SessionStatus, SupervisionType
from tests.factories import InitiativeFactory, OrganisationFactory
from tests.recruitment.factories import CampaignFactory, application_at
from tests.supervision.factories import ActionFactory, ArrangementFactory

REFLECTION = "I doubted myself after the ward round"


def updates_of(record) -> list[dict]:
    return [
        entry.changes
        for entry in LogEntry.objects.get_for_object(record)
        .filter(action=LogEntry.Action.UPDATE)
        .order_by("pk")
    ]


def last_change(record, field: str) -> list:
    """[old, new] of ``field`` in the latest update entry of ``record`` that changed it."""
    changes = [c[field] for c in updates_of(record) if field in c]
    assert changes, f"no audit entry records a change of {field} on {record!r}"
    return changes[-1]


def all_log_text() -> str:
    return " ".join(f"{e.object_repr} {e.changes} {e.changes_text}" for e in LogEntry.objects.all())


# --- cases -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_initiative_update_is_logged_with_its_version(initiative_a):
    partners = [(p.organisation, p.part) for p in initiative_a.partners.all()]
    values = {f: getattr(initiative_a, f) for f in case_services.INITIATIVE_FIELDS}
    values["name"] = "Alderbank ward peer support"
    case_services.initiative_update(
        initiative=initiative_a,
        expected_version=initiative_a.version,
        settings=[],
        partners=partners,
        **values,
    )
    assert last_change(initiative_a, "name") == [
        "Alderbank ward peers",
        "Alderbank ward peer support",
    ]
    assert "version" in updates_of(initiative_a)[-1]


@pytest.mark.django_db
def test_stale_initiative_update_is_refused_and_nothing_is_logged(initiative_a):
    before = LogEntry.objects.count()
    values = {f: getattr(initiative_a, f) for f in case_services.INITIATIVE_FIELDS}
    values["name"] = "Overwritten"
    with pytest.raises(StaleEditError):
        case_services.initiative_update(
            initiative=initiative_a,
            expected_version=initiative_a.version - 1,
            settings=[],
            partners=[],
            **values,
        )
    initiative_a.refresh_from_db()
    assert initiative_a.name == "Alderbank ward peers"
    assert LogEntry.objects.count() == before


@pytest.mark.django_db
def test_role_update_is_logged(role_a):
    old = role_a.title
    role_a.title = "Senior peer support worker"
    case_services.role_save(role=role_a, functions=[], expected_version=role_a.version)
    assert last_change(role_a, "title") == [old, "Senior peer support worker"]


@pytest.mark.django_db
def test_context_rederivation_is_logged():
    trust = OrganisationFactory(sector=Sector.STATUTORY)
    charity = OrganisationFactory(sector=Sector.VOLUNTARY)
    initiative = InitiativeFactory(partners=[(trust, PartnerPart.LEAD)])
    case_services.initiative_update(
        initiative=initiative,
        expected_version=initiative.version,
        settings=[],
        partners=[(trust, PartnerPart.LEAD), (charity, PartnerPart.HOST)],
        **{f: getattr(initiative, f) for f in case_services.INITIATIVE_FIELDS},
    )
    assert last_change(initiative, "context") == [Context.STATUTORY, Context.PARTNERSHIP]


# --- recruitment -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_campaign_update_is_logged(role_a):
    campaign = CampaignFactory(role=role_a, vacancies=1)
    recruitment_services.campaign_update(
        campaign=campaign,
        loaded_version=campaign.version,
        title=campaign.title,
        vacancies=3,
        route=campaign.route,
        opened=campaign.opened,
        closes_on=campaign.closes_on,
        advert_channels="",
        is_criteria_coproduced=False,
        lived_experience_criterion=campaign.lived_experience_criterion,
        status=campaign.status,
    )
    assert last_change(campaign, "vacancies") == ["1", "3"]


@pytest.mark.django_db
def test_application_stage_move_is_logged(role_a):
    application = application_at(CampaignFactory(role=role_a), Stage.APPLIED)
    recruitment_services.application_move(
        application=application,
        to_stage=Stage.SHORTLISTED,
        by=None,
        loaded_version=application.version,
    )
    assert last_change(application, "stage") == [Stage.APPLIED, Stage.SHORTLISTED]


@pytest.mark.django_db
def test_appointment_and_the_filled_campaign_are_logged(role_a):
    campaign = CampaignFactory(role=role_a, vacancies=1)
    application = application_at(campaign, Stage.CHECKS)
    peer_worker = recruitment_services.application_appoint(
        application=application,
        by=None,
        loaded_version=application.version,
        started=campaign.opened + dt.timedelta(days=40),
    )
    assert last_change(application, "stage") == [Stage.CHECKS, Stage.APPOINTED]
    assert last_change(application, "peer_worker")[1] == str(peer_worker.pk)
    assert last_change(campaign, "status") == [CampaignStatus.OPEN, CampaignStatus.FILLED]


@pytest.mark.django_db
def test_interview_outcome_is_logged(role_a):
    application = application_at(CampaignFactory(role=role_a), Stage.INTERVIEW)
    interview = recruitment_services.interview_create(
        application=application,
        held_on=application.campaign.opened + dt.timedelta(days=10),
        panel=[("Sam Chair", Perspective.MANAGER)],
    )
    recruitment_services.interview_score(
        interview=interview, outcome=InterviewOutcome.APPOINTABLE, scores={}
    )
    assert last_change(interview, "outcome") == [
        InterviewOutcome.PENDING,
        InterviewOutcome.APPOINTABLE,
    ]


# --- supervision -------------------------------------------------------------------------------


@pytest.fixture
def arrangement(peer_worker_a, supervisor_a, org_a):
    return ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        supervision_type=SupervisionType.MANAGERIAL,
        frequency_days=28,
        started=dt.date(2024, 3, 1),
    )


def _draft(actor, arrangement):
    return supervision_services.session_create(
        actor=actor,
        arrangement=arrangement,
        held_on=timezone.localdate() - dt.timedelta(days=1),
        duration_minutes=60,
        mode="in_person",
        shared_summary="We talked about boundaries.",
        private_reflection=REFLECTION,
    )


def _edit(actor, session, **overrides):
    values = {
        "version": session.version,
        "held_on": session.held_on,
        "duration_minutes": session.duration_minutes,
        "mode": session.mode,
        "supervision_type": session.supervision_type,
        "topics": [],
        "shared_summary": session.shared_summary,
        "reflection": REFLECTION + " again",
        "next_session_on": None,
        "actions": [],
    }
    values.update(overrides)
    return supervision_services.session_update(actor=actor, session=session, **values)


@pytest.mark.django_db
def test_session_edit_is_logged_and_the_reflection_stays_redacted(arrangement, peer_a):
    session = _draft(peer_a, arrangement)
    _edit(peer_a, session, duration_minutes=45)
    assert last_change(session, "duration_minutes") == ["60", "45"]
    assert last_change(session, "private_reflection") == [REDACTED, REDACTED]
    assert "doubted" not in all_log_text()
    session.refresh_from_db()
    assert session.private_reflection == REFLECTION + " again"  # decrypts: stored encrypted


@pytest.mark.django_db
def test_stale_session_edit_is_refused_and_not_logged(arrangement, peer_a):
    session = _draft(peer_a, arrangement)
    before = LogEntry.objects.count()
    with pytest.raises(ValidationError):
        _edit(peer_a, session, version=session.version - 1, duration_minutes=45)
    session.refresh_from_db()
    assert session.duration_minutes == 60
    assert LogEntry.objects.count() == before


@pytest.mark.django_db
def test_submit_return_and_sign_are_logged(arrangement, peer_a, supervisor_a):
    session = _draft(peer_a, arrangement)
    supervision_services.session_submit(actor=peer_a, session=session)
    assert last_change(session, "status") == [SessionStatus.DRAFT, SessionStatus.SUBMITTED]
    assert last_change(session, "author_signed_at")[0] == "None"
    supervision_services.session_return(actor=supervisor_a, session=session, comment="Add a date.")
    assert last_change(session, "status") == [SessionStatus.SUBMITTED, SessionStatus.RETURNED]
    supervision_services.session_submit(actor=peer_a, session=session)
    supervision_services.session_sign(actor=supervisor_a, session=session)
    assert last_change(session, "status") == [SessionStatus.SUBMITTED, SessionStatus.SIGNED]
    assert last_change(session, "counterpart_signed_at")[0] == "None"
    assert "doubted" not in all_log_text()


@pytest.mark.django_db
def test_signing_logs_the_arrangements_next_due_date(arrangement, peer_a, supervisor_a):
    old_due = arrangement.next_due_on
    session = _draft(peer_a, arrangement)
    supervision_services.session_submit(actor=peer_a, session=session)
    supervision_services.session_sign(actor=supervisor_a, session=session)
    arrangement.refresh_from_db()
    assert arrangement.next_due_on != old_due
    assert last_change(arrangement, "next_due_on") == [str(old_due), str(arrangement.next_due_on)]


@pytest.mark.django_db
def test_action_toggle_is_logged(arrangement, peer_a):
    session = _draft(peer_a, arrangement)
    action = ActionFactory(session=session)
    supervision_services.action_set_done(actor=peer_a, action=action, is_done=True)
    assert last_change(action, "is_done") == ["False", "True"]


@pytest.mark.django_db
def test_carried_forward_actions_are_logged_as_created(arrangement, peer_a, supervisor_a):
    first = _draft(peer_a, arrangement)
    ActionFactory(session=first)
    supervision_services.session_submit(actor=peer_a, session=first)  # a draft's are not carried
    second = _draft(peer_a, arrangement)
    carried = second.actions.get()
    assert LogEntry.objects.get_for_object(carried).filter(action=LogEntry.Action.CREATE).exists()


@pytest.mark.django_db
def test_reflection_write_is_logged_redacted(arrangement, peer_a):
    session = _draft(peer_a, arrangement)
    supervision_services.reflection_save(actor=peer_a, session=session, text="Later I felt calmer")
    assert last_change(session, "private_reflection") == [REDACTED, REDACTED]
    assert "calmer" not in all_log_text() and "doubted" not in all_log_text()


# --- research ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_grant_revoke_is_logged(researcher, administrator, initiative_a):
    grant = identified_access_grant(
        researcher=researcher,
        initiative=initiative_a,
        reason="Ethics approval",
        granted_by=administrator,
    )
    identified_access_revoke(grant=grant, revoked_by=administrator)
    assert last_change(grant, "revoked")[0] == "None"
    assert last_change(grant, "revoked_by")[1] == str(administrator.pk)
    with pytest.raises(ValidationError):
        identified_access_revoke(grant=grant, revoked_by=administrator)
