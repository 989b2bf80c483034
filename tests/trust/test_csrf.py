"""CSRF is enforced on every state-changing request, on every discovered URL."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tests.trust.helpers import verified_client
from tests.trust.urlmap import parameterless_routes, uuid_routes

ADMIN_URLS = ["/admin/login/", "/admin/accounts/user/add/", "/admin/logout/"]


def every_url() -> list[str]:
    urls = [reverse(route.name) for route in parameterless_routes()]
    urls += [
        route.url(**{kwarg: uuid.uuid4() for kwarg in route.uuid_kwargs}) for route in uuid_routes()
    ]
    return urls + ADMIN_URLS


@pytest.mark.django_db
def test_posts_without_a_token_are_refused_for_everyone(administrator, manager_a):
    manager = Client(enforce_csrf_checks=True)
    manager.force_login(manager_a)
    clients = [
        verified_client(administrator, enforce_csrf_checks=True),
        manager,
        Client(enforce_csrf_checks=True),
    ]
    for url in every_url():
        for client in clients:
            response = client.post(url, {"name": "x"})
            assert response.status_code == 403, f"POST {url}: {response.status_code}"


@pytest.mark.django_db
def test_other_unsafe_methods_without_a_token_are_refused(administrator):
    client = verified_client(administrator, enforce_csrf_checks=True)
    for url in every_url():
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(url)
            assert response.status_code == 403, f"{method.upper()} {url}: {response.status_code}"


@pytest.mark.django_db
def test_a_valid_token_is_accepted(manager_a):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("accounts:login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("accounts:login"),
        {
            "username": manager_a.email,
            "password": "correct-horse-battery-staple",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
