"""Query counts of every list endpoint, pinned at 10 and at 100 records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import PartnerPart
from tests.factories import (
    ImplementationMilestoneFactory,
    InitiativeFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
)
from tests.training.factories import TrainingProgrammeFactory, complete

pytestmark = pytest.mark.django_db


def _initiatives(count, org, role):
    for _ in range(count):
        InitiativeFactory(partners=[(org, PartnerPart.LEAD)])


def _roles(count, org, role):
    for _ in range(count):
        PeerWorkerRoleFactory(initiative=role.initiative, employer=org)


def _peer_workers(count, org, role):
    for _ in range(count):
        PeerWorkerFactory(role=role)


def _training_records(count, org, role):
    programme = TrainingProgrammeFactory(organisation=org)
    for number in range(count):
        complete(
            PeerWorkerFactory(role=role), programme, dt.date(2025, 1, 1) + dt.timedelta(days=number)
        )


def _milestones(count, org, role):
    for _ in range(count):
        ImplementationMilestoneFactory(initiative=role.initiative)


# Queries: token lookup, token last-used update (first use), the user's memberships, then
# count + page (+ prefetches).
CASES = [
    ("api:initiative-list", _initiatives, 7),  # + settings and partners prefetched
    ("api:role-list", _roles, 5),
    ("api:peer-worker-list", _peer_workers, 5),
    ("api:training-record-list", _training_records, 5),
    ("api:milestone-list", _milestones, 5),
]


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[case[0] for case in CASES])
def test_list_queries_do_not_grow(name, build, expected, org_a, role_a, manager_a, api_for):
    counts = []
    built = 0
    for size in (10, 100):
        build(size - built, org_a, role_a)
        built = size
        client = api_for(manager_a)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name), {"page_size": 100})
        assert response.status_code == 200
        assert response.json()["count"] >= size
        counts.append(len(queries))
    assert counts == [expected, expected], counts


def test_supervision_records_queries_do_not_grow(
    peer_worker_a, peer_a, supervisor_a, org_a, api_for, settings
):
    from cryptography.fernet import Fernet

    from tests.supervision.factories import ArrangementFactory, SessionFactory

    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.PEERWORK_FIELD_KEY_FILE = None
    arrangement = ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        started=dt.date(2020, 1, 1),
    )
    counts = []
    built = 0
    for size in (10, 100):
        for number in range(built, size):
            SessionFactory(
                arrangement=arrangement,
                author=peer_a,
                held_on=dt.date(2021, 1, 1) + dt.timedelta(days=number),
            )
        built = size
        client = api_for(peer_a)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("api:supervision-records"), {"page_size": 100})
        assert response.json()["count"] == size
        counts.append(len(queries))
    # token, last used, count, page
    assert counts == [4, 4], counts
