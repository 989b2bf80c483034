"""The comparison in Chromium: what a manager declares reaches the researcher's case table."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_declared_informal_support_reaches_the_researchers_case_table(
    page, live_server, login, manager_a, researcher, initiative_a, peer_worker_a
):
    login(page, live_server, manager_a)
    page.goto(f"{live_server.url}/cases/initiatives/{initiative_a.public_id}/")
    page.get_by_role("link", name="Practice profile").first.click()
    page.get_by_role("link", name="Describe your practice").click()

    support = page.get_by_role("group", name="Ongoing support")
    support.get_by_label("Not known").last.uncheck()
    support.get_by_label("Informal one-to-one support as needed").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Practice profile").wait_for()
    expect(page.get_by_text("Informal one-to-one support as needed").first).to_be_visible()

    page.context.clear_cookies()
    login(page, live_server, researcher)
    page.get_by_role("link", name="Case table").first.click()
    row = page.get_by_role("row").filter(has_text="P-01")
    row.wait_for()
    expect(row).to_contain_text("Informal one-to-one support as needed")
    # The researcher sees the research code, never the initiative's name.
    assert initiative_a.name not in page.content()
