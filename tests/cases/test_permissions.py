"""Permission matrix: every cases URL × every persona → expected status.

Outsiders (manager_b, researcher) get 404 on A's records, members without the manager role
(supervisor_a, peer_a) get 403, anonymous visitors are sent to sign in.
"""

import pytest
from django.urls import reverse

from tests.factories import ImplementationMilestoneFactory, TeamFactory

pytestmark = pytest.mark.django_db

# persona → status for record-level pages of organisation A
RECORD = {
    "manager_a": 200,
    "supervisor_a": 403,
    "peer_a": 403,
    "manager_b": 404,
    "researcher": 404,
    "administrator": 200,
    "anonymous": 302,
}
# persona → status for pages that are not tied to one record
GENERAL = {
    "manager_a": 200,
    "supervisor_a": 403,
    "peer_a": 403,
    "manager_b": 200,
    "researcher": 403,
    "administrator": 200,
    "anonymous": 302,
}


@pytest.fixture
def records(initiative_a, role_a, peer_worker_a, org_a):
    return {
        "initiative": initiative_a,
        "role": role_a,
        "peer_worker": peer_worker_a,
        "team": TeamFactory(organisation=org_a),
        "milestone": ImplementationMilestoneFactory(initiative=initiative_a),
        "organisation": org_a,
    }


RECORD_URLS = [
    ("cases:initiative-detail", "initiative"),
    ("cases:initiative-update", "initiative"),
    ("cases:milestone-list", "initiative"),
    ("cases:milestone-create", "initiative"),
    ("cases:role-create", "initiative"),
    ("cases:milestone-update", "milestone"),
    ("cases:role-detail", "role"),
    ("cases:role-update", "role"),
    ("cases:peer-worker-create", "role"),
    ("cases:peer-worker-update", "peer_worker"),
    ("cases:team-list-for", "organisation"),
    ("cases:team-create", "organisation"),
    ("cases:team-update", "team"),
]
GENERAL_URLS = ["cases:initiative-list", "cases:initiative-create"]


CASES = [
    *(
        (url_name, record, persona, expected)
        for url_name, record in RECORD_URLS
        for persona, expected in RECORD.items()
    ),
    *(
        (url_name, None, persona, expected)
        for url_name in GENERAL_URLS
        for persona, expected in GENERAL.items()
    ),
]


@pytest.mark.parametrize(("url_name", "record", "persona", "expected"), CASES)
def test_permission_matrix(url_name, record, persona, expected, records, personas, client_for):
    args = [records[record].public_id] if record else []

    response = client_for(personas[persona]).get(reverse(url_name, args=args))

    assert response.status_code == expected
    if persona == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


def test_milestone_delete_is_post_only_and_scoped(records, personas, client_for):
    url = reverse("cases:milestone-delete", args=[records["milestone"].public_id])
    assert client_for(personas["manager_b"]).post(url).status_code == 404
    assert client_for(personas["peer_a"]).post(url).status_code == 403
    assert client_for(personas["manager_a"]).get(url).status_code == 405
    assert client_for(personas["manager_a"]).post(url).status_code == 302


def test_other_organisations_manager_never_sees_a_in_the_list(initiative_a, manager_b, client_for):
    response = client_for(manager_b).get(reverse("cases:initiative-list"))
    assert initiative_a.name not in response.content.decode()


def test_a_bad_uuid_is_not_found(manager_a, client_for):
    response = client_for(manager_a).get("/cases/initiatives/not-a-uuid/")
    assert response.status_code == 404


def test_peer_worker_can_not_edit_the_initiative(initiative_a, peer_a, client_for):
    url = reverse("cases:initiative-update", args=[initiative_a.public_id])
    response = client_for(peer_a).post(url, {"name": "Hijacked"})
    assert response.status_code == 403
    initiative_a.refresh_from_db()
    assert initiative_a.name != "Hijacked"
