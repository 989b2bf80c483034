"""The demo researcher and administrator get an authenticator with the published secret."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_SECRET_BASE32
from accounts.models import PlatformRole
from tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_demo_code_command_seeds_devices_once_and_prints_working_codes():
    researcher = UserFactory(
        email="researcher@demo.peerwork", platform_role=PlatformRole.RESEARCHER
    )
    UserFactory(email="admin@demo.peerwork", platform_role=PlatformRole.ADMINISTRATOR)
    out = StringIO()
    call_command("demo_otp_code", stdout=out)
    call_command("demo_otp_code", stdout=StringIO())
    assert TOTPDevice.objects.filter(user__email__endswith="@demo.peerwork").count() == 2
    assert DEMO_TOTP_SECRET_BASE32 == "OBSWK4TXN5ZGWLLEMVWW6LLPNZWHSIJB"
    code = re.search(r"researcher@demo\.peerwork\s+(\d{6})", out.getvalue()).group(1)

    client = Client()
    client.post(reverse("accounts:login"), {"username": researcher.email, "password": PASSWORD})
    response = client.post(reverse("accounts:two-factor-verify"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_no_demo_devices_for_other_accounts(researcher):
    call_command("demo_otp_code", stdout=StringIO(), stderr=StringIO())
    assert not TOTPDevice.objects.filter(user=researcher).exists()
