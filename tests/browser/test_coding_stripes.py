"""A researcher applies a theme to a selected passage and hears it announced, opens the
coding from its stripe (mouse and keyboard), sees who coded it and when, removes it, and the
stripe goes with the removal announced — all without leaving the page."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.models import PlatformRole
from qualitative.models import Coding
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.factories import UserFactory
from tests.qualitative.factories import ResearchProjectFactory, add_source, theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "At first nobody asked.\n"
    "I felt I could say what I had been through, and the team listened to me.\n"
    "Later it changed."
)
PASSAGE = "I felt I could say what I had been through, and the team listened to me."


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A/AA findings on the page as it is now (colours, names, targets)."""
    results = Axe().run(page, options=AXE_OPTIONS).response
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results["violations"]
    ]


SELECT = """(passage) => {
    const container = document.getElementById("source-text");
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.textContent.includes(passage)) {}
    const start = node.textContent.indexOf(passage);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + passage.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
}"""


def test_apply_announce_open_the_stripe_and_remove_the_coding(
    page, live_server, login, initiative_a
):
    researcher = UserFactory(
        email="stripes@example.org",
        full_name="Stella Stripe",
        platform_role=PlatformRole.RESEARCHER,
    )
    source = add_source(project=ResearchProjectFactory(), initiative=initiative_a, text=TEXT)
    login(page, live_server, researcher)
    url = f"{live_server.url}/qualitative/sources/{source.public_id}/"
    page.goto(url)
    status = page.locator("#coding-status")
    alert = page.locator("#coding-alert")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(alert).to_have_attribute("role", "alert")

    # Nothing selected: the error is an alert, and nothing is coded.
    page.get_by_label("Structural issues > Training").check()
    page.get_by_role("button", name="Apply themes").click()
    expect(alert).to_contain_text("Select a passage in the text first.")
    assert not Coding.objects.exists()

    # Select a passage, apply a theme: the text updates in place and the result is announced.
    page.evaluate(SELECT, PASSAGE)
    expect(page.get_by_role("textbox", name="Selected passage")).to_have_value(PASSAGE)
    count = page.locator(f"#theme-count-{theme('practice-boundaries').public_id}")
    expect(count).to_have_text(re.compile(r"^0"))
    page.get_by_label("Structural issues > Training").uncheck()
    page.get_by_role("checkbox", name="Cultural issues > Practice boundaries").check()
    page.get_by_role("button", name="Apply themes").click()
    expect(status).to_have_text("Coded “Practice boundaries” on “I felt I could say…” (16 words).")
    expect(alert).to_be_empty()
    expect(page).to_have_url(url)  # no page load
    expect(page.locator("#source-text mark")).to_have_text(PASSAGE)
    expect(count).to_have_text(re.compile(r"^1"))
    # The form is ready for the next passage.
    expect(page.get_by_role("textbox", name="Selected passage")).to_have_value("")
    expect(
        page.get_by_role("checkbox", name="Cultural issues > Practice boundaries")
    ).not_to_be_checked()
    coding = Coding.objects.get()
    assert coding.coder == researcher

    # The stripe is a link named by its theme and passage; clicking it shows the coding.
    stripe = page.get_by_role("link", name="Coding: Practice boundaries on ‘I felt I could say…’")
    expect(stripe).to_have_count(1)
    box = stripe.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24
    stripe.click()
    detail = page.locator("#coding-detail")
    expect(detail.get_by_role("heading", name="Coding: Practice boundaries")).to_be_focused()
    expect(detail.locator("blockquote")).to_have_text(PASSAGE)
    expect(detail).to_contain_text("Stella Stripe")
    expect(detail).to_contain_text("16 words")
    expect(page.locator("#source-text mark.qual-focus")).to_have_text(PASSAGE)
    expect(page).to_have_url(url)
    assert axe_violations(page) == []

    # Close returns to the stripe; Enter on it opens the coding again.
    detail.get_by_role("link", name="Close the coding").click()
    expect(detail).to_be_empty()
    expect(stripe).to_be_focused()
    expect(page.locator("#source-text mark.qual-focus")).to_have_count(0)
    page.keyboard.press("Enter")
    expect(detail.get_by_role("heading", name="Coding: Practice boundaries")).to_be_focused()
    # Escape closes it; Space opens it as well.
    page.keyboard.press("Escape")
    expect(stripe).to_be_focused()
    page.keyboard.press(" ")
    expect(detail.get_by_role("heading", name="Coding: Practice boundaries")).to_be_focused()

    # Removing asks first: dismissed, nothing is lost.
    page.once("dialog", lambda dialog: dialog.dismiss())
    detail.get_by_role("button", name="Remove coding").click()
    expect(detail.get_by_role("button", name="Remove coding")).to_be_visible()
    assert Coding.objects.count() == 1

    # Confirmed: the coding, its stripe and its panel go, and the removal is announced.
    messages = []

    def accept(dialog):
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    detail.get_by_role("button", name="Remove coding").click()
    expect(status).to_have_text(
        "Removed the coding “Practice boundaries” from “I felt I could say…”."
    )
    expect(page.locator("#source-text .qual-stripe")).to_have_count(0)
    expect(page.locator("#source-text mark")).to_have_count(0)
    expect(detail).to_be_empty()
    expect(count).to_have_text(re.compile(r"^0"))
    expect(page.locator("#coded-passages")).to_contain_text("Nothing coded yet.")
    expect(page.locator("#source-text")).to_be_focused()
    assert messages == ["Remove the coding “Practice boundaries” from this passage?"]
    assert not Coding.objects.exists()
    expect(page).to_have_url(url)
