"""A researcher codes a passage with two themes using the keyboard only, sees two stripes on
it, and the framework matrix counts it; no character offset is ever shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import PlatformRole
from qualitative.models import Coding, Excerpt
from tests.factories import UserFactory
from tests.qualitative.factories import ResearchProjectFactory, add_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Peers 😀 should share their stories. Nobody said that at first."
PASSAGE = "Peers 😀 should share"


def test_keyboard_only_coding_with_two_themes(page, live_server, login, initiative_a):
    researcher = UserFactory(
        email="keys@example.org", full_name="Kai Keys", platform_role=PlatformRole.RESEARCHER
    )
    source = add_source(project=ResearchProjectFactory(), initiative=initiative_a, text=TEXT)
    login(page, live_server, researcher)
    page.goto(f"{live_server.url}/qualitative/sources/{source.public_id}/")
    expect(page.get_by_label("Start")).to_have_count(0)
    expect(page.get_by_label("End")).to_have_count(0)

    page.locator("#source-text").focus()
    for _ in range(4):  # "Peers", "😀", "should", "share": word by word
        page.keyboard.press("Control+Shift+ArrowRight")
    expect(page.get_by_role("textbox", name="Selected passage")).to_have_value(
        page.evaluate("window.getSelection().toString()")
    )
    selected = page.get_by_role("textbox", name="Selected passage").input_value()
    assert selected.strip() == PASSAGE
    expect(page.get_by_role("status").filter(has_text="Selected")).to_contain_text(
        "Selected 4 words"
    )

    # Tab past the selected passage to the theme filter; find two themes, tick them with Space.
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Selected passage")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#theme-filter")).to_be_focused()
    page.keyboard.type("disclosure")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.locator("#theme-filter").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("erosion")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.locator("#coding-form button[type=submit]").focus()
    page.keyboard.press("Enter")

    status = page.locator("#coding-status")
    expect(status).to_contain_text("Coded “")
    expect(status).to_contain_text("“Disclosure and risk”")
    expect(status).to_contain_text("“Distinctiveness / erosion of the role”")
    coded = page.locator("#source-text mark")
    expect(coded).to_have_count(1)
    expect(coded.locator(".qual-stripe")).to_have_count(2)
    excerpt = Excerpt.objects.get()
    assert source.text[excerpt.start : excerpt.end].strip() == PASSAGE
    assert Coding.objects.filter(excerpt=excerpt).count() == 2

    page.goto(f"{live_server.url}/qualitative/matrix/")
    cell = page.locator('tr[data-initiative="P-01"] td[data-theme="Disclosure and risk"]')
    expect(cell.locator(".qual-count")).to_have_text("1 excerpt")

    # The Columns control names the level shown, and at 200% zoom (half the width) the matrix
    # scrolls inside its own box, never the whole page.
    selected_level = page.locator("#id_level option:checked").inner_text()
    expect(page.locator("#framework-matrix caption")).to_contain_text(selected_level.lower())
    page.set_viewport_size({"width": 683, "height": 384})
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
