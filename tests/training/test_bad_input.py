"""Bad input is refused with a clear message and nothing is half-saved."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import PeerWorkerFactory
from tests.training.factories import ColleagueFactory, EnrolmentFactory, SessionFactory
from training import services
from training.models import Attendance, Colleague, Enrolment, TrainingProgramme

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=LONDON), tick=False):
        yield


def programme_post(org, **overrides):
    data = {
        "organisation": org.pk,
        "title": "Boundaries in peer work",
        "provider_name": "Ext Ltd",
        "audience": "peer_workers",
        "category": "peer_specific",
        "lived_experience_delivery": "delivered",
        "total_hours": "6",
        "session_count": "2",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_negative_hours_are_refused_and_what_was_typed_is_kept(manager_a, org_a, client_for):
    response = client_for(manager_a).post(
        reverse("training:programme-create"), programme_post(org_a, total_hours="-3")
    )
    assert response.status_code == 200
    assert "Hours cannot be negative." in response.content.decode()
    assert 'value="Boundaries in peer work"' in response.content.decode()
    assert not TrainingProgramme.objects.exists()


def test_negative_hours_are_refused_by_the_database_too(org_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingProgramme.objects.create(
            organisation=org_a,
            title="X",
            provider_name="Y",
            audience="peer_workers",
            category="other",
            total_hours=-1,
        )


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"provider_name": ""}, "Choose the provider, or name an external provider below."),
        (
            {"provider_organisation": "ORG"},
            "Choose an organisation or name an external provider, not both.",
        ),
        ({"is_accredited": "on"}, "Say who accredits it."),
        (
            {"certificate_valid_months": "12"},
            "Only programmes that lead to a certificate have a validity.",
        ),
    ],
)
def test_programme_rules_give_specific_messages(
    overrides, field_message, manager_a, org_a, client_for
):
    overrides = {key: (org_a.pk if value == "ORG" else value) for key, value in overrides.items()}
    response = client_for(manager_a).post(
        reverse("training:programme-create"), programme_post(org_a, **overrides)
    )
    assert field_message in response.content.decode()
    assert not TrainingProgramme.objects.exists()


def test_a_manager_cannot_create_a_programme_for_another_organisation(manager_a, org_b, client_for):
    response = client_for(manager_a).post(
        reverse("training:programme-create"), programme_post(org_b)
    )
    assert "Select a valid choice" in response.content.decode()
    assert not TrainingProgramme.objects.exists()


def test_session_ending_before_it_starts_is_refused(manager_a, programme_a, client_for):
    response = client_for(manager_a).post(
        reverse("training:session-create", args=[programme_a.public_id]),
        {"starts_on": "2025-03-10", "ends_on": "2025-03-09", "mode": "in_person", "place": "Room"},
    )
    assert "The last day cannot be before the first." in response.content.decode()
    assert not programme_a.sessions.exists()


def test_enrolling_the_same_peer_worker_twice_in_a_session(
    manager_a, session_a, peer_worker_a, client_for
):
    url = reverse("training:enrolment-create", args=[session_a.public_id])
    data = {"who": "peer_worker", "peer_worker": peer_worker_a.pk}
    assert client_for(manager_a).post(url, data).status_code == 302
    response = client_for(manager_a).post(url, data)
    assert response.status_code == 200
    assert "Pat Peerworker is already enrolled in this session." in response.content.decode()
    assert Enrolment.objects.filter(session=session_a).count() == 1


def test_enrolling_the_same_colleague_twice_ignores_case_and_spaces(session_a, team_a):
    services.enrolment_create(session=session_a, team=team_a, colleague_name="Cal Colleague")
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrolment_create(
            session=session_a, team=team_a, colleague_name="  cal   COLLEAGUE "
        )
    assert Colleague.objects.count() == 1
    assert Enrolment.objects.count() == 1


def test_the_database_refuses_a_duplicate_enrolment(session_a, peer_worker_a):
    EnrolmentFactory(session=session_a, peer_worker=peer_worker_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(session=session_a, peer_worker=peer_worker_a)


def test_a_peer_worker_of_another_organisation_cannot_be_enrolled(session_a, manager_b, org_b):
    from tests.factories import InitiativeFactory, PeerWorkerRoleFactory

    initiative_b = InitiativeFactory(partners=[(org_b, "lead")])
    other = PeerWorkerFactory(role=PeerWorkerRoleFactory(initiative=initiative_b, employer=org_b))
    with pytest.raises(ValidationError, match="not in one of your organisation's initiatives"):
        services.enrolment_create(session=session_a, peer_worker=other)
    assert not Enrolment.objects.exists()


def test_attendance_for_someone_not_enrolled_is_refused_and_nothing_saved(
    manager_a, session_a, enrolment_a, programme_a, client_for
):
    stranger = EnrolmentFactory(
        session=SessionFactory(programme=programme_a, starts_on=dt.date(2025, 2, 1)),
        colleague=ColleagueFactory(),
    )
    response = client_for(manager_a).post(
        reverse("training:attendance-record", args=[session_a.public_id]),
        {str(enrolment_a.public_id): "attended", str(stranger.public_id): "attended"},
    )
    assert response.status_code == 400
    assert "Attendance can only be recorded for people enrolled in this session." in (
        response.content.decode()
    )
    enrolment_a.refresh_from_db()
    stranger.refresh_from_db()
    assert enrolment_a.attendance == Attendance.UNRECORDED
    assert stranger.attendance == Attendance.UNRECORDED


def test_attendance_cannot_be_recorded_before_the_session(session_a, enrolment_a, programme_a):
    future = SessionFactory(programme=programme_a, starts_on=dt.date(2025, 4, 1))
    booked = EnrolmentFactory(session=future, peer_worker=enrolment_a.peer_worker)
    with pytest.raises(ValidationError, match="before the session has taken place"):
        services.attendance_record(session=future, marks={str(booked.public_id): "attended"})


def test_completion_before_the_session_is_refused(manager_a, enrolment_a, client_for):
    enrolment_a.attendance = Attendance.ATTENDED
    enrolment_a.save()
    response = client_for(manager_a).post(
        reverse("training:enrolment-complete", args=[enrolment_a.public_id]),
        {"completed_on": "2025-01-09"},
    )
    assert "Completion cannot be before the session (10/01/2025)." in response.content.decode()
    enrolment_a.refresh_from_db()
    assert enrolment_a.completed_on is None


def test_completion_needs_attendance(enrolment_a):
    with pytest.raises(ValidationError, match="attended the session before recording completion"):
        services.enrolment_complete(enrolment=enrolment_a, completed_on=dt.date(2025, 1, 10))


def test_certificate_expiring_before_it_was_issued_is_refused(manager_a, enrolment_a, client_for):
    enrolment_a.attendance = Attendance.ATTENDED
    enrolment_a.save()
    response = client_for(manager_a).post(
        reverse("training:enrolment-complete", args=[enrolment_a.public_id]),
        {
            "completed_on": "2025-01-10",
            "certificate_issued_on": "2025-01-12",
            "certificate_expires_on": "2025-01-11",
            "certificate_number": "C-1",
        },
    )
    assert "The certificate must expire after the date it was issued." in response.content.decode()
    assert 'value="C-1"' in response.content.decode()
    enrolment_a.refresh_from_db()
    assert (enrolment_a.completed_on, enrolment_a.certificate_issued_on) == (None, None)


def test_the_database_refuses_expiry_before_issue(enrolment_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment_a.pk).update(
            attendance=Attendance.ATTENDED,
            completed_on=dt.date(2025, 1, 10),
            certificate_issued_on=dt.date(2025, 1, 10),
            certificate_expires_on=dt.date(2025, 1, 9),
        )


def test_required_training_twice_for_a_role_is_refused(
    manager_a, initiative_a, role_a, programme_a, requirement_a, client_for
):
    response = client_for(manager_a).post(
        reverse("training:required-list", args=[initiative_a.public_id]),
        {"role": role_a.pk, "programme": programme_a.pk, "renewal_months": "6"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode() or "already required" in (
        response.content.decode()
    )
    requirement_a.refresh_from_db()
    assert requirement_a.renewal_months == 12


def test_team_preparation_cannot_be_required_of_peer_workers(role_a, team_programme_a):
    with pytest.raises(ValidationError, match="Only programmes for peer workers"):
        services.required_training_create(
            role=role_a, programme=team_programme_a, renewal_months=None
        )
