"""Bulk entry: enrol many or a team with attendance and completion in one step, mark a whole
session attended, complete every attendee at once, and a completions grid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import PeerWorkerFactory
from tests.training.factories import ColleagueFactory, EnrolmentFactory, TrainingProgrammeFactory
from training.models import Attendance, Colleague, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def workers(role_a, peer_worker_a):
    return [peer_worker_a] + [
        PeerWorkerFactory(role=role_a, full_name=f"Worker {n}", pseudonym=f"P-01-W1{n}")
        for n in range(3)
    ]


def test_enrol_many_with_attendance_and_completion_in_one_step(
    session_a, workers, team_a, manager_a, client_for
):
    ColleagueFactory(team=team_a, full_name="Sam Colleague")
    known = Colleague.objects.get(full_name="Sam Colleague")
    response = client_for(manager_a).post(
        reverse("training:enrolment-bulk", args=[session_a.public_id]),
        {
            "peer_workers": [worker.pk for worker in workers],
            "team": team_a.pk,
            "colleagues": [known.pk],
            "colleague_names": "Ria New\n\nRia New\nLee Other",
            "attendance": Attendance.ATTENDED,
            "completed_on": "2025-01-10",
            "certificate_issued_on": "2025-01-10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    enrolments = Enrolment.objects.filter(session=session_a)
    assert enrolments.count() == 7  # 4 peer workers, Sam, Ria and Lee
    assert set(enrolments.values_list("attendance", flat=True)) == {Attendance.ATTENDED}
    assert set(enrolments.values_list("completed_on", flat=True)) == {dt.date(2025, 1, 10)}
    assert enrolments.filter(peer_worker=workers[0]).get().certificate_expires_on == dt.date(
        2026, 1, 10
    )


def test_enrol_many_saves_nobody_when_one_is_refused(session_a, workers, manager_a, client_for):
    response = client_for(manager_a).post(
        reverse("training:enrolment-bulk", args=[session_a.public_id]),
        {
            "peer_workers": [worker.pk for worker in workers],
            "attendance": Attendance.UNRECORDED,
            "completed_on": "2025-01-10",
        },
    )
    assert response.status_code == 400
    assert "Record that they attended" in response.content.decode()
    assert not Enrolment.objects.filter(session=session_a).exists()


def test_enrol_and_add_another_keeps_the_team(session_a, team_a, manager_a, client_for):
    client = client_for(manager_a)
    url = reverse("training:enrolment-create", args=[session_a.public_id])
    response = client.post(
        url, {"who": "colleague", "team": team_a.pk, "colleague_name": "Jo", "another": "1"}
    )
    assert response.status_code == 302
    assert response.url == f"{url}?team={team_a.pk}"
    page = client.get(response.url).content.decode()
    assert f'<option value="{team_a.pk}" selected>' in page
    assert 'value="colleague" class="form-check-input" id="id_who_1" checked' in page or (
        'value="colleague"' in page and "checked" in page
    )


def test_everyone_attended_marks_the_whole_session(session_a, workers, manager_a, client_for):
    for worker in workers:
        EnrolmentFactory(session=session_a, peer_worker=worker)
    response = client_for(manager_a).post(
        reverse("training:attendance-record", args=[session_a.public_id]),
        {"mark_all": "attended"},
    )
    assert response.status_code == 302
    assert set(Enrolment.objects.values_list("attendance", flat=True)) == {Attendance.ATTENDED}


def test_complete_every_attendee_at_once(session_a, workers, manager_a, client_for):
    enrolments = [
        EnrolmentFactory(session=session_a, peer_worker=worker, attendance=Attendance.ATTENDED)
        for worker in workers
    ]
    client = client_for(manager_a)
    url = reverse("training:session-complete", args=[session_a.public_id])
    page = client.get(url).content.decode()
    assert page.count('type="checkbox"') == len(workers)
    response = client.post(
        url,
        {
            "enrolments": [str(e.public_id) for e in enrolments],
            "completed_on": "2025-01-10",
            "certificate_issued_on": "2025-01-11",
        },
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(completed_on=dt.date(2025, 1, 10)).count() == len(workers)


def test_completion_grid_records_many_at_once_and_pins_queries(
    initiative_a, org_a, workers, programme_a, manager_a, client_for, django_assert_num_queries
):
    second = TrainingProgrammeFactory(organisation=org_a, title="Boundaries")
    client = client_for(manager_a)
    url = reverse("training:completion-grid", args=[initiative_a.public_id])
    # session, user, roles, the initiative, its partners, workers, programmes, completions
    with django_assert_num_queries(8):
        page = client.get(url)
    assert page.status_code == 200
    data = {}
    for worker in workers:
        for programme in (programme_a, second):
            data[f"c-{worker.public_id}-{programme.public_id}"] = "03/02/2025"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrolment.objects.filter(completed_on=dt.date(2025, 2, 3)).count() == 8
    html = client.get(url).content.decode()
    assert html.count("3 Feb 2025") == 8 and 'type="date"' not in html


def test_completion_grid_refuses_a_future_date_and_saves_nothing(
    initiative_a, workers, programme_a, manager_a, client_for
):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    data = {f"c-{workers[0].public_id}-{programme_a.public_id}": "2025-01-01"}
    data[f"c-{workers[1].public_id}-{programme_a.public_id}"] = future
    response = client_for(manager_a).post(
        reverse("training:completion-grid", args=[initiative_a.public_id]), data
    )
    assert response.status_code == 400
    assert "Completion cannot be in the future." in response.content.decode()
    assert not Enrolment.objects.exists()
