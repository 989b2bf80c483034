"""erase_person reaches the recruitment, training and supervision records of a person.

For each app: the identifying values are gone from the database and from every audit log
entry, the anonymous facts stay, and the command's output lists each record by public id
without the erased values.
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from auditlog.models import LogEntry
from cryptography.fernet import Fernet
from django.core.management import call_command

from recruitment import services as recruitment_services
from recruitment.models import IDENTIFYING_FIELDS, Application, Stage
from supervision.models import (
    ActionOwner,
    EventKind,
    SessionAction,
    SessionAddendum,
    SessionEvent,
    SessionStatus,
    SupervisionSession,
)
from tests.factories import PeerWorkerFactory, TeamFactory
from tests.recruitment.factories import CampaignFactory, application_at
from tests.supervision.factories import ActionFactory, ArrangementFactory
from tests.supervision.factories import SessionFactory as SupervisionSessionFactory
from tests.training.factories import (
    ColleagueFactory,
    EnrolmentFactory,
    FeedbackFactory,
    SessionFactory,
    TrainingProgrammeFactory,
)
from training.models import Attendance, Colleague, Enrolment, Feedback


@pytest.fixture(autouse=True)
def field_keys(settings):
    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.PEERWORK_FIELD_KEY_FILE = None


def erase(*args: str) -> str:
    out = StringIO()
    call_command("erase_person", *args, stdout=out)
    return out.getvalue()


def log_text() -> str:
    """Everything the audit log holds, as one string."""
    return "\n".join(
        " ".join(
            (
                entry.object_repr,
                json.dumps(entry.changes, ensure_ascii=False),
                entry.changes_text or "",
                json.dumps(entry.additional_data, ensure_ascii=False),
                entry.actor_email or "",
            )
        )
        for entry in LogEntry.objects.all()
    )


def assert_nowhere(values, *texts: str) -> None:
    for value in values:
        for text in texts:
            assert value.lower() not in text.lower(), value


# --- Recruitment --------------------------------------------------------------------------


@pytest.fixture
def applicant(role_a, manager_a):
    """Sam's application (with a stage note) and another applicant's, in one campaign."""
    campaign = CampaignFactory(role=role_a, title="Ward peers")
    sam = recruitment_services.application_create(
        campaign=campaign,
        by=manager_a,
        full_name="Sam Applicant",
        email="sam.applicant@example.org",
        phone="0113 496 0123",
        adjustments_requested="Needs a quiet room for anxiety",
        received=dt.date(2025, 1, 8),
    )
    sam = recruitment_services.application_move(
        application=sam,
        to_stage=Stage.SHORTLISTED,
        by=manager_a,
        loaded_version=sam.version,
        note="Sam Applicant rang about the interview",
    )
    other = recruitment_services.application_create(
        campaign=campaign,
        by=manager_a,
        full_name="Kim Keptapplicant",
        email="kim@example.org",
        received=dt.date(2025, 1, 9),
    )
    return sam, other


@pytest.mark.django_db
def test_applicant_without_account_is_erased_by_email_everywhere(applicant):
    sam, other = applicant
    secrets = [
        "Sam Applicant",
        "sam.applicant@example.org",
        "0113 496 0123",
        "quiet room for anxiety",
        "rang about the interview",
    ]
    assert "Sam Applicant" in log_text()  # the log did hold it

    output = erase("--email", "SAM.applicant@example.org")

    sam = Application.objects.get(pk=sam.pk)
    assert all(getattr(sam, name) == "" for name in IDENTIFYING_FIELDS)
    assert sam.erased is not None
    assert set(sam.stage_changes.values_list("note", flat=True)) == {""}
    # Anonymous facts stay.
    assert (sam.stage, sam.received) == (Stage.SHORTLISTED, dt.date(2025, 1, 8))
    assert list(sam.stage_changes.values_list("to_stage", flat=True)) == [
        Stage.APPLIED,
        Stage.SHORTLISTED,
    ]
    # The other applicant is untouched, in the database and in the log.
    assert Application.objects.get(pk=other.pk).full_name == "Kim Keptapplicant"
    assert "Kim Keptapplicant" in log_text()

    assert_nowhere(secrets, log_text(), output)
    assert f"applicant {sam.public_id} in campaign {sam.campaign.public_id}" in output
    assert "1 stage notes blanked" in output
    # The erasure itself is in the log, as a change of the application.
    assert (
        LogEntry.objects.get_for_object(sam)
        .filter(action=LogEntry.Action.UPDATE, changes__has_key="erased")
        .exists()
    )


@pytest.mark.django_db
def test_application_that_led_to_a_post_is_erased_with_the_peer_worker(role_a, manager_a):
    from tests.recruitment.factories import appoint

    campaign = CampaignFactory(role=role_a)
    application = application_at(campaign, Stage.CHECKS, by=manager_a, name="Ari Appointed")
    appoint(application, by=manager_a)
    application.refresh_from_db()
    output = erase("--peer-worker", str(application.peer_worker.public_id))
    application.refresh_from_db()
    assert application.full_name == "" and application.stage == Stage.APPOINTED
    assert str(application.public_id) in output
    assert_nowhere(["Ari Appointed"], log_text(), output)


@pytest.mark.django_db
def test_unknown_address_is_still_refused_and_changes_nothing(applicant):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No account or record"):
        erase("--email", "nobody@example.org")
    assert not Application.objects.filter(erased__isnull=False).exists()


# --- Training -----------------------------------------------------------------------------


@pytest.fixture
def trainee(org_a, peer_a, peer_worker_a):
    """Pat (peer_a / peer_worker_a) with a certificate, feedback, and a colleague record."""
    peer_a.full_name = "Pat Trainee"
    peer_a.save()
    peer_worker_a.full_name = "Pat Trainee"
    peer_worker_a.save()
    programme = TrainingProgrammeFactory(
        organisation=org_a, has_certificate=True, certificate_valid_months=12
    )
    session = SessionFactory(programme=programme, starts_on=dt.date(2025, 1, 10))
    enrolment = EnrolmentFactory(
        session=session,
        peer_worker=peer_worker_a,
        attendance=Attendance.ATTENDED,
        completed_on=dt.date(2025, 1, 10),
        certificate_issued_on=dt.date(2025, 1, 10),
        certificate_expires_on=dt.date(2026, 1, 10),
    )
    enrolment.certificate_number = "CERT-PT-99871"
    enrolment.save()
    feedback = FeedbackFactory(
        programme=programme, author=peer_a, rating=5, comment="Helped me after my relapse"
    )
    team = TeamFactory(organisation=org_a)
    colleague = ColleagueFactory(team=team, full_name="pat trainee")  # same person, as a colleague
    other_team_colleague = ColleagueFactory(full_name="Pat Trainee")  # another organisation
    kept = ColleagueFactory(team=team, full_name="Cal Colleague")
    return enrolment, feedback, colleague, other_team_colleague, kept


@pytest.mark.django_db
def test_training_certificate_feedback_and_colleague_name_are_erased(trainee, peer_a):
    enrolment, feedback, colleague, elsewhere, kept = trainee
    secrets = ["CERT-PT-99871", "after my relapse", "Pat Trainee"]
    assert "CERT-PT-99871" in log_text() and "after my relapse" in log_text()

    output = erase("--email", peer_a.email)

    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    assert enrolment.certificate_number == ""
    assert (enrolment.completed_on, enrolment.certificate_expires_on) == (
        dt.date(2025, 1, 10),
        dt.date(2026, 1, 10),
    )
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert (feedback.comment, feedback.rating) == ("", 5)
    colleague = Colleague.objects.get(pk=colleague.pk)
    assert colleague.full_name.startswith("Erased colleague")
    assert colleague.team_id == trainee[2].team_id
    # A namesake in an organisation the person has nothing to do with keeps their name;
    # other colleagues too.
    assert Colleague.objects.get(pk=elsewhere.pk).full_name == "Pat Trainee"
    assert Colleague.objects.get(pk=kept.pk).full_name == "Cal Colleague"

    own_entries = "\n".join(
        f"{entry.object_repr} {json.dumps(entry.changes)}"
        for record in (enrolment, feedback, colleague)
        for entry in LogEntry.objects.get_for_object(record)
    )
    assert_nowhere(secrets, own_entries, output)
    assert_nowhere(["CERT-PT-99871", "after my relapse"], log_text())
    assert f"training enrolment {enrolment.public_id}: certificate number removed" in output
    assert f"training feedback on programme {feedback.programme.public_id}" in output
    assert f"training colleague in team {colleague.team.public_id}: name removed" in output


# --- Supervision --------------------------------------------------------------------------


@pytest.fixture
def supervision_records(peer_worker_a, supervisor_a, org_a, time_machine):
    """Records between supervisor_a and peer_a: one each drafted, addenda, actions, a return."""
    time_machine.move_to(dt.datetime(2025, 7, 1, 12, 0), tick=False)
    arrangement = ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        started=dt.date(2024, 3, 1),
    )
    by_peer = SupervisionSessionFactory(
        arrangement=arrangement,
        author=peer_worker_a.user,
        held_on=dt.date(2025, 6, 2),
        duration_minutes=50,
        shared_summary="Talked about Pat's hearing voices",
        private_reflection="I felt unsafe on the ward",
        status=SessionStatus.SIGNED,
    )
    by_peer.counterpart_reflection = "Supervisor worries about burnout"
    by_peer.save()
    by_supervisor = SupervisionSessionFactory(
        arrangement=arrangement,
        author=supervisor_a,
        held_on=dt.date(2025, 6, 20),
        duration_minutes=40,
        shared_summary="Supervisor's own summary",
        private_reflection="Supervisor's own note",
    )
    by_supervisor.counterpart_reflection = "Pat's reflection on the supervisor's record"
    by_supervisor.save()
    peer_action = ActionFactory(
        session=by_supervisor, text="Pat to see GP about meds", owner=ActionOwner.PEER_WORKER
    )
    supervisor_action = ActionFactory(
        session=by_supervisor, text="Book the room", owner=ActionOwner.SUPERVISOR
    )
    addendum = SessionAddendum.objects.create(
        session=by_peer, author=peer_worker_a.user, text="Correction: it was two episodes"
    )
    event = SessionEvent.objects.create(
        session=by_supervisor,
        actor=peer_worker_a.user,
        kind=EventKind.RETURNED,
        comment="Please leave out my diagnosis",
    )
    return {
        "by_peer": by_peer,
        "by_supervisor": by_supervisor,
        "peer_action": peer_action,
        "supervisor_action": supervisor_action,
        "addendum": addendum,
        "event": event,
    }


@pytest.mark.django_db
def test_supervision_text_the_person_wrote_is_erased_facts_stay(supervision_records, peer_a):
    records = supervision_records
    secrets = [
        "hearing voices",
        "unsafe on the ward",
        "reflection on the supervisor's record",
        "see GP about meds",
        "two episodes",
        "my diagnosis",
    ]
    assert "hearing voices" in log_text() and "see GP about meds" in log_text()

    output = erase("--email", peer_a.email)

    by_peer = SupervisionSession.objects.get(pk=records["by_peer"].pk)
    assert (by_peer.shared_summary, by_peer.private_reflection) == ("", "")
    # The supervisor's own reflection on Pat's record is theirs: it stays.
    assert by_peer.counterpart_reflection == "Supervisor worries about burnout"
    assert (by_peer.held_on, by_peer.duration_minutes, by_peer.status) == (
        dt.date(2025, 6, 2),
        50,
        SessionStatus.SIGNED,
    )
    assert by_peer.supervision_type == records["by_peer"].supervision_type
    by_supervisor = SupervisionSession.objects.get(pk=records["by_supervisor"].pk)
    assert by_supervisor.counterpart_reflection == ""
    assert by_supervisor.shared_summary == "Supervisor's own summary"
    assert by_supervisor.private_reflection == "Supervisor's own note"
    peer_action = SessionAction.objects.get(pk=records["peer_action"].pk)
    assert peer_action.text == "[erased]" and peer_action.due_on == records["peer_action"].due_on
    assert SessionAction.objects.get(pk=records["supervisor_action"].pk).text == "Book the room"
    assert SessionAddendum.objects.get(pk=records["addendum"].pk).text == "[erased]"
    event = SessionEvent.objects.get(pk=records["event"].pk)
    assert (event.comment, event.kind) == ("[erased]", EventKind.RETURNED)

    assert_nowhere(secrets, log_text(), output)
    assert "Supervisor's own summary" in log_text()  # other people's text is not touched
    # One line per record, by public id, no names.
    assert (
        f"supervision session {by_peer.public_id}: shared summary and private reflection removed"
        in output
    )
    assert f"supervision session {by_supervisor.public_id}: private reflection removed" in output
    assert f"supervision action {peer_action.public_id}: text removed" in output
    assert f"to supervision session {by_peer.public_id}: text removed" in output
    assert f"on supervision session {by_supervisor.public_id}: removed" in output
    assert_nowhere(["Pat Peerworker", "peer.a@example.org"], output)


@pytest.mark.django_db
def test_supervisor_erasure_takes_their_text_and_actions_only(supervision_records, supervisor_a):
    records = supervision_records
    erase("--email", supervisor_a.email)
    by_supervisor = SupervisionSession.objects.get(pk=records["by_supervisor"].pk)
    assert (by_supervisor.shared_summary, by_supervisor.private_reflection) == ("", "")
    by_peer = SupervisionSession.objects.get(pk=records["by_peer"].pk)
    assert by_peer.counterpart_reflection == ""
    assert by_peer.shared_summary == "Talked about Pat's hearing voices"
    assert SessionAction.objects.get(pk=records["supervisor_action"].pk).text == "[erased]"
    assert (
        SessionAction.objects.get(pk=records["peer_action"].pk).text == "Pat to see GP about meds"
    )
    assert_nowhere(["Supervisor's own summary", "Book the room"], log_text())


@pytest.mark.django_db
def test_peer_worker_without_account_loses_the_actions_they_own(supervisor_a, org_a):
    worker = PeerWorkerFactory(full_name="Noa Noaccount", pseudonym="P-01-W07", user=None)
    arrangement = ArrangementFactory(
        peer_worker=worker, supervisor=supervisor_a, supervisor_organisation=org_a
    )
    session = SupervisionSessionFactory(arrangement=arrangement, author=supervisor_a)
    owned = ActionFactory(
        session=session, text="Noa to call the crisis line", owner=ActionOwner.BOTH
    )
    output = erase("--pseudonym", "P-01-W07")
    assert SessionAction.objects.get(pk=owned.pk).text == "[erased]"
    assert str(owned.public_id) in output
    assert_nowhere(["crisis line", "Noa Noaccount"], log_text(), output)


@pytest.mark.django_db
def test_every_app_registers_its_eraser():
    from peerwork.lib.erasure import registered_erasers

    modules = {eraser.__module__ for eraser in registered_erasers()}
    assert {"recruitment.erasure", "training.erasure", "supervision.erasure"} <= modules
