"""Two-factor sign-in rules and device handling (django-otp: TOTP plus recovery codes).

Who must pass a second factor: researchers, administrators and staff (while
``PEERWORK_REQUIRE_2FA`` is on), and anyone who has enrolled a device. Whether the user has a
device is read once at sign-in and kept in the session, so ordinary pages cost no query.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

HAS_DEVICE_KEY = "_peerwork_2fa_device"
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def is_required_for(user: Any) -> bool:
    """True when the user's role requires two-factor sign-in."""
    if not settings.PEERWORK_REQUIRE_2FA or not user.is_authenticated:
        return False
    return bool(
        getattr(user, "is_researcher", False)
        or getattr(user, "is_administrator", False)
        or user.is_staff
    )


def remember_devices(request: HttpRequest, user: Any) -> None:
    """Record in the session whether the user has a confirmed device (called at sign-in)."""
    request.session[HAS_DEVICE_KEY] = user_has_device(user, confirmed=True)


def has_device_in_session(request: HttpRequest) -> bool:
    return bool(request.session.get(HAS_DEVICE_KEY))


def must_verify(request: HttpRequest) -> bool:
    return is_required_for(request.user) or has_device_in_session(request)


def has_totp(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_totp_device(user: Any) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call (its key is fresh)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, grouped in fours for typing into an authenticator app."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """An SVG QR code of the device's otpauth:// URL, as a data: URI for an <img>."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@transaction.atomic
def totp_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending device when ``token`` is right; other TOTP devices are removed."""
    if not device.verify_token(_digits(token)):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def recovery_codes_create(*, user: Any) -> list[str]:
    """Replace the user's recovery codes with fresh ones and return them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.PEERWORK_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: Any) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def match_device(user: Any, token: str) -> Any:
    """The confirmed device that accepts ``token`` (TOTP or a recovery code), or None.

    Devices throttle repeated failures themselves (django-otp's ThrottlingMixin).
    """
    token = token.strip()
    for device in devices_for_user(user, confirmed=True):
        candidate = _digits(token) if isinstance(device, TOTPDevice) else token.replace(" ", "")
        if candidate and device.verify_token(candidate):
            return device
    return None


@transaction.atomic
def two_factor_reset(*, user: Any) -> int:
    """Remove every device of the user and sign them out everywhere; returns devices removed."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    user.sign_out_everywhere()
    return removed


def _digits(token: str) -> str:
    return "".join(character for character in token if character.isdigit())
