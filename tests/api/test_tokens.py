"""Personal access tokens: shown once, stored hashed, scoped, expiring, revocable."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from api.models import AccessToken
from api.services import token_create
from tests.trust.helpers import verified_client

pytestmark = pytest.mark.django_db


def _bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_manager_creates_a_token_shown_once_and_stored_hashed(manager_a, client_for):
    client = client_for(manager_a)
    url = reverse("api:token-list")
    response = client.post(url, {"name": "HR sync", "scope": "write", "days": "90"})
    assert response.status_code == 200
    token = AccessToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith("pw_") and secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert secret not in (token.digest, token.prefix) and token.prefix == secret[:10]
    assert token.expires - token.created <= dt.timedelta(days=90, seconds=1)
    again = client.get(url).content.decode()
    assert secret not in again and "HR sync" in again and token.prefix in again
    assert _bearer(secret).get(reverse("api:initiative-list")).status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None


def test_tokens_last_at_most_ninety_days(manager_a, client_for):
    response = client_for(manager_a).post(
        reverse("api:token-list"), {"name": "x", "scope": "read", "days": "365"}
    )
    assert response.status_code == 400 and not AccessToken.objects.exists()


def test_a_read_token_cannot_write(initiative_a, manager_a):
    _token, secret = token_create(user=manager_a, name="read", scope="read", days=7)
    response = _bearer(secret).patch(
        reverse("api:initiative-detail", args=[initiative_a.public_id]),
        {"description": "no"},
        format="json",
    )
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]


def test_revoked_and_expired_tokens_are_refused(manager_a, client_for):
    token, secret = token_create(user=manager_a, name="old", scope="read", days=7)
    url = reverse("api:initiative-list")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        response = _bearer(secret).get(url)
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    client_for(manager_a).post(reverse("api:token-revoke", args=[token.public_id]))
    token.refresh_from_db()
    assert token.revoked is not None
    response = _bearer(secret).get(url)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_nobody_revokes_someone_elses_token(manager_a, manager_b, client_for):
    token, _secret = token_create(user=manager_a, name="mine", scope="read", days=7)
    response = client_for(manager_b).post(reverse("api:token-revoke", args=[token.public_id]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked is None


def test_researchers_need_the_second_factor_to_create_a_token(researcher, client_for):
    url = reverse("api:token-list")
    data = {"name": "R", "scope": "read", "days": "30"}
    response = client_for(researcher).post(url, data)
    assert response.status_code == 400 and not AccessToken.objects.exists()
    assert "second factor" in response.content.decode()
    assert verified_client(researcher).post(url, data).status_code == 200
    assert AccessToken.objects.filter(user=researcher).count() == 1


def test_an_unknown_token_is_refused(db):
    assert _bearer("pw_not-a-token").get(reverse("api:root")).status_code == 401


def test_throttled_per_token(manager_a, settings):
    from rest_framework.settings import api_settings

    from api.throttling import TokenRateThrottle

    TokenRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "token": "3/minute"}
    try:
        _token, secret = token_create(user=manager_a, name="t", scope="read", days=7)
        client = _bearer(secret)
        codes = [client.get(reverse("api:root")).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        _other, second = token_create(user=manager_a, name="u", scope="read", days=7)
        assert _bearer(second).get(reverse("api:root")).status_code == 200
    finally:
        TokenRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("manager_a", 200),
        ("supervisor_a", 200),
        ("peer_a", 200),
        ("manager_b", 200),
        ("researcher", 200),
        ("administrator", 200),
        ("anonymous", 302),
    ],
)
def test_token_page_is_for_everyone_signed_in(persona, expected, personas, client_for):
    assert client_for(personas[persona]).get(reverse("api:token-list")).status_code == expected
