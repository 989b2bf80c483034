"""The API reference renders under the strict CSP from local assets only, passes axe, and is
usable from the keyboard: the contents jump to an operation and a type link to its fields."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE_OPTIONS

pytestmark = pytest.mark.browser


def test_api_reference_renders_from_local_assets_and_passes_axe(
    page, live_server, login, manager_a
):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    login(page, live_server, manager_a)
    page.goto(live_server.url + reverse("api:docs"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("peerwork API")
    expect(page.locator("code.api-path", has_text="/api/v1/research/comparison")).to_be_visible()
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert violations == []
    results = Axe().run(page, options=AXE_OPTIONS).response
    assert results["violations"] == [], [v["id"] for v in results["violations"]]


def test_api_reference_contents_and_type_links_work_from_the_keyboard(
    page, live_server, login, manager_a
):
    login(page, live_server, manager_a)
    page.goto(live_server.url + reverse("api:docs"))
    contents = page.get_by_role("navigation", name="Contents")
    link = contents.get_by_role("link", name="POST /api/v1/initiatives/", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#op-initiatives_create$"))
    operation = page.locator("article", has=page.locator("#op-initiatives_create"))
    type_link = operation.get_by_role("link", name="Initiative").first
    type_link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#type-initiative$"))
    expect(page.locator("#type-initiative")).to_be_in_viewport()
