import pytest
from playwright.sync_api import expect

from cases.models import Initiative

pytestmark = pytest.mark.browser


def test_manager_creates_a_partnership_initiative_with_a_role(
    page, live_server, login, manager_a, org_a, org_b
):
    login(page, live_server, manager_a)
    page.get_by_role("link", name="Initiatives").first.click()
    page.get_by_role("link", name="New initiative").click()
    page.get_by_label("Name").first.fill("Beacon ward peers")
    page.get_by_label("Status").select_option("active")
    page.get_by_label("Start date").fill("2025-02-03")
    page.get_by_label("Inpatient ward").check()
    page.get_by_role("button", name="Add another partner").click()
    page.locator("#id_partners-1-organisation").select_option(value=str(org_b.pk))
    page.locator("#id_partners-1-part").select_option("employer")
    page.get_by_role("button", name="Save initiative").click()
    page.get_by_text("Partnership", exact=True).first.wait_for()

    page.get_by_role("link", name="Add a role").click()
    page.get_by_label("Title").fill("Peer support worker")
    page.get_by_label("Employer").select_option(label=org_b.name)
    page.get_by_label("Paid, sessional or volunteer").select_option("paid")
    page.get_by_label("Pay band").select_option("3")
    page.get_by_label("Hours per week").fill("30")
    page.get_by_label("Contract").select_option("permanent")
    page.get_by_label("Lived experience criterion").select_option("essential")
    page.get_by_role("button", name="Save role").click()
    page.get_by_role("heading", name="Peer support worker").wait_for()

    page.get_by_role("link", name="Initiatives").first.click()
    row = page.get_by_role("row").filter(has_text="Beacon ward peers")
    expect(row.get_by_text("Partnership")).to_be_visible()
    initiative = Initiative.objects.get(name="Beacon ward peers")
    assert initiative.context == "partnership"
    assert initiative.roles.get().employer == org_b
