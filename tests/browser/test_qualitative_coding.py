"""A researcher selects a passage in the browser, codes it, and sees it counted in the matrix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import PlatformRole
from qualitative.models import Coding, Excerpt
from tests.factories import UserFactory
from tests.qualitative.factories import ResearchProjectFactory, add_source, code, theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# An already-coded passage (rendered as <mark>) and an emoji (two UTF-16 units, one code
# point) come before the passage, so the offsets must be counted the way Python counts them.
TEXT = (
    "Line one was coded earlier.\n"
    "Then 😀 the ward staff said peers should not share their stories.\n"
    "Afterwards things improved."
)
PASSAGE = "peers should not share their stories"


def test_researcher_codes_a_selected_passage_and_sees_it_in_the_matrix(
    page, live_server, login, initiative_a
):
    researcher = UserFactory(
        email="coder@example.org", full_name="Cora Coder", platform_role=PlatformRole.RESEARCHER
    )
    source = add_source(project=ResearchProjectFactory(), initiative=initiative_a, text=TEXT)
    code(source, "Line one was coded earlier.", [theme("training")], researcher)
    login(page, live_server, researcher)

    page.goto(f"{live_server.url}/qualitative/sources/{source.public_id}/")
    expect(page.locator("#source-text mark")).to_have_text("Line one was coded earlier.")
    page.evaluate(
        """(passage) => {
            const container = document.getElementById("source-text");
            const node = Array.from(container.childNodes).find(n => n.nodeType === 3 && n.textContent.includes(passage));
            const start = node.textContent.indexOf(passage);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + passage.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        PASSAGE,
    )
    expect(page.get_by_role("textbox", name="Selected passage")).to_have_value(PASSAGE)
    page.get_by_label("Cultural issues > Disclosure and risk").check()
    page.get_by_label("Memo", exact=True).fill("Caution about risk")
    page.get_by_role("button", name="Apply themes").click()

    expect(page.locator("#coding-status")).to_have_text(
        "Coded “Disclosure and risk” on “peers should not share their…” (6 words)."
    )
    expect(page.locator("#source-text mark").nth(1)).to_have_text(PASSAGE)
    excerpt = Excerpt.objects.exclude(start=0).get()
    assert source.text[excerpt.start : excerpt.end] == PASSAGE
    coding = Coding.objects.get(theme=theme("disclosure-risk"))
    assert coding.coder == researcher and coding.memo == "Caution about risk"

    page.get_by_role("link", name="Framework matrix").click()
    cell = page.locator('tr[data-initiative="P-01"] td[data-theme="Disclosure and risk"]')
    expect(cell.locator(".qual-count")).to_have_text("1 excerpt")
    cell.get_by_role("link", name="1 excerpt").click()
    expect(page.locator("blockquote")).to_have_text(re.compile(PASSAGE))
