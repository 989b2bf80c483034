"""The API docs page renders under the strict CSP from local assets only."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser


def test_api_docs_render_from_local_assets(page, live_server, login, manager_a):
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
    page.wait_for_selector("text=peerwork API")
    assert page.get_by_text("/api/v1/research/comparison", exact=True).count() >= 1
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert violations == []
