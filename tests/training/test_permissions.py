"""Every training URL × every persona → the expected status.

Outsiders (no membership in the owning organisation) get 404, members whose role is
insufficient get 403, anonymous visitors are sent to the login page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from training.models import Attendance

PERSONAS = [
    "manager_a",
    "supervisor_a",
    "peer_a",
    "manager_b",
    "researcher",
    "administrator",
    "anonymous",
]

MEMBERS_ONLY = {
    "manager_a": 200,
    "supervisor_a": 200,
    "peer_a": 200,
    "manager_b": 200,
    "researcher": 403,
    "administrator": 200,
}
ANY_USER = {
    "manager_a": 200,
    "supervisor_a": 200,
    "peer_a": 200,
    "manager_b": 200,
    "researcher": 200,
    "administrator": 200,
}
MANAGERS_ANYWHERE = {
    "manager_a": 200,
    "supervisor_a": 403,
    "peer_a": 403,
    "manager_b": 200,
    "researcher": 403,
    "administrator": 200,
}
VIEW_A = {
    "manager_a": 200,
    "supervisor_a": 200,
    "peer_a": 200,
    "manager_b": 404,
    "researcher": 404,
    "administrator": 200,
}
MANAGE_A = {
    "manager_a": 200,
    "supervisor_a": 403,
    "peer_a": 403,
    "manager_b": 404,
    "researcher": 404,
    "administrator": 200,
}
ATTENDEE_A = {
    "manager_a": 403,
    "supervisor_a": 403,
    "peer_a": 200,
    "manager_b": 404,
    "researcher": 404,
    "administrator": 403,
}

CASES = [
    ("training:index", None, MEMBERS_ONLY),
    ("training:my-training", None, ANY_USER),
    ("training:programme-list", None, MEMBERS_ONLY),
    ("training:programme-create", None, MANAGERS_ANYWHERE),
    ("training:programme-detail", "programme", VIEW_A),
    ("training:programme-update", "programme", MANAGE_A),
    ("training:session-create", "programme", MANAGE_A),
    ("training:feedback-create", "programme", ATTENDEE_A),
    ("training:session-detail", "session", MANAGE_A),
    ("training:session-update", "session", MANAGE_A),
    ("training:enrolment-create", "session", MANAGE_A),
    ("training:attendance-record", "session", MANAGE_A),
    ("training:enrolment-bulk", "session", MANAGE_A),
    ("training:session-complete", "session", MANAGE_A),
    ("training:completion-grid", "initiative", MANAGE_A),
    ("training:enrolment-complete", "enrolment", MANAGE_A),
    ("training:required-list", "initiative", MANAGE_A),
    ("training:compliance-matrix", "initiative", MANAGE_A),
    ("training:compliance-csv", "initiative", MANAGE_A),
    ("training:team-preparation", "initiative", VIEW_A),
    ("training:dashboard", "organisation", MANAGE_A),
]


@pytest.fixture
def objects(org_a, initiative_a, programme_a, session_a, enrolment_a, requirement_a):
    enrolment_a.attendance = Attendance.ATTENDED
    enrolment_a.save()
    return {
        "organisation": org_a,
        "initiative": initiative_a,
        "programme": programme_a,
        "session": session_a,
        "enrolment": enrolment_a,
        "requirement": requirement_a,
    }


def _url(name, target, objects):
    return reverse(name, args=[objects[target].public_id]) if target else reverse(name)


@pytest.mark.parametrize(
    ("name", "target", "persona", "expected"),
    [
        (name, target, persona, {**expected, "anonymous": 302}[persona])
        for name, target, expected in CASES
        for persona in PERSONAS
    ],
)
def test_get_status_for_every_persona(
    name, target, persona, expected, objects, personas, client_for
):
    response = client_for(personas[persona]).get(_url(name, target, objects))

    assert response.status_code == expected
    if persona == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


def test_every_training_url_is_in_the_matrix():
    from training.urls import urlpatterns

    covered = {case[0].split(":")[1] for case in CASES} | {"required-delete"}
    assert {pattern.name for pattern in urlpatterns} == covered


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("manager_a", 302),
        ("supervisor_a", 403),
        ("peer_a", 403),
        ("manager_b", 404),
        ("researcher", 404),
        ("administrator", 302),
        ("anonymous", 302),
    ],
)
def test_removing_required_training(persona, expected, objects, personas, client_for):
    from training.models import RequiredTraining

    url = reverse("training:required-delete", args=[objects["requirement"].public_id])
    response = client_for(personas[persona]).post(url)
    assert response.status_code == expected
    still_there = RequiredTraining.objects.filter(pk=objects["requirement"].pk).exists()
    assert still_there is (persona not in ("manager_a", "administrator"))


def test_removing_required_training_needs_post(objects, manager_a, client_for):
    url = reverse("training:required-delete", args=[objects["requirement"].public_id])
    assert client_for(manager_a).get(url).status_code == 405


def test_malformed_ids_are_404(manager_a, client_for):
    assert client_for(manager_a).get("/training/programmes/not-a-uuid/").status_code == 404
    assert (
        client_for(manager_a)
        .get("/training/sessions/00000000-0000-0000-0000-000000000000/")
        .status_code
        == 404
    )
