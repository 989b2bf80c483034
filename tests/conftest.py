"""Personas shared by every test module.

- ``org_a`` (statutory) and ``org_b`` (voluntary) are unrelated organisations;
- ``initiative_a`` belongs to ``org_a`` alone, with one role ``role_a``;
- ``manager_a`` manages A, ``supervisor_a`` supervises at A, ``peer_a`` is a peer worker at A
  with a ``PeerWorker`` record ``peer_worker_a`` in ``role_a``;
- ``manager_b`` manages B and must never see A's data;
- ``researcher`` and ``administrator`` hold platform roles.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from accounts.models import PlatformRole
from cases.models import MembershipRole, PartnerPart, Sector
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 costs about a second per persona; tests need no strong hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database is rolled back between tests, and
    keys made from its contents (ids, frozen clocks) can repeat from one test to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def sign_in_protections_relaxed(settings):
    """Apps' tests sign people in with force_login; tests/trust/ switches these back on."""
    settings.PEERWORK_REQUIRE_2FA = False
    settings.PEERWORK_IDLE_TIMEOUT_MINUTES = 0
    settings.PEERWORK_IDLE_TIMEOUT_MINUTES_OTHERS = 0


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Alderbank NHS Trust", sector=Sector.STATUTORY)


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Beacon Voices Charity", sector=Sector.VOLUNTARY)


@pytest.fixture
def manager_a(org_a):
    user = UserFactory(email="manager.a@example.org", full_name="Mina Manager")
    MembershipFactory(user=user, organisation=org_a, role=MembershipRole.SERVICE_MANAGER)
    return user


@pytest.fixture
def supervisor_a(org_a):
    user = UserFactory(email="supervisor.a@example.org", full_name="Suki Supervisor")
    MembershipFactory(user=user, organisation=org_a, role=MembershipRole.SUPERVISOR)
    return user


@pytest.fixture
def peer_a(org_a):
    user = UserFactory(email="peer.a@example.org", full_name="Pat Peerworker")
    MembershipFactory(user=user, organisation=org_a, role=MembershipRole.PEER_WORKER)
    return user


@pytest.fixture
def manager_b(org_b):
    user = UserFactory(email="manager.b@example.org", full_name="Bo Otherorg")
    MembershipFactory(user=user, organisation=org_b, role=MembershipRole.SERVICE_MANAGER)
    return user


@pytest.fixture
def researcher(db):
    return UserFactory(
        email="researcher@example.org",
        full_name="Rae Researcher",
        platform_role=PlatformRole.RESEARCHER,
    )


@pytest.fixture
def administrator(db):
    return UserFactory(
        email="admin@example.org",
        full_name="Ada Administrator",
        platform_role=PlatformRole.ADMINISTRATOR,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def initiative_a(org_a):
    return InitiativeFactory(
        name="Alderbank ward peers",
        research_code="P-01",
        partners=[(org_a, PartnerPart.LEAD), (org_a, PartnerPart.EMPLOYER)],
    )


@pytest.fixture
def role_a(initiative_a, org_a):
    return PeerWorkerRoleFactory(
        initiative=initiative_a, employer=org_a, title="Peer support worker"
    )


@pytest.fixture
def peer_worker_a(role_a, peer_a):
    return PeerWorkerFactory(
        role=role_a, user=peer_a, full_name=peer_a.full_name, pseudonym="P-01-W01"
    )


@pytest.fixture
def personas(manager_a, supervisor_a, peer_a, manager_b, researcher, administrator):
    """Every persona by name, plus ``anonymous`` (None)."""
    return {
        "manager_a": manager_a,
        "supervisor_a": supervisor_a,
        "peer_a": peer_a,
        "manager_b": manager_b,
        "researcher": researcher,
        "administrator": administrator,
        "anonymous": None,
    }


@pytest.fixture
def client_for():
    """``client_for(user)`` → a test client signed in as ``user`` (anonymous for None)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- jobs and tasks ---------------------------------------------------------------------
@pytest.fixture(autouse=True)
def tasks_run_immediately(settings, tmp_path):
    """Tasks run in the test's own process and files land in a temporary folder; the
    worker tests (tests/jobs/test_worker.py) switch to the database backend themselves."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # A replica configured by DATABASE_REPLICA_URL mirrors the test database on another
    # connection, which cannot see a test's uncommitted rows: the router tests switch it on.
    settings.PEERWORK_REPLICA_ALIAS = None


def pytest_terminal_summary(terminalreporter):
    """The hostile-input fuzz's count, added up over its shards (and xdist workers), and the
    accessibility crawl's, when they ran."""
    totals = {"fuzz_examples": 0, "fuzz_server_errors": 0}
    axe: dict[str, int] = {}
    seen = False
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if getattr(report, "when", "call") != "call":
                    continue
                if name in totals:
                    totals[name] += value
                    seen = True
                elif name in ("axe_pages", "axe_violations"):
                    axe[name] = value
    if axe:
        terminalreporter.write_line(
            f"accessibility: RESULT pages={axe.get('axe_pages', 0)} "
            f"violations={axe.get('axe_violations', 0)}"
        )
    if seen:
        terminalreporter.write_line(
            f"RESULT examples={totals['fuzz_examples']} "
            f"server_errors={totals['fuzz_server_errors']}"
        )


@pytest.fixture(scope="module")
def demo_seeded_once(django_db_setup, django_db_blocker):
    """The demo landscape, seeded once; each test runs in a savepoint inside it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
