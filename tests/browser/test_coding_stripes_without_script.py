"""Without script, a coding's stripe is a plain link: the coding page opens with the coding
shown and its passage marked, and "Remove coding" is an ordinary form. (axe checks the same
panel with script, in test_coding_stripes.py: it needs script to run in the page.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.models import PlatformRole
from qualitative.models import Coding
from tests.browser.test_coding_stripes import PASSAGE, TEXT
from tests.factories import UserFactory
from tests.qualitative.factories import ResearchProjectFactory, add_source, code, theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "java_script_enabled": False}


def test_the_stripe_opens_the_coding_as_a_page(page, live_server, login, initiative_a):
    researcher = UserFactory(
        email="nojs@example.org", full_name="Noah Script", platform_role=PlatformRole.RESEARCHER
    )
    source = add_source(project=ResearchProjectFactory(), initiative=initiative_a, text=TEXT)
    [coding] = code(source, PASSAGE, [theme("practice-boundaries")], researcher)
    login(page, live_server, researcher)
    source_url = f"{live_server.url}/qualitative/sources/{source.public_id}/"
    page.goto(source_url)

    page.get_by_role("link", name="Coding: Practice boundaries on ‘I felt I could say…’").click()

    expect(page).to_have_url(f"{live_server.url}/qualitative/codings/{coding.public_id}/")
    detail = page.locator("#coding-detail")
    expect(detail.get_by_role("heading", name="Coding: Practice boundaries")).to_be_visible()
    expect(detail).to_contain_text("Noah Script")
    expect(page.locator("#source-text mark.qual-focus")).to_have_text(PASSAGE)
    detail.get_by_role("button", name="Remove coding").click()

    expect(page).to_have_url(source_url)
    expect(page.locator(".alert-success")).to_have_text(
        "Removed the coding “Practice boundaries” from “I felt I could say…”."
    )
    expect(page.locator("#source-text .qual-stripe")).to_have_count(0)
    assert not Coding.objects.exists()
