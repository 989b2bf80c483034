"""The comparison's query count is fixed: the same at 10 and at 100 initiatives."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import Initiative, InitiativePartner, MembershipRole, PartnerPart
from comparison.models import IdentifiedAccessGrant
from comparison.synthetic import build_landscape
from tests.factories import MembershipFactory

SIZES = [10, 100]

# Researcher, comparison page (29):
#   session, user, identified-access grants, initiatives (+ lead region), their settings,
#   initiatives per context (6);
#   per level — initiative, then context — one grouped query per source: campaigns, roles,
#   current workers, arrangements, workers (5 × 2); the training compliance selector, which
#   works per initiative: the initiatives' ids (× 2), its renewal intervals and its counts
#   (once: both levels cover the same initiatives);
#   the median values of hours per week, days to fill, training hours (3 × 2);
#   the user's memberships (navigation); the filter form's settings and role functions (3).
RESEARCHER_PAGE = 29
# Exports and plots: the same without the navigation and the form (three fewer).
RESEARCHER_DOWNLOAD = 26
# Service manager: no grants query; the memberships are read first (to choose the view)
# and cached on the user; the compliance selector is asked twice (own initiatives, others).
MANAGER_PAGE = 30
# With an identified-access grant: plus the granted initiatives' partner names.
IDENTIFIED_PAGE = RESEARCHER_PAGE + 1


@pytest.mark.parametrize("size", SIZES)
def test_researcher_pages_query_count_does_not_grow(
    size, researcher, client_for, django_assert_num_queries
):
    build_landscape(size)
    client = client_for(researcher)
    for view in ("context", "initiative"):
        with django_assert_num_queries(RESEARCHER_PAGE):
            response = client.get(reverse("comparison:comparison") + f"?view={view}")
        assert response.content.decode().count("P-1") >= (size if view == "initiative" else 0)
    with django_assert_num_queries(RESEARCHER_PAGE + 1):  # + the setting looked up by slug
        client.get(reverse("comparison:comparison") + "?view=initiative&setting=inpatient")
    for url in (
        reverse("comparison:export") + "?format=csv",
        reverse("comparison:export") + "?format=xlsx",
        reverse("comparison:plot-download") + "?dimension=hours_per_week&format=svg",
    ):
        with django_assert_num_queries(RESEARCHER_DOWNLOAD):
            assert client.get(url).status_code == 200
    with django_assert_num_queries(RESEARCHER_DOWNLOAD + 1):  # + the navigation's memberships
        assert (
            client.get(reverse("comparison:plot") + "?dimension=leaving_reasons").status_code == 200
        )


@pytest.mark.parametrize("size", SIZES)
def test_identified_researcher_query_count_does_not_grow(
    size, researcher, administrator, client_for, django_assert_num_queries
):
    build_landscape(size)
    for initiative in Initiative.objects.all()[:3]:
        IdentifiedAccessGrant.objects.create(
            researcher=researcher,
            initiative=initiative,
            reason="Ethics approval",
            granted_by=administrator,
        )
    client = client_for(researcher)
    with django_assert_num_queries(IDENTIFIED_PAGE):
        response = client.get(reverse("comparison:comparison") + "?view=initiative")
    assert response.content.decode().count("identified</span>") == 3


@pytest.mark.parametrize("size", SIZES)
def test_manager_page_query_count_does_not_grow(
    size, manager_a, org_a, client_for, django_assert_num_queries
):
    build_landscape(size)
    # The manager's organisation leads a tenth of the initiatives.
    for initiative in Initiative.objects.all()[: size // 10]:
        InitiativePartner.objects.create(
            initiative=initiative, organisation=org_a, part=PartnerPart.HOST
        )
    client = client_for(manager_a)
    with django_assert_num_queries(MANAGER_PAGE):
        response = client.get(reverse("comparison:comparison"))
    assert response.content.decode().count("Synthetic initiative") == size // 10


def test_manager_without_initiatives_gets_pooled_figures_in_the_same_queries(
    db, client_for, org_a, django_assert_num_queries
):
    manager = MembershipFactory(organisation=org_a, role=MembershipRole.SERVICE_MANAGER).user
    build_landscape(10)
    client = client_for(manager)
    # No own initiatives: the compliance selector is not asked about an empty list (−2).
    with django_assert_num_queries(MANAGER_PAGE - 2):
        response = client.get(reverse("comparison:comparison"))
    assert "Other statutory initiatives" in response.content.decode()
