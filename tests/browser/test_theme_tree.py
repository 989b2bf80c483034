"""The theme tree on the coding page: branches open and close without any script, typing
filters it down to the matches (the branches that lead to them open, their own boxes out of
the way of Tab), clearing the filter brings the whole tree back, and axe finds nothing."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import PlatformRole
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import UserFactory
from tests.qualitative.factories import ResearchProjectFactory, add_source, code, theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_theme_tree_collapses_filters_and_counts(page, live_server, login, initiative_a):
    researcher = UserFactory(
        email="tree@example.org", full_name="Tia Tree", platform_role=PlatformRole.RESEARCHER
    )
    source = add_source(
        project=ResearchProjectFactory(), initiative=initiative_a, text="Nobody said it at first."
    )
    code(source, "Nobody said it", [theme("disclosure-risk")], researcher)
    login(page, live_server, researcher)
    page.goto(f"{live_server.url}/qualitative/sources/{source.public_id}/")

    disclosure = page.get_by_label("Cultural issues > Disclosure and risk")
    parent_box = page.locator(f"input[value='{theme('disclosure-risk').parent.public_id}']")
    training_box = page.locator(f"input[value='{theme('training').public_id}']")
    expect(parent_box).to_be_visible()
    expect(disclosure).to_be_visible()
    expect(
        disclosure.locator("xpath=ancestor::li[1]").get_by_test_id("theme-count").first
    ).to_have_text("1 coding")

    # Close the branch with its summary: its sub-themes are hidden; open it again.
    summary = page.locator("summary", has_text="sub-themes of Cultural issues")
    summary.click()
    expect(disclosure).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(disclosure).to_be_visible()

    results = Axe().run(page, options=AXE_OPTIONS).response
    assert results["violations"] == [], [v["id"] for v in results["violations"]]

    # Filter: only the match and the way to it; Tab goes straight to the match.
    summary.click()  # even a closed branch opens to show a match
    page.locator("#theme-filter").fill("disclosure")
    expect(disclosure).to_be_visible()
    expect(parent_box).to_be_hidden()
    expect(training_box).to_be_hidden()
    page.locator("#theme-filter").focus()
    page.keyboard.press("Tab")
    expect(disclosure).to_be_focused()

    # Clearing the filter brings back the tree as it was (the branch closed again).
    page.locator("#theme-filter").fill("")
    expect(parent_box).to_be_visible()
    expect(training_box).to_be_visible()
    expect(disclosure).to_be_hidden()
