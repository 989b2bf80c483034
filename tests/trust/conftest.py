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
