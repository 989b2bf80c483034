"""Identified access: administrators grant (with a reason) and revoke; researchers then see
or stop seeing the real names of exactly those initiatives."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comparison.models import IdentifiedAccessGrant
from comparison.services import (
    identified_access_grant,
    identified_access_revoke,
    profiles_rebuild,
)
from tests.factories import InitiativeFactory, OrganisationFactory, UserFactory


@pytest.fixture
def other_initiative(db, initiative_a):
    organisation = OrganisationFactory(name="Quarry Lane Charity", sector="voluntary")
    initiative = InitiativeFactory(
        name="Quarry Lane befrienders", research_code="P-02", partners=[(organisation, "lead")]
    )
    profiles_rebuild(force=True)
    return initiative


def _grant(client, researcher, initiative, reason="Ethics approval REC 24/LO/0001 for site visits"):
    return client.post(
        reverse("comparison:access-list"),
        {"researcher": researcher.public_id, "initiative": initiative.public_id, "reason": reason},
    )


def _export(client) -> str:
    return client.get(reverse("comparison:export") + "?format=csv&view=initiative").content.decode()


def _names_seen(client) -> str:
    page = client.get(reverse("comparison:comparison") + "?view=initiative").content.decode()
    table = client.get(reverse("comparison:case-table")).content.decode()
    return page + table + _export(client)


def test_researcher_sees_names_only_of_granted_initiatives_until_revoked(
    researcher, administrator, initiative_a, other_initiative, client_for
):
    admin_client, researcher_client = client_for(administrator), client_for(researcher)
    assert "Alderbank" not in _names_seen(researcher_client)

    response = _grant(admin_client, researcher, initiative_a)
    assert response.status_code == 302
    grant = IdentifiedAccessGrant.objects.get()
    assert grant.granted_by == administrator
    assert grant.reason == "Ethics approval REC 24/LO/0001 for site visits"
    assert grant.revoked is None

    seen = _names_seen(researcher_client)
    assert "Alderbank ward peers" in seen and "Alderbank NHS Trust" in seen
    assert "Quarry Lane" not in seen
    rows = list(csv.DictReader(io.StringIO(_export(researcher_client))))
    assert {r["identified_name"] for r in rows if r["column"] == "P-01"} == {
        "Alderbank ward peers (Alderbank NHS Trust)"
    }
    assert {r["identified_name"] for r in rows if r["column"] == "P-02"} == {""}

    response = admin_client.post(
        reverse("comparison:access-revoke", args=[researcher.public_id, initiative_a.public_id])
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked is not None and grant.revoked_by == administrator
    assert "Alderbank" not in _names_seen(researcher_client)
    rows = list(csv.DictReader(io.StringIO(_export(researcher_client))))
    assert {r["identified_name"] for r in rows} == {""}


def test_access_screen_lists_active_and_revoked_grants(
    researcher, administrator, initiative_a, client_for
):
    grant = identified_access_grant(
        researcher=researcher,
        initiative=initiative_a,
        reason="Site visit under REC approval",
        granted_by=administrator,
    )
    html = client_for(administrator).get(reverse("comparison:access-list")).content.decode()
    assert "Site visit under REC approval" in html and "Revoke" in html
    identified_access_revoke(grant=grant, revoked_by=administrator)
    html = client_for(administrator).get(reverse("comparison:access-list")).content.decode()
    assert "No researcher has identified access." in html
    assert "Site visit under REC approval" in html  # kept in the history


def test_grant_needs_a_reason_and_keeps_the_input(
    researcher, administrator, initiative_a, client_for
):
    response = _grant(client_for(administrator), researcher, initiative_a, reason="  ")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not IdentifiedAccessGrant.objects.exists()
    response = _grant(client_for(administrator), researcher, initiative_a, reason="short")
    assert "at least 10 characters" in response.content.decode()
    assert "short</textarea>" in response.content.decode()


def test_grant_is_refused_for_non_researchers(manager_a, administrator, initiative_a, client_for):
    response = _grant(client_for(administrator), manager_a, initiative_a)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError):
        identified_access_grant(
            researcher=manager_a,
            initiative=initiative_a,
            reason="No good reason here",
            granted_by=administrator,
        )
    assert not IdentifiedAccessGrant.objects.exists()


def test_a_second_active_grant_is_refused(researcher, administrator, initiative_a, client_for):
    _grant(client_for(administrator), researcher, initiative_a)
    response = _grant(client_for(administrator), researcher, initiative_a)
    assert response.status_code == 200
    assert "already has identified access" in response.content.decode()
    assert IdentifiedAccessGrant.objects.count() == 1


def test_only_administrators_grant_or_revoke(researcher, initiative_a, administrator):
    other = UserFactory(platform_role="researcher")
    with pytest.raises(ValidationError):
        identified_access_grant(
            researcher=researcher,
            initiative=initiative_a,
            reason="I would like to know",
            granted_by=other,
        )
    grant = identified_access_grant(
        researcher=researcher,
        initiative=initiative_a,
        reason="Ethics approval on file",
        granted_by=administrator,
    )
    with pytest.raises(ValidationError):
        identified_access_revoke(grant=grant, revoked_by=other)
    identified_access_revoke(grant=grant, revoked_by=administrator)
    with pytest.raises(ValidationError):
        identified_access_revoke(grant=grant, revoked_by=administrator)


def test_revoking_a_grant_that_does_not_exist_is_not_found(
    researcher, administrator, initiative_a, client_for
):
    url = reverse("comparison:access-revoke", args=[researcher.public_id, initiative_a.public_id])
    assert client_for(administrator).post(url).status_code == 404


def test_administrators_see_pseudonymised_comparison(administrator, initiative_a, client_for):
    profiles_rebuild(force=True)
    html = (
        client_for(administrator)
        .get(reverse("comparison:comparison") + "?view=initiative")
        .content.decode()
    )
    assert "P-01" in html and "Alderbank" not in html
