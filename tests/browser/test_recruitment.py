"""A service manager opens a campaign, records an applicant, moves them through every stage to
appointment, and finds the new peer worker in the role."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cases.models import PeerWorker
from recruitment.models import Application, Campaign

pytestmark = pytest.mark.browser


def test_manager_recruits_a_peer_worker_from_campaign_to_role(
    page, live_server, login, manager_a, role_a
):
    login(page, live_server, manager_a)
    page.get_by_role("link", name="Recruitment").first.click()

    # Open a campaign.
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Peer worker role").select_option(
        label=f"{role_a.title} — {role_a.initiative.name}"
    )
    page.get_by_label("Title").fill("Ward peers, autumn")
    page.get_by_label("Vacancies").fill("1")
    page.get_by_label("Recruitment route").select_option("targeted")
    page.get_by_label("Opening date").fill("2025-09-01")
    page.get_by_label("Closing date").fill("2025-09-29")
    page.get_by_label("Status").select_option("open")
    page.get_by_label("Selection criteria", exact=True).fill("Uses lived experience\nListens well")
    page.get_by_role("button", name="Save campaign").click()
    page.get_by_role("heading", name="Ward peers, autumn").wait_for()

    # Record an applicant.
    page.get_by_role("link", name="Record an application").click()
    page.locator("#id_full_name").fill("Rowan Applicant")
    page.get_by_label("E-mail address").fill("rowan@example.org")
    page.get_by_label("Lived experience declared").select_option("yes")
    page.get_by_label("Received on").fill("2025-09-03")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Rowan Applicant").wait_for()

    # Move them through the pipeline.
    for stage, label in [
        ("shortlisted", "Shortlisted"),
        ("interview", "Interview"),
        ("offered", "Offered"),
        ("checks", "Pre-employment checks"),
    ]:
        page.get_by_role("combobox", name="Move to").select_option(stage)
        page.get_by_role("button", name="Move", exact=True).click()
        page.get_by_text(f"Moved to '{label}'.").wait_for()

    # Appoint.
    page.get_by_label("Start date").fill("2025-11-03")
    page.get_by_role("button", name="Appoint").click()
    page.get_by_text("is appointed and now a peer worker").wait_for()
    expect(page.get_by_test_id("application-stage")).to_have_text(re.compile(r"^\s*Appointed"))
    expect(page.get_by_test_id("stage-history").get_by_role("row")).to_have_count(6)

    # The campaign is filled and the new peer worker is in the role.
    page.get_by_role("link", name="Ward peers, autumn").first.click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Filled")
    page.get_by_role("link", name=role_a.title).first.click()
    page.get_by_role("cell", name="Rowan Applicant", exact=True).wait_for()

    peer_worker = PeerWorker.objects.get(role=role_a, full_name="Rowan Applicant")
    assert Application.objects.get(full_name="Rowan Applicant").peer_worker == peer_worker
    assert Campaign.objects.get(title="Ward peers, autumn").status == "filled"
