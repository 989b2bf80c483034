"""List pages run a fixed number of queries, whatever the amount of data."""

import pytest
from django.urls import reverse

from cases.models import PartnerPart
from tests.factories import (
    ImplementationMilestoneFactory,
    InitiativeFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def build(organisation, count):
    for _ in range(count):
        initiative = InitiativeFactory(partners=[(organisation, PartnerPart.LEAD)])
        role = PeerWorkerRoleFactory(initiative=initiative, employer=organisation)
        PeerWorkerFactory(role=role)
        ImplementationMilestoneFactory(initiative=initiative)
        TeamFactory(organisation=organisation)


# Initiative list: session, user, the user's memberships, initiatives with their counts,
# and the prefetched service settings; then the nav's membership check is cached.
INITIATIVE_LIST_QUERIES = 5


@pytest.mark.parametrize("count", [10, 100])
def test_initiative_list_query_count_does_not_grow(
    count, manager_a, org_a, client_for, django_assert_num_queries
):
    build(org_a, count)
    client = client_for(manager_a)
    with django_assert_num_queries(INITIATIVE_LIST_QUERIES):
        response = client.get(reverse("cases:initiative-list"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == count + 1


# Team list: session, user, memberships, the first managed organisation, teams with their
# counts, and the managed organisations for the switcher.
TEAM_LIST_QUERIES = 6


@pytest.mark.parametrize("count", [10, 100])
def test_team_list_query_count_does_not_grow(
    count, manager_a, org_a, client_for, django_assert_num_queries
):
    build(org_a, count)
    client = client_for(manager_a)
    with django_assert_num_queries(TEAM_LIST_QUERIES):
        response = client.get(reverse("cases:team-list"))
    assert response.status_code == 200


# Initiative page: session, user, initiative, partner ids, memberships, partners, roles with
# counts, role functions, role peer workers, milestones, settings.
DETAIL_QUERIES = 11


@pytest.mark.parametrize("count", [2, 30])
def test_initiative_page_query_count_does_not_grow(
    count, manager_a, org_a, initiative_a, client_for, django_assert_num_queries
):
    for _ in range(count):
        role = PeerWorkerRoleFactory(initiative=initiative_a, employer=org_a)
        PeerWorkerFactory(role=role)
        ImplementationMilestoneFactory(initiative=initiative_a)
    client = client_for(manager_a)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("cases:initiative-detail", args=[initiative_a.public_id]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_milestone_timeline_query_count_does_not_grow(
    count, manager_a, initiative_a, client_for, django_assert_num_queries
):
    for _ in range(count):
        ImplementationMilestoneFactory(initiative=initiative_a)
    client = client_for(manager_a)
    # session, user, initiative, partner ids, memberships, milestones with their types
    with django_assert_num_queries(6):
        response = client.get(reverse("cases:milestone-list", args=[initiative_a.public_id]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 30])
def test_role_page_query_count_does_not_grow(
    count, manager_a, role_a, client_for, django_assert_num_queries
):
    for _ in range(count):
        PeerWorkerFactory(role=role_a)
    client = client_for(manager_a)
    # session, user, role with initiative/employer/host team, partner ids, memberships,
    # the role's peer workers with their accounts, the role's functions, its terms history
    with django_assert_num_queries(8):
        response = client.get(reverse("cases:role-detail", args=[role_a.public_id]))
    assert response.status_code == 200
    assert response.content.decode().count("/cases/peer-workers/") == count
