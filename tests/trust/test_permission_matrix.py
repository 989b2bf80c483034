"""Every URL of the trust capability × every persona → expected status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.trust.helpers import client_as

# GET pages. 302 for anonymous is the login redirect; recovery codes redirect to the security
# page when there are none to show.
MATRIX = {
    "accounts:security": {
        "anonymous": 302,
        "manager_a": 200,
        "supervisor_a": 200,
        "peer_a": 200,
        "manager_b": 200,
        "researcher": 200,
        "administrator": 200,
    },
    "accounts:two-factor-setup": {
        "anonymous": 302,
        "manager_a": 200,
        "supervisor_a": 200,
        "peer_a": 200,
        "manager_b": 200,
        "researcher": 200,
        "administrator": 200,
    },
    "accounts:two-factor-verify": {
        "anonymous": 302,
        "manager_a": 200,
        "supervisor_a": 200,
        "peer_a": 200,
        "manager_b": 200,
        "researcher": 302,
        "administrator": 302,
    },
    "accounts:two-factor-recovery-codes": {
        "anonymous": 302,
        "manager_a": 302,
        "supervisor_a": 302,
        "peer_a": 302,
        "manager_b": 302,
        "researcher": 302,
        "administrator": 302,
    },
    "accounts:sign-out-everywhere": {
        "anonymous": 302,
        "manager_a": 405,
        "supervisor_a": 405,
        "peer_a": 405,
        "manager_b": 405,
        "researcher": 405,
        "administrator": 405,
    },
    "accounts:two-factor-disable": {
        "anonymous": 302,
        "manager_a": 405,
        "supervisor_a": 405,
        "peer_a": 405,
        "manager_b": 405,
        "researcher": 405,
        "administrator": 405,
    },
    "audit:log": {
        "anonymous": 302,
        "manager_a": 403,
        "supervisor_a": 403,
        "peer_a": 403,
        "manager_b": 403,
        "researcher": 403,
        "administrator": 200,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "persona", "expected"),
    [
        (url_name, persona, expected)
        for url_name in sorted(MATRIX)
        for persona, expected in MATRIX[url_name].items()
    ],
)
def test_permission_matrix(personas, url_name, persona, expected):
    response = client_as(personas[persona]).get(reverse(url_name))

    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
