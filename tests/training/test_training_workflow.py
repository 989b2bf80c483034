"""A manager's path: programme, session, enrolment, attendance, completion, certificate."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from training.models import (
    Attendance,
    Colleague,
    CompetenceDomain,
    Enrolment,
    Session,
    TrainingProgramme,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=LONDON), tick=False):
        yield


def test_competence_domains_are_seeded(db):
    assert CompetenceDomain.objects.filter(slug="values").exists()
    assert CompetenceDomain.objects.count() == 9


def test_manager_defines_a_programme_with_competence_domains(manager_a, org_a, client_for):
    domains = list(CompetenceDomain.objects.filter(slug__in=["values", "relational"]))
    response = client_for(manager_a).post(
        reverse("training:programme-create"),
        {
            "organisation": org_a.pk,
            "title": "Peer support foundations",
            "provider_organisation": org_a.pk,
            "audience": "peer_workers",
            "category": "peer_specific",
            "is_accredited": "on",
            "accredited_by": "Skills Board",
            "lived_experience_delivery": "co_delivered",
            "total_hours": "30",
            "session_count": "5",
            "domains": [d.pk for d in domains],
            "has_certificate": "on",
            "certificate_valid_months": "36",
            "is_active": "on",
        },
    )
    programme = TrainingProgramme.objects.get()
    assert response.url == reverse("training:programme-detail", args=[programme.public_id])
    assert programme.organisation == org_a
    assert programme.provider_display == org_a.name
    assert set(programme.domains.all()) == set(domains)
    assert (programme.accredited_by, programme.certificate_valid_months) == ("Skills Board", 36)
    page = client_for(manager_a).get(response.url).content.decode()
    assert "Accredited by Skills Board" in page
    assert "Values and principles of peer support" in page


def test_manager_schedules_enrols_records_attendance_and_completion(
    manager_a, programme_a, peer_worker_a, team_a, client_for
):
    client = client_for(manager_a)
    client.post(
        reverse("training:session-create", args=[programme_a.public_id]),
        {
            "starts_on": "2025-02-20",
            "ends_on": "2025-02-21",
            "start_time": "09:30",
            "end_time": "16:30",
            "mode": "online",
            "place": "Video call",
        },
    )
    session = Session.objects.get()
    enrol = reverse("training:enrolment-create", args=[session.public_id])
    client.post(enrol, {"who": "peer_worker", "peer_worker": peer_worker_a.pk})
    client.post(enrol, {"who": "colleague", "team": team_a.pk, "colleague_name": "Cal Colleague"})
    colleague_enrolment = Enrolment.objects.get(colleague__full_name="Cal Colleague")
    assert Colleague.objects.get().team == team_a
    peer_enrolment = Enrolment.objects.get(peer_worker=peer_worker_a)

    response = client.post(
        reverse("training:attendance-record", args=[session.public_id]),
        {str(peer_enrolment.public_id): "attended", str(colleague_enrolment.public_id): "absent"},
    )
    assert response.status_code == 302
    peer_enrolment.refresh_from_db()
    colleague_enrolment.refresh_from_db()
    assert peer_enrolment.attendance == Attendance.ATTENDED
    assert colleague_enrolment.attendance == Attendance.ABSENT

    response = client.post(
        reverse("training:enrolment-complete", args=[peer_enrolment.public_id]),
        {
            "completed_on": "2025-02-21",
            "certificate_issued_on": "2025-02-28",
            "certificate_number": "PSF-001",
        },
    )
    assert response.status_code == 302
    peer_enrolment.refresh_from_db()
    assert peer_enrolment.completed_on == dt.date(2025, 2, 21)
    # Expiry defaults to the programme's validity (12 months) from the date of issue.
    assert peer_enrolment.certificate_expires_on == dt.date(2026, 2, 28)

    page = client.get(reverse("training:session-detail", args=[session.public_id])).content.decode()
    assert "Pat Peerworker" in page and "Cal Colleague" in page and "expires 28 Feb 2026" in page


def test_attendance_of_someone_who_completed_cannot_be_undone(enrolment_a):
    from django.core.exceptions import ValidationError

    from training import services

    enrolment_a.attendance = Attendance.ATTENDED
    enrolment_a.completed_on = dt.date(2025, 1, 10)
    enrolment_a.save()
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.attendance_record(
            session=enrolment_a.session, marks={str(enrolment_a.public_id): "absent"}
        )


def test_colleague_teams_are_limited_to_teams_the_organisation_works_with(
    manager_a, session_a, org_b, client_for
):
    from tests.factories import TeamFactory

    foreign_team = TeamFactory(organisation=org_b)
    response = client_for(manager_a).post(
        reverse("training:enrolment-create", args=[session_a.public_id]),
        {"who": "colleague", "team": foreign_team.pk, "colleague_name": "Someone"},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_manager_edits_a_programme_and_a_session(manager_a, programme_a, session_a, client_for):
    client = client_for(manager_a)
    response = client.post(
        reverse("training:programme-update", args=[programme_a.public_id]),
        {
            "title": "Peer support foundations (2025)",
            "provider_name": "Example Training Ltd",
            "audience": "peer_workers",
            "category": "peer_specific",
            "lived_experience_delivery": "delivered",
            "total_hours": "32.5",
            "session_count": "1",
            "has_certificate": "on",
            "certificate_valid_months": "24",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    programme_a.refresh_from_db()
    assert (programme_a.title, str(programme_a.total_hours)) == (
        "Peer support foundations (2025)",
        "32.5",
    )
    response = client.post(
        reverse("training:session-update", args=[session_a.public_id]),
        {
            "starts_on": "2025-01-10",
            "start_time": "10:00",
            "end_time": "09:00",
            "mode": "in_person",
            "place": "Room 2",
        },
    )
    assert "The end time must be after the start time." in response.content.decode()
    session_a.refresh_from_db()
    assert session_a.place == "Room 1"
