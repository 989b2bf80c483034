"""Security headers on every page, and pages that keep to the strict CSP."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.trust.helpers import client_as
from tests.trust.urlmap import parameterless_routes

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
# The entry pages of Django's admin, on top of every page discovered from the resolver.
EXTRA_URLS = ["/admin/", "/admin/login/", "/admin/accounts/user/", "/admin/auditlog/logentry/"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.IGNORECASE)
FIELD_KEY = "E2eR2mWk5qT1cW7mXcW5q1o0xN8yV2bJ3nP4rS6tU8A="  # a Fernet key for the check only
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def parse_csp(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def assert_security_headers(response, url: str) -> None:
    assert parse_csp(response["Content-Security-Policy"]) == parse_csp(EXPECTED_CSP), url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert "camera=()" in response["Permissions-Policy"], url


def assert_no_inline_code(response, url: str) -> None:
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    # json_script output is data, not code; CSP allows it only with a src, so forbid it too.
    assert not INLINE_SCRIPT.search(html), f"inline <script> on {url}"
    assert not INLINE_STYLE.search(html), f"inline style on {url}"
    assert not EVENT_HANDLER.search(html), f"on*= event handler on {url}"


@pytest.mark.django_db
def test_every_page_sends_the_security_headers_and_has_no_inline_code(world):
    urls = [reverse(route.name) for route in parameterless_routes()] + EXTRA_URLS
    seen_ok = set()
    for persona, user in world["personas"].items():
        client = client_as(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            assert_security_headers(response, url)
            if response.status_code == 200:
                seen_ok.add(url)
                assert_no_inline_code(response, f"{url} as {persona}")
    # Sanity: the sweep did render the main pages.
    assert {
        reverse("home"),
        reverse("accounts:login"),
        reverse("accounts:security"),
        reverse("audit:log"),
        "/admin/",
    } <= seen_ok


@pytest.mark.django_db
def test_production_adds_hsts_and_secure_cookies(settings, manager_a):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.cookies["csrftoken"]["secure"]
    response = client.post(
        reverse("accounts:login"),
        {"username": manager_a.email, "password": "correct-horse-battery-staple"},
        secure=True,
    )
    assert response.cookies["sessionid"]["secure"] and response.cookies["sessionid"]["httponly"]


def test_deployment_check_passes_with_every_app_installed():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "peerwork.example.org",
        "SECRET_KEY": "deploy-check-" + "k3y-" * 16,
        "PEERWORK_FIELD_KEYS": FIELD_KEY,
    }
    env.pop("PEERWORK_REQUIRE_2FA", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deployment_check_warns_when_two_factor_is_switched_off():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "peerwork.example.org",
        "SECRET_KEY": "deploy-check-" + "k3y-" * 16,
        "PEERWORK_FIELD_KEYS": FIELD_KEY,
        "PEERWORK_REQUIRE_2FA": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "peerwork.W001" in result.stdout + result.stderr
