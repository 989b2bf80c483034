"""Pinned query counts: the supervisor page and the worker's list do not grow with data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import MembershipRole
from supervision.models import SessionStatus
from tests.factories import MembershipFactory, PeerWorkerFactory, UserFactory
from tests.supervision.factories import ActionFactory, ArrangementFactory, SessionFactory


def _add_sessions(arrangement, author, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        session = SessionFactory(
            arrangement=arrangement,
            author=author,
            held_on=dt.date(2025, 1, 1) + dt.timedelta(days=number),
            status=[SessionStatus.SIGNED, SessionStatus.SUBMITTED, SessionStatus.DRAFT][number % 3],
        )
        ActionFactory(session=session)


def _add_supervisee(supervisor, org, role, index: int) -> None:
    worker_user = UserFactory(email=f"worker{index}@example.org")
    MembershipFactory(user=worker_user, organisation=org, role=MembershipRole.PEER_WORKER)
    worker = PeerWorkerFactory(role=role, user=worker_user)
    arrangement = ArrangementFactory(
        peer_worker=worker, supervisor=supervisor, supervisor_organisation=org
    )
    _add_sessions(arrangement, worker_user, 3)


# session-list: 1 session + 1 user (auth), 1 memberships (role check), 1 how many records, 1 the
# page of records with annotated action counts, then the page's navigation: nothing more (roles
# are cached).
WORKER_LIST_QUERIES = 5


@pytest.mark.parametrize("count", [1, 12, 40])
def test_worker_list_query_count_does_not_grow(
    count, arrangement_a, peer_a, client_for, django_assert_num_queries
):
    _add_sessions(arrangement_a, peer_a, count)
    client = client_for(peer_a)
    with django_assert_num_queries(WORKER_LIST_QUERIES):
        response = client.get(reverse("supervision:session-list"))
    assert response.status_code == 200
    assert response.content.decode().count("/supervision/sessions/") == min(count, 25)


def test_worker_list_pages_newest_first_with_older_and_newer_links(
    arrangement_a, peer_a, client_for
):
    _add_sessions(arrangement_a, peer_a, 30)
    client = client_for(peer_a)
    first = client.get(reverse("supervision:session-list")).content.decode()
    assert first.count("/supervision/sessions/") == 25
    assert "30 records" in first and "Page 1 of 2" in first
    assert "?page=2" in first and "Newer" not in first
    assert "30 Jan 2025" in first  # the newest record is on the first page
    second = client.get(reverse("supervision:session-list"), {"page": 2}).content.decode()
    assert second.count("/supervision/sessions/") == 5
    assert "1 Jan 2025" in second and "Newer" in second
    # A page number past the end or not a number shows the nearest page, never an error.
    assert client.get(reverse("supervision:session-list"), {"page": 99}).status_code == 200
    assert client.get(reverse("supervision:session-list"), {"page": "x"}).status_code == 200


# supervisor-dashboard: session, user, memberships, supervisees (annotated with last session
# and last signed dates), records awaiting signature.
SUPERVISOR_PAGE_QUERIES = 5


@pytest.mark.parametrize("supervisees", [1, 6])
def test_supervisor_page_query_count_does_not_grow(
    supervisees,
    arrangement_a,
    peer_a,
    supervisor_a,
    org_a,
    role_a,
    client_for,
    django_assert_num_queries,
):
    _add_sessions(arrangement_a, peer_a, 4)
    for index in range(supervisees - 1):
        _add_supervisee(supervisor_a, org_a, role_a, index)
    client = client_for(supervisor_a)
    with django_assert_num_queries(SUPERVISOR_PAGE_QUERIES):
        response = client.get(reverse("supervision:supervisor-dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("?arrangement=") == supervisees


# oversight: session, user, memberships, arrangements with session dates and counts.
OVERSIGHT_QUERIES = 4


@pytest.mark.parametrize("supervisees", [1, 5])
def test_oversight_query_count_does_not_grow(
    supervisees,
    arrangement_a,
    peer_a,
    supervisor_a,
    org_a,
    role_a,
    manager_a,
    client_for,
    django_assert_num_queries,
):
    for index in range(supervisees - 1):
        _add_supervisee(supervisor_a, org_a, role_a, index)
    client = client_for(manager_a)
    with django_assert_num_queries(OVERSIGHT_QUERIES):
        response = client.get(reverse("supervision:oversight"))
    assert response.status_code == 200
