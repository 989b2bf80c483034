"""The compliance matrix and the dashboard take a fixed number of queries, however many
peer workers, programmes and initiatives there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import PartnerPart
from tests.factories import InitiativeFactory, PeerWorkerFactory, PeerWorkerRoleFactory, TeamFactory
from tests.training.factories import (
    ColleagueFactory,
    EnrolmentFactory,
    FeedbackFactory,
    RequiredTrainingFactory,
    SessionFactory,
    TrainingProgrammeFactory,
    complete,
)
from training.models import Attendance


def grow(org_a, initiative_a, role_a, programme_a, *, peer_workers: int) -> None:
    """More of everything the pages show."""
    mandatory = TrainingProgrammeFactory(
        organisation=org_a,
        category="generic_mandatory",
        has_certificate=True,
        certificate_valid_months=12,
    )
    RequiredTrainingFactory(role=role_a, programme=mandatory, renewal_months=6)
    second_role = PeerWorkerRoleFactory(initiative=initiative_a, employer=org_a)
    RequiredTrainingFactory(role=second_role, programme=programme_a, renewal_months=None)
    team = TeamFactory(organisation=org_a)
    role_a.host_team = team
    role_a.save()
    for number in range(peer_workers):
        peer_worker = PeerWorkerFactory(role=role_a if number % 2 else second_role)
        complete(peer_worker, programme_a, dt.date(2025, 1, 1) + dt.timedelta(days=number))
        complete(peer_worker, mandatory, dt.date(2025, 6, 1), expires=dt.date(2026, 1, 1))
        FeedbackFactory(programme=programme_a)
    other = InitiativeFactory(partners=[(org_a, PartnerPart.LEAD)])
    other_role = PeerWorkerRoleFactory(initiative=other, employer=org_a, host_team=team)
    RequiredTrainingFactory(role=other_role, programme=mandatory, renewal_months=24)
    PeerWorkerFactory(role=other_role)
    team_programme = TrainingProgrammeFactory(organisation=org_a, audience="team_colleagues")
    session = SessionFactory(programme=team_programme, starts_on=dt.date(2024, 1, 1))
    for _number in range(3):
        EnrolmentFactory(
            session=session,
            colleague=ColleagueFactory(team=team),
            attendance=Attendance.ATTENDED,
            completed_on=dt.date(2024, 1, 1),
        )


@pytest.fixture
def small(initiative_a, requirement_a, peer_worker_a, programme_a):
    complete(peer_worker_a, programme_a, dt.date(2025, 1, 1), expires=dt.date(2026, 1, 1))


# Compliance matrix, 7 queries:
#   1-2. session, user  3. initiative  4. its partner organisations  5. the user's memberships
#   6. the initiative's required training with roles and programmes (filter options, intervals)
#   7. the cells: current peer workers × required programmes with their latest completion
MATRIX_QUERIES = 7


def test_compliance_matrix_query_count_does_not_grow(
    small,
    org_a,
    initiative_a,
    role_a,
    programme_a,
    manager_a,
    client_for,
    django_assert_num_queries,
):
    client = client_for(manager_a)
    url = reverse("training:compliance-matrix", args=[initiative_a.public_id])
    with django_assert_num_queries(MATRIX_QUERIES):
        before = client.get(url)
    grow(org_a, initiative_a, role_a, programme_a, peer_workers=12)
    with django_assert_num_queries(MATRIX_QUERIES):
        after = client.get(url)
    assert before.content.decode().count('data-status="') == 1
    # peer_worker_a now needs two programmes; six more in role_a need two, six in the
    # second role need one.
    assert after.content.decode().count('data-status="') == 2 + 6 * 2 + 6 * 1


def test_filtered_matrix_and_csv_have_a_fixed_count_too(
    small,
    org_a,
    initiative_a,
    role_a,
    programme_a,
    manager_a,
    client_for,
    django_assert_num_queries,
):
    grow(org_a, initiative_a, role_a, programme_a, peer_workers=6)
    client = client_for(manager_a)
    query = {"role": str(role_a.public_id), "status": "compliant"}
    # The matrix's 7, plus validating the chosen role against the initiative's roles.
    with django_assert_num_queries(MATRIX_QUERIES + 1):
        client.get(reverse("training:compliance-matrix", args=[initiative_a.public_id]), query)
    with django_assert_num_queries(MATRIX_QUERIES + 1):
        client.get(reverse("training:compliance-csv", args=[initiative_a.public_id]), query)


# Dashboard, 13 queries:
#   1-2. session, user  3. organisation  4. the user's memberships
#   5. programmes with enrolment, completion and feedback figures
#   6. the organisation's initiatives
#   7-8. compliance by initiative (renewal intervals; counts by status)
#   9-10. peer-specific hours by initiative (peer workers; hours)
#   11. team preparation by initiative
#   12. hours per current peer worker
#   13. expired and expiring certificates
DASHBOARD_QUERIES = 13


def test_dashboard_query_count_does_not_grow(
    small,
    org_a,
    initiative_a,
    role_a,
    programme_a,
    manager_a,
    client_for,
    django_assert_num_queries,
):
    client = client_for(manager_a)
    url = reverse("training:dashboard", args=[org_a.public_id])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(url)
    grow(org_a, initiative_a, role_a, programme_a, peer_workers=12)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
