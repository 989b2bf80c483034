"""Deployment checks: refuse to look production-ready with sign-in hardening switched off."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def sign_in_hardening(app_configs, **kwargs):
    problems = []
    if not settings.PEERWORK_REQUIRE_2FA:
        problems.append(
            Warning(
                "PEERWORK_REQUIRE_2FA is off: researchers and administrators can sign in "
                "with a password alone.",
                hint="Unset PEERWORK_REQUIRE_2FA (it defaults to on).",
                id="peerwork.W001",
            )
        )
    if not settings.PEERWORK_IDLE_TIMEOUT_MINUTES:
        problems.append(
            Warning(
                "PEERWORK_IDLE_TIMEOUT_MINUTES is 0: sessions of researchers and "
                "administrators never expire through inactivity.",
                id="peerwork.W002",
            )
        )
    if not getattr(settings, "AXES_ENABLED", True):
        problems.append(
            Warning("AXES_ENABLED is off: no lockout after failed sign-ins.", id="peerwork.W003")
        )
    return problems
