"""Two-factor sign-in: required for researchers and administrators, optional for others."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.trust.helpers import current_code, totp_device, verified_client


def sign_in(client: Client, user, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": password})


@pytest.mark.django_db
def test_researcher_without_device_is_sent_to_enrolment_before_any_page(researcher):
    client = Client()
    response = sign_in(client, researcher)
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    response = client.get(reverse("accounts:security"))
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))


@pytest.mark.django_db
def test_enrolment_shows_qr_code_and_key_then_confirms_and_shows_recovery_codes_once(researcher):
    client = Client()
    sign_in(client, researcher)
    response = client.get(reverse("accounts:two-factor-setup"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    device = TOTPDevice.objects.get(user=researcher, confirmed=False)
    assert response.context["manual_key"].replace(" ", "")

    response = client.post(reverse("accounts:two-factor-setup"), {"token": "000000"})
    assert response.status_code == 200
    assert "does not match" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a person takes longer than the one-second throttle to retype

    response = client.post(reverse("accounts:two-factor-setup"), {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two-factor-recovery-codes")
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(reverse("accounts:two-factor-recovery-codes"))
    codes = codes_page.context["codes"]
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=researcher).count() == 10
    # Shown once only.
    again = client.get(reverse("accounts:two-factor-recovery-codes"))
    assert again.status_code == 302
    # The session is verified: pages open.
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_researcher_with_device_must_enter_code_after_password(researcher):
    device = totp_device(researcher)
    client = Client()
    sign_in(client, researcher)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    # Enrolment cannot be used to replace the device without the current code.
    assert client.get(reverse("accounts:two-factor-setup"))["Location"] == reverse(
        "accounts:two-factor-verify"
    )
    response = client.post(reverse("accounts:two-factor-verify"), {"token": "123456"})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(
        reverse("accounts:two-factor-verify"), {"token": current_code(device), "next": "/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_recovery_code_works_once(administrator):
    totp_device(administrator)
    from peerwork.lib.two_factor import recovery_codes_create

    codes = recovery_codes_create(user=administrator)
    first = Client()
    sign_in(first, administrator)
    response = first.post(reverse("accounts:two-factor-verify"), {"token": codes[0]})
    assert response.status_code == 302
    assert first.get(reverse("home")).status_code == 200
    second = Client()
    sign_in(second, administrator)
    response = second.post(reverse("accounts:two-factor-verify"), {"token": codes[0]})
    assert response.status_code == 200
    assert second.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_open_redirect_after_verification_is_refused(researcher):
    device = totp_device(researcher)
    client = Client()
    sign_in(client, researcher)
    response = client.post(
        reverse("accounts:two-factor-verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_manager_may_use_the_app_without_two_factor_and_may_enrol(manager_a):
    client = Client()
    sign_in(client, manager_a)
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("accounts:security"))
    assert "Set up two-factor sign-in" in page.content.decode()
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=manager_a)
    client.post(reverse("accounts:two-factor-setup"), {"token": current_code(device)})
    # Enrolled: the next sign-in asks for a code too.
    other = Client()
    sign_in(other, manager_a)
    assert other.get(reverse("home"))["Location"].startswith(reverse("accounts:two-factor-verify"))


@pytest.mark.django_db
def test_optional_user_can_turn_two_factor_off_but_researcher_cannot(manager_a, researcher):
    manager = verified_client(manager_a)
    response = manager.post(reverse("accounts:two-factor-disable"), {"confirm": "on"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager_a).exists()

    client = verified_client(researcher)
    client.post(reverse("accounts:two-factor-disable"), {"confirm": "on"})
    assert TOTPDevice.objects.filter(user=researcher).exists()


@pytest.mark.django_db
def test_switching_requirement_off_lets_researchers_in_with_force_login(researcher, settings):
    settings.PEERWORK_REQUIRE_2FA = False
    client = Client()
    client.force_login(researcher)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_admin_reset_command_removes_devices_and_ends_sessions(administrator, researcher):
    from django.core.management import call_command

    client = verified_client(researcher)
    assert client.get(reverse("home")).status_code == 200
    call_command("reset_two_factor", researcher.email)
    assert not TOTPDevice.objects.filter(user=researcher).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_admin_user_action_resets_two_factor(administrator, researcher):
    totp_device(researcher)
    client = verified_client(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [researcher.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=researcher).exists()
