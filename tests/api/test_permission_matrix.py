"""Every API endpoint × persona × method → the expected status (as the pages' matrix).

Outsiders get 404 on A's records, roles that may not act 403, anonymous callers 401.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from api.urls import urlpatterns
from tests.factories import ImplementationMilestoneFactory
from tests.fidelity.factories import InterviewFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "manager_a",
    "supervisor_a",
    "peer_a",
    "manager_b",
    "researcher",
    "administrator",
    "anonymous",
]


def row(*statuses):
    return dict(zip(PERSONAS, statuses, strict=True))


MANAGER_LIST = row(200, 403, 403, 200, 403, 200, 401)
MANAGER_RECORD = row(200, 403, 403, 404, 403, 200, 401)
RESEARCH = row(403, 403, 403, 403, 200, 200, 401)
# Fidelity ratings: researchers only (administrators neither rate nor read ratings).
FIDELITY = row(403, 403, 403, 403, 200, 403, 401)
ANY_USER = row(200, 200, 200, 200, 200, 200, 401)

GET_MATRIX = [
    ("api:root", None, ANY_USER),
    ("api:initiative-list", None, MANAGER_LIST),
    ("api:initiative-detail", "initiative", MANAGER_RECORD),
    ("api:role-list", None, MANAGER_LIST),
    ("api:role-detail", "role", MANAGER_RECORD),
    ("api:peer-worker-list", None, MANAGER_LIST),
    ("api:peer-worker-detail", "peer_worker", MANAGER_RECORD),
    ("api:training-record-list", None, MANAGER_LIST),
    ("api:milestone-list", None, MANAGER_LIST),
    ("api:milestone-detail", "milestone", MANAGER_RECORD),
    ("api:research-comparison", None, RESEARCH),
    ("api:research-case-table", None, RESEARCH),
    ("api:research-excerpts", None, RESEARCH),
    ("api:research-fidelity-waves", None, FIDELITY),
    ("api:research-fidelity-ratings", "?wave", FIDELITY),
    ("api:research-fidelity-scores", "?wave", FIDELITY),
    ("api:research-fidelity-dictionary", "?wave", FIDELITY),
    ("api:supervision-records", None, ANY_USER),
]
# Writes: the body is valid for manager A, so A (and the administrator) succeed.
WRITE_MATRIX = [
    ("post", "api:milestone-list", None, row(201, 403, 403, 400, 403, 201, 401)),
    ("patch", "api:milestone-detail", "milestone", row(200, 403, 403, 404, 403, 200, 401)),
    ("patch", "api:peer-worker-detail", "peer_worker", row(200, 403, 403, 404, 403, 200, 401)),
    ("patch", "api:initiative-detail", "initiative", row(200, 403, 403, 404, 403, 200, 401)),
    ("post", "api:research-comparison", None, row(403, 403, 403, 403, 405, 405, 401)),
    ("post", "api:research-fidelity-ratings", "?wave", row(403, 403, 403, 403, 405, 403, 401)),
    # DELETE is allowed to nobody: 405 once the caller may use the endpoint at all.
    ("delete", "api:initiative-detail", "initiative", row(405, 403, 403, 405, 403, 405, 401)),
]


@pytest.fixture
def records(initiative_a, role_a, peer_worker_a):
    return {
        "initiative": initiative_a,
        "role": role_a,
        "peer_worker": peer_worker_a,
        "milestone": ImplementationMilestoneFactory(initiative=initiative_a),
        "wave": InterviewFactory(initiative=initiative_a).wave,
    }


def _url(name, target, records):
    """``target`` names the record in the path, or (``?name``) in the query."""
    if target and target.startswith("?"):
        key = target[1:]
        return f"{reverse(name)}?{key}={records[key].public_id}"
    return reverse(name, args=[records[target].public_id]) if target else reverse(name)


def _body(name, records):
    if name == "api:milestone-list":
        return {
            "initiative": str(records["initiative"].public_id),
            "custom_title": "Peer network set up",
            "phase": "ongoing_development",
            "planned": "2025-06-01",
        }
    if name == "api:milestone-detail":
        return {"note": "Agreed at the steering group"}
    if name == "api:peer-worker-detail":
        return {"ended": dt.date.today().isoformat(), "leaving_reason": "other_job"}
    if name == "api:initiative-detail":
        return {"description": "Changed through the API"}
    return {}


@pytest.mark.parametrize(("name", "target", "expected"), GET_MATRIX, ids=[c[0] for c in GET_MATRIX])
def test_get(name, target, expected, records, personas, api_for):
    url = _url(name, target, records)
    got = {persona: api_for(personas[persona]).get(url).status_code for persona in PERSONAS}
    assert got == expected


@pytest.mark.parametrize(
    ("method", "name", "target", "expected"),
    WRITE_MATRIX,
    ids=[f"{c[0]} {c[1]}" for c in WRITE_MATRIX],
)
def test_write(method, name, target, expected, records, personas, api_for):
    url = _url(name, target, records)
    got = {}
    for persona in PERSONAS:
        response = getattr(api_for(personas[persona]), method)(
            url, _body(name, records), format="json"
        )
        got[persona] = response.status_code
    assert got == expected


def test_every_api_url_is_in_the_matrix():
    covered = {name.split(":")[1] for name, _target, _expected in GET_MATRIX}
    pages = {"schema", "docs", "token-list", "token-revoke"}
    assert {pattern.name for pattern in urlpatterns} == covered | pages
