"""Brute-force lockout: 5 failures for one account from one address → 15 minutes locked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD


def attempt(client: Client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_fifth_failure_locks_the_account_with_a_clear_message(manager_a):
    client = Client()
    for _ in range(4):
        response = attempt(client, manager_a.email, "wrong-password-123")
        assert response.status_code == 200
        assert "do not match" in response.content.decode()
    response = attempt(client, manager_a.email, "wrong-password-123")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Sign-in is locked" in body
    assert "15 minutes" in body
    # Even the right password is refused while locked.
    response = attempt(client, manager_a.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lock_is_per_account_and_address(manager_a, manager_b):
    client = Client()
    for _ in range(5):
        attempt(client, manager_a.email, "wrong-password-123")
    # Another account from the same address, and the same account from elsewhere, still work.
    assert attempt(Client(), manager_b.email, PASSWORD).status_code == 302
    assert attempt(Client(), manager_a.email, PASSWORD, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_e_mail_case_does_not_dodge_the_count(manager_a):
    client = Client()
    for index in range(5):
        email = manager_a.email.upper() if index % 2 else manager_a.email
        attempt(client, email, "wrong-password-123")
    assert attempt(client, manager_a.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_lock_expires_after_fifteen_minutes(manager_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(Client(), manager_a.email, "wrong-password-123")
        assert attempt(Client(), manager_a.email, PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert attempt(Client(), manager_a.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_administrator_unlocks_with_the_documented_command(manager_a):
    for _ in range(5):
        attempt(Client(), manager_a.email, "wrong-password-123")
    assert AccessAttempt.objects.filter(username=manager_a.email).exists()
    call_command("axes_reset_username", manager_a.email)
    assert not AccessAttempt.objects.exists()
    assert attempt(Client(), manager_a.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_test_client_login_still_works(manager_a):
    client = Client()
    assert client.login(username=manager_a.email, password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_guessing_one_account_from_many_addresses_locks_the_account_and_tells_its_owner(
    manager_a, manager_b, settings, mailoutbox
):
    settings.PEERWORK_ACCOUNT_FAILURE_LIMIT = 20
    # Four failures from each of five addresses: no (account, address) pair reaches five.
    for address in range(5):
        for _ in range(4):
            response = attempt(Client(), manager_a.email, "wrong-password-123", f"10.0.1.{address}")
            assert response.status_code in (200, 429)
    assert response.status_code == 429  # the twentieth failure locks the account

    # The right password from an address never seen before is refused too.
    response = attempt(Client(), manager_a.email, PASSWORD, "10.0.9.9")
    assert response.status_code == 429
    assert "60 minutes" in response.content.decode()
    # The owner is told, once; other accounts are not affected.
    assert [message.to for message in mailoutbox] == [[manager_a.email]]
    assert (
        "20 times" in mailoutbox[0].body and "5 different network addresses" in mailoutbox[0].body
    )
    assert attempt(Client(), manager_b.email, PASSWORD, "10.0.1.1").status_code == 302


@pytest.mark.django_db
def test_the_account_lock_ends_when_its_failures_age_out(manager_a, settings):
    settings.PEERWORK_ACCOUNT_FAILURE_LIMIT = 6
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=61), tick=False):
        for address in range(3):
            for _ in range(2):
                attempt(Client(), manager_a.email, "wrong-password-123", f"10.0.2.{address}")
    assert attempt(Client(), manager_a.email, PASSWORD, "10.0.2.9").status_code == 302


@pytest.mark.django_db
def test_wrong_second_factor_codes_count_towards_the_lockout(researcher):
    from tests.trust.helpers import totp_device

    totp_device(researcher)
    client = Client()
    assert attempt(client, researcher.email, PASSWORD).status_code == 302
    verify = reverse("accounts:two-factor-verify")
    for _ in range(4):
        response = client.post(verify, {"token": "000000"}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 200
        assert "not right" in response.content.decode()
    response = client.post(verify, {"token": "000000"}, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429
    assert "Sign-in is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session  # the half-signed-in session is ended
    # Signing in again with the right password does not reset the count of wrong codes.
    assert attempt(Client(), researcher.email, PASSWORD).status_code == 429
