"""Every comparison URL × every persona → the expected status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comparison.models import IdentifiedAccessGrant


@pytest.fixture
def grant(researcher, administrator, initiative_a):
    return IdentifiedAccessGrant.objects.create(
        researcher=researcher,
        initiative=initiative_a,
        reason="Ethics approval REC 24/LO/0001",
        granted_by=administrator,
    )


def _urls(grant):
    revoke = reverse(
        "comparison:access-revoke",
        args=[grant.researcher.public_id, grant.initiative.public_id],
    )
    return {
        "comparison": ("get", reverse("comparison:comparison")),
        "comparison-by-initiative": ("get", reverse("comparison:comparison") + "?view=initiative"),
        "export-csv": ("get", reverse("comparison:export") + "?format=csv"),
        "export-xlsx": ("get", reverse("comparison:export") + "?format=xlsx"),
        "plot": ("get", reverse("comparison:plot") + "?dimension=retention_6m"),
        "plot-svg": (
            "get",
            reverse("comparison:plot-download") + "?dimension=employment&format=svg",
        ),
        "plot-png": (
            "get",
            reverse("comparison:plot-download") + "?dimension=employment&format=png",
        ),
        "access": ("get", reverse("comparison:access-list")),
        "access-revoke": ("post", revoke),
    }


ANALYSTS = {
    "researcher": 200,
    "administrator": 200,
    "manager_a": 200,
    "manager_b": 200,
    "supervisor_a": 403,
    "peer_a": 403,
    "anonymous": 302,
}
ADMIN_ONLY = {
    "researcher": 403,
    "administrator": 200,
    "manager_a": 403,
    "manager_b": 403,
    "supervisor_a": 403,
    "peer_a": 403,
    "anonymous": 302,
}
EXPECTED = {
    "comparison": ANALYSTS,
    "comparison-by-initiative": ANALYSTS,
    "export-csv": ANALYSTS,
    "export-xlsx": ANALYSTS,
    "plot": ANALYSTS,
    "plot-svg": ANALYSTS,
    "plot-png": ANALYSTS,
    "access": ADMIN_ONLY,
    "access-revoke": {**ADMIN_ONLY, "administrator": 302},
}


@pytest.mark.parametrize("url_name", list(EXPECTED))
@pytest.mark.parametrize("persona", list(ANALYSTS))
def test_permission_matrix(url_name, persona, personas, grant, client_for):
    method, url = _urls(grant)[url_name]
    response = getattr(client_for(personas[persona]), method)(url)
    assert response.status_code == EXPECTED[url_name][persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if url_name == "access-revoke":
        grant.refresh_from_db()
        assert (grant.revoked is not None) == (persona == "administrator")


def test_unknown_dimension_or_format_is_not_found(researcher, client_for):
    client = client_for(researcher)
    assert client.get(reverse("comparison:plot") + "?dimension=nope").status_code == 404
    assert client.get(reverse("comparison:export") + "?format=pdf").status_code == 404
    assert client.get(reverse("comparison:export") + "?format=csv&table=x").status_code == 404
    assert (
        client.get(
            reverse("comparison:plot-download") + "?dimension=employment&format=gif"
        ).status_code
        == 404
    )


def test_revoke_only_accepts_post(administrator, grant, client_for):
    url = _urls(grant)["access-revoke"][1]
    assert client_for(administrator).get(url).status_code == 405
