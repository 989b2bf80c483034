"""Helpers for tests that sign in with two-factor sign-in enforced."""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerwork.lib.two_factor import HAS_DEVICE_KEY


def totp_device(user) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test authenticator", defaults={"confirmed": True}
    )
    return device


def current_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def verified_client(user, client: Client | None = None, **client_kwargs) -> Client:
    """A client signed in as ``user`` whose session has passed two-factor sign-in."""
    client = client or Client(**client_kwargs)
    client.force_login(user)
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[HAS_DEVICE_KEY] = True
    session.save()
    return client


def client_as(user, **client_kwargs) -> Client:
    """Anonymous for None; researchers and administrators come verified; others plain."""
    client = Client(**client_kwargs)
    if user is None:
        return client
    if user.is_researcher or user.is_administrator or user.is_staff:
        return verified_client(user, client)
    client.force_login(user)
    return client
