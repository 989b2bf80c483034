"""On a phone, the supervision form's save bar is slim and steps aside for the field being
typed in; beside the shared summary the worker reads what research may see."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_supervision import browser_context_args, people  # noqa: F401

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 844


def test_save_bar_is_slim_and_never_covers_the_focused_field(page, live_server, login, people):  # noqa: F811
    peer, _supervisor = people
    login(page, live_server, peer)
    page.goto(f"{live_server.url}/supervision/new/")
    bar = page.locator(".sticky-actions")
    assert bar.bounding_box()["height"] <= 0.08 * PHONE_HEIGHT

    due = page.locator("#id_actions-0-due_on")
    page.wait_for_load_state("load")
    due.focus()
    expect(due).to_be_focused()
    # While a field has focus the bar leaves the bottom of the screen (CSS :has(:focus)).
    expect(bar).to_have_css("position", "static")
    # The due date at the very bottom of the screen, where a sticky bar would sit.
    page.evaluate(
        """() => {
            const field = document.getElementById("id_actions-0-due_on");
            window.scrollBy(0, field.getBoundingClientRect().bottom - window.innerHeight + 4);
        }"""
    )
    field_box, bar_box = due.bounding_box(), bar.bounding_box()
    overlaps = (
        bar_box["y"] < field_box["y"] + field_box["height"]
        and field_box["y"] < bar_box["y"] + bar_box["height"]
    )
    assert not overlaps, (field_box, bar_box)

    # Without a focused field the bar is back at the bottom of the screen.
    page.locator("h1").click()
    bar_box = bar.bounding_box()
    assert bar_box["y"] + bar_box["height"] == pytest.approx(PHONE_HEIGHT, abs=2)


def test_research_sharing_is_explained_where_the_worker_writes(page, live_server, login, people):  # noqa: F811
    peer, _supervisor = people
    login(page, live_server, peer)
    page.goto(f"{live_server.url}/supervision/new/")
    note = page.get_by_test_id("research-note")
    expect(note).to_contain_text("Research never sees this summary unless you offer")
    link = note.get_by_role("link", name="How research sharing works")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Research sharing")
