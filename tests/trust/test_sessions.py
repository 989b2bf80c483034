"""Sessions: inactivity timeout by role, and signing out everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.trust.helpers import verified_client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_researcher_is_signed_out_after_thirty_idle_minutes(researcher):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = verified_client(researcher)
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("home")).status_code == 200
    # Activity at minute 29 restarted the clock.
    with time_machine.travel(start + dt.timedelta(minutes=50), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=81), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        login_page = client.get(response["Location"])
        assert "signed out after 30 minutes" in login_page.content.decode()


@pytest.mark.django_db
def test_other_users_get_the_longer_timeout(manager_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(manager_a)
    with time_machine.travel(start + dt.timedelta(minutes=100), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=221), tick=False):
        assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_timeout_is_configurable_and_zero_switches_it_off(manager_a, settings):
    settings.PEERWORK_IDLE_TIMEOUT_MINUTES_OTHERS = 0
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(manager_a)
    with time_machine.travel(start + dt.timedelta(hours=7), tick=False):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_htmx_request_after_timeout_gets_a_redirect_header(manager_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = signed_in(manager_a)
    with time_machine.travel(start + dt.timedelta(hours=3), tick=False):
        response = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login")


@pytest.mark.django_db
def test_sign_out_everywhere_ends_every_session(manager_a):
    laptop, phone = signed_in(manager_a), signed_in(manager_a)
    assert phone.get(reverse("home")).status_code == 200
    response = laptop.post(reverse("accounts:sign-out-everywhere"))
    assert response.status_code == 302
    for client in (laptop, phone):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    manager_a.refresh_from_db()
    assert manager_a.session_epoch == 1
    # The password still works.
    fresh = Client()
    assert fresh.login(username=manager_a.email, password="correct-horse-battery-staple")


@pytest.mark.django_db
def test_sign_out_everywhere_needs_post(manager_a):
    client = signed_in(manager_a)
    assert client.get(reverse("accounts:sign-out-everywhere")).status_code == 405
