"""Managers add organisations from the partner picker; administrators merge duplicates."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import selectors, services
from cases.models import (
    InitiativePartner,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OrganisationMerge,
    PartnerPart,
    Region,
    Sector,
)
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    PeerWorkerRoleFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Alderbank NHS Foundation Trust", "alderbank nhs ft"),
        ("Alderbank NHS Foundation Trust", "Alderbank N.H.S. F.T."),
        ("Mind in Brighton & Hove", "Mind in Brighton and Hove"),
        ("The Beacon Voices Charity Ltd", "Beacon Voices Charity"),
        ("Café Peers", "cafe peers"),
    ],
)
def test_names_that_differ_only_in_form_have_one_key(first, second):
    assert selectors.organisation_name_key(first) == selectors.organisation_name_key(second)


def test_different_organisations_keep_different_keys():
    assert selectors.organisation_name_key("Leeds Mind") != selectors.organisation_name_key(
        "Leeds and York Partnership NHS FT"
    )


def _create(name, **extra):
    values = {
        "sector": Sector.VOLUNTARY,
        "kind": OrganisationKind.CHARITY,
        "region": Region.LONDON,
    }
    return services.organisation_create(name=name, **{**values, **extra})


def test_same_name_in_another_form_is_refused_naming_the_existing_one():
    OrganisationFactory(name="Alderbank NHS Foundation Trust")
    with pytest.raises(ValidationError) as caught:
        _create("ALDERBANK NHS FT", sector=Sector.STATUTORY, kind=OrganisationKind.NHS_TRUST)
    assert "Alderbank NHS Foundation Trust" in str(caught.value)
    assert Organisation.objects.count() == 1


def test_similar_name_needs_confirming():
    OrganisationFactory(name="Beacon Voices Charity")
    with pytest.raises(ValidationError) as caught:
        _create("Beacon Voice Charity")
    assert "Beacon Voices Charity" in str(caught.value)
    created = _create("Beacon Voice Charity", is_distinct=True)
    assert created.pk and Organisation.objects.count() == 2


def test_manager_adds_an_organisation_and_sees_likely_match(manager_a, client_for):
    OrganisationFactory(name="Harbour Peer Network CIC")
    client = client_for(manager_a)
    url = reverse("cases:organisation-create")
    values = {
        "organisation-name": "Harbour Peer Network",
        "organisation-sector": "voluntary",
        "organisation-kind": "charity",
        "organisation-region": "london",
    }
    response = client.post(url, values, HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps the fragment with its errors
    assert "Harbour Peer Network CIC" in response.content.decode()
    assert not Organisation.objects.filter(name="Harbour Peer Network").exists()

    response = client.post(url, {**values, "organisation-name": "Seaside Recovery College"})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Seaside Recovery College", sector="voluntary").exists()
    assert LogEntry.objects.get_for_object(
        Organisation.objects.get(name="Seaside Recovery College")
    ).exists()


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("-3543", "-3543"),  # a bare word is a relative URL, not a view name to reverse
        ("/cases/initiatives/new/?step=2", "/cases/initiatives/new/?step=2"),
        ("https://evil.example/", "/cases/initiatives/new/"),
    ],
)
def test_after_adding_an_organisation_next_is_followed_as_a_url(
    manager_a, client_for, next_url, location
):
    response = client_for(manager_a).post(
        reverse("cases:organisation-create"),
        {
            "organisation-name": "Seaside Recovery College",
            "organisation-sector": "voluntary",
            "organisation-kind": "charity",
            "organisation-region": "london",
            "next": next_url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == location


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("manager_a", 200),
        ("manager_b", 200),
        ("administrator", 200),
        ("supervisor_a", 403),
        ("peer_a", 403),
        ("researcher", 403),
        ("anonymous", 302),
    ],
)
def test_only_managers_add_organisations_and_use_the_picker(
    persona, expected, personas, client_for
):
    client = client_for(personas[persona])
    for name in ("cases:organisation-create", "cases:organisation-picker"):
        assert client.get(reverse(name)).status_code == expected, name


def test_picker_narrows_shows_sector_and_lists_relevant_first(
    manager_a, org_a, initiative_a, client_for, django_assert_num_queries
):
    partner = OrganisationFactory(name="Zebra Peer Charity", sector=Sector.VOLUNTARY)
    InitiativePartner.objects.create(
        initiative=initiative_a, organisation=partner, part=PartnerPart.HOST
    )
    OrganisationFactory(name="Aardvark Peer Trust", sector=Sector.STATUTORY)
    OrganisationFactory(name="Unrelated Housing", sector=Sector.VOLUNTARY)
    client = client_for(manager_a)
    response = client.get(reverse("cases:organisation-picker"), {"q": "peer"})
    html = response.content.decode()
    assert "Unrelated Housing" not in html
    # Partners of the manager's initiatives come before other organisations, whatever the name.
    assert html.index("Zebra Peer Charity") < html.index("Aardvark Peer Trust")
    assert "Zebra Peer Charity — Voluntary, " in html
    assert "Aardvark Peer Trust — Statutory" in html

    # session, user, the roles check, memberships, partners, relevant matches, the others
    with django_assert_num_queries(7):
        client.get(reverse("cases:organisation-picker"), {"q": "a"})


def test_initiative_form_lists_the_managers_organisations_first(manager_a, org_a, client_for):
    OrganisationFactory(name="Aaron Trust")
    html = client_for(manager_a).get(reverse("cases:initiative-create")).content.decode()
    assert html.index("Alderbank NHS Trust — Statutory") < html.index("Aaron Trust —")
    assert reverse("cases:organisation-picker") in html
    assert 'id="organisation-add"' in html


def test_merge_moves_every_reference_and_is_recorded(org_a, administrator, manager_a):
    duplicate = OrganisationFactory(name="Alderbank N.H.S. Trust", sector=Sector.STATUTORY)
    initiative = InitiativeFactory(partners=[(duplicate, PartnerPart.LEAD)])
    role = PeerWorkerRoleFactory(initiative=initiative, employer=duplicate)
    team = TeamFactory(organisation=duplicate, name="Crisis team")
    MembershipFactory(user=manager_a, organisation=duplicate, role=MembershipRole.SUPERVISOR)

    merge = services.organisation_merge(keep=org_a, remove=duplicate, merged_by=administrator)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    role.refresh_from_db()
    team.refresh_from_db()
    assert role.employer == org_a and team.organisation == org_a
    assert initiative.partners.get().organisation == org_a
    # The manager already belonged to A: the duplicate membership is dropped, not moved.
    assert Membership.objects.filter(user=manager_a).count() == 1
    assert merge.removed_name == "Alderbank N.H.S. Trust"
    assert merge.moved["cases.PeerWorkerRole"] == 1
    assert LogEntry.objects.get_for_object(role).filter(action=LogEntry.Action.UPDATE).exists()
    assert OrganisationMerge.objects.get().merged_by == administrator


def test_merge_refuses_clashing_names_and_changes_nothing(org_a):
    duplicate = OrganisationFactory(name="Alderbank Trust (old)")
    TeamFactory(organisation=org_a, name="Crisis team")
    clashing = TeamFactory(organisation=duplicate, name="Crisis team")
    with pytest.raises(ValidationError) as caught:
        services.organisation_merge(keep=org_a, remove=duplicate)
    assert "Crisis team" in str(caught.value)
    clashing.refresh_from_db()
    assert clashing.organisation == duplicate
    assert not OrganisationMerge.objects.exists()


def test_admin_merges_two_organisations(org_a, administrator, client_for):
    duplicate = OrganisationFactory(name="Alderbank NHS Trust (duplicate)")
    team = TeamFactory(organisation=duplicate)
    client = client_for(administrator)
    url = reverse("admin:cases_organisation_changelist")
    selection = {"action": "merge_organisations", "_selected_action": [org_a.pk, duplicate.pk]}
    page = client.post(url, selection)
    assert page.status_code == 200 and b"Which organisation is kept?" in page.content
    response = client.post(url, {**selection, "keep": str(org_a.public_id)})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.organisation == org_a
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
