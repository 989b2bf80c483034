"""Browser journeys of the trust capability: two-factor enrolment and the strict CSP."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _security_enforced(settings):
    settings.PEERWORK_REQUIRE_2FA = True
    settings.PEERWORK_IDLE_TIMEOUT_MINUTES = 30


def code_for(manual_key: str) -> str:
    secret = manual_key.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_researcher_enrols_two_factor_without_csp_violations(page, live_server, login, researcher):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, live_server, researcher)
    assert "/accounts/two-factor/setup/" in page.url
    qr = page.get_by_alt_text("QR code for your authenticator app")
    assert qr.evaluate("image => image.naturalWidth") > 0
    manual_key = page.locator("#manual-key").inner_text()
    page.get_by_label("Code").fill(code_for(manual_key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_role("heading", name="Security")).to_be_visible()
    page.goto(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", name="Audit log")).to_have_count(0)  # researchers: 403
    assert violations == [], "\n".join(violations)


def test_lockout_message_after_five_failures(page, live_server, manager_a):
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail address").fill(manager_a.email)
        page.get_by_label("Password").fill("not-the-password-at-all")
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#locked-out")).to_be_visible()
    expect(page.locator("#locked-out")).to_contain_text("15 minutes")
