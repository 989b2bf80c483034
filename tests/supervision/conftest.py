"""Supervision fixtures on top of the shared personas (tests/conftest.py).

- ``arrangement_a``: ``supervisor_a`` supervises ``peer_worker_a`` (managerial, 28 days);
- ``other_supervisor_a``: a supervisor at org A with no arrangement with ``peer_a``;
- every test runs with fixed field keys (never the developer's .local key file).
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet

from cases.models import MembershipRole
from supervision.models import SupervisionType
from tests.factories import MembershipFactory, UserFactory
from tests.supervision.factories import ArrangementFactory

TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def field_keys(settings):
    settings.PEERWORK_FIELD_KEYS = [TEST_KEY]
    settings.PEERWORK_FIELD_KEY_FILE = None
    return settings.PEERWORK_FIELD_KEYS


@pytest.fixture
def arrangement_a(peer_worker_a, supervisor_a, org_a):
    return ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        supervision_type=SupervisionType.MANAGERIAL,
        frequency_days=28,
        started=dt.date(2024, 3, 1),
    )


@pytest.fixture
def other_supervisor_a(org_a):
    user = UserFactory(email="other.supervisor.a@example.org", full_name="Oli Othersupervisor")
    MembershipFactory(user=user, organisation=org_a, role=MembershipRole.SUPERVISOR)
    return user


@pytest.fixture
def supervisor_b(org_b):
    user = UserFactory(email="supervisor.b@example.org", full_name="Bea Beaconsupervisor")
    MembershipFactory(user=user, organisation=org_b, role=MembershipRole.SUPERVISOR)
    return user
