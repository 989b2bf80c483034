"""Tokens for the personas, and an API client that sends one."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.services import token_create


@pytest.fixture(autouse=True)
def no_throttle_between_tests(settings):
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_for():
    """``api_for(user, scope="write")`` → an APIClient sending a new token of ``user``
    (anonymous for None)."""

    def make(user, scope: str = "write") -> APIClient:
        client = APIClient()
        if user is not None:
            _token, secret = token_create(user=user, name="test", scope=scope, days=30)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make
