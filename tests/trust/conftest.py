"""The trust suite runs with every sign-in protection on, whatever the project default for
tests is (the root conftest relaxes two-factor sign-in and the idle timeout for other apps)."""

import pytest

from tests.trust.helpers import client_as


@pytest.fixture(autouse=True)
def _security_enforced(settings):
    settings.PEERWORK_REQUIRE_2FA = True
    settings.PEERWORK_IDLE_TIMEOUT_MINUTES = 30
    settings.PEERWORK_IDLE_TIMEOUT_MINUTES_OTHERS = 120
    settings.AXES_ENABLED = True
    # Signing in is what these tests do most; a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def secure_client_for():
    """``secure_client_for(user)``: like ``client_for`` but researchers/admins pass 2FA."""
    return client_as


def _build_other_apps_objects() -> list[str]:
    """One object from every factory the apps' test packages offer (where it builds alone).

    Lets the generic sweeps reach the records of apps that land later without editing them.
    """
    import importlib
    import inspect

    from django.db import transaction
    from factory.django import DjangoModelFactory

    built = []
    for app in ("recruitment", "training", "supervision", "qualitative", "fidelity"):
        module = importlib.import_module(f"tests.{app}.factories")
        for name, factory_class in inspect.getmembers(module, inspect.isclass):
            if (
                not issubclass(factory_class, DjangoModelFactory)
                or factory_class.__module__ != module.__name__
            ):
                continue
            try:
                with transaction.atomic():
                    factory_class()
                built.append(name)
            except Exception:  # noqa: BLE001 - a factory that needs arguments is skipped
                continue
    return built


@pytest.fixture
def world(initiative_a, role_a, peer_worker_a, org_a, personas):
    """Organisation A's records (and one of every other app's factories), for the sweeps."""
    from tests.factories import ImplementationMilestoneFactory, TeamFactory

    team = TeamFactory(organisation=org_a)
    role_a.host_team = team
    role_a.save()
    ImplementationMilestoneFactory(initiative=initiative_a)
    return {"built": _build_other_apps_objects(), "personas": personas}


@pytest.fixture
def empty_manager(db):
    """A service manager of an organisation that has no records at all."""
    from cases.models import MembershipRole
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    user = UserFactory(email="manager.empty@example.org", full_name="Em Empty")
    MembershipFactory(
        user=user,
        organisation=OrganisationFactory(name="Empty Org"),
        role=MembershipRole.SERVICE_MANAGER,
    )
    return user
