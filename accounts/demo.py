"""Demo two-factor devices for the demo researcher and administrator.

Their authenticator secret is published (below and in SECURITY.md) so anyone trying the demo
can sign in: add it to an authenticator app, or run ``python manage.py demo_otp_code``.
Never run the demo seed on a real deployment: its passwords and this secret are public.
"""

from __future__ import annotations

import base64

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_TOTP_KEY_HEX = b"peerwork-demo-only!!".hex()  # 20 bytes, as django-otp expects
DEMO_TOTP_SECRET_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()
DEMO_TWO_FACTOR_USERS = ("researcher@demo.peerwork", "admin@demo.peerwork")


def enrol_demo_devices(*, stdout=None) -> None:
    """Give the demo researcher and administrator the published authenticator (idempotent)."""
    for user in get_user_model().objects.filter(email__in=DEMO_TWO_FACTOR_USERS):
        TOTPDevice.objects.update_or_create(
            user=user,
            name="Demo authenticator",
            defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True},
        )
    if stdout is not None:
        stdout.write(
            "  Two-factor sign-in for researcher@ and admin@demo.peerwork: authenticator secret "
            f"{DEMO_TOTP_SECRET_BASE32}, or run `python manage.py demo_otp_code`."
        )
