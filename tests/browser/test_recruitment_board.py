"""Recruitment's next step defaults to the forward stage, never to ending the application;
the pipeline board fits a 1366 px screen and moves applicants with the form's rules."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from recruitment.models import Application, Stage, StageChange
from tests.recruitment.factories import CampaignFactory, application_at

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def campaign(role_a, manager_a):
    return CampaignFactory(role=role_a, title="Ward peers", vacancies=2)


def test_default_step_never_ends_an_application(page, live_server, login, manager_a, campaign):
    at_checks = application_at(campaign, Stage.CHECKS, by=manager_a, name="Casey Checks")
    shortlisted = application_at(campaign, Stage.SHORTLISTED, by=manager_a, name="Sam Short")
    login(page, live_server, manager_a)

    page.goto(f"{live_server.url}/recruitment/applications/{shortlisted.public_id}/")
    expect(page.get_by_role("combobox", name="Move to")).to_have_value("interview")

    page.goto(f"{live_server.url}/recruitment/applications/{at_checks.public_id}/")
    # Appointing comes first; ending needs an explicit choice.
    appoint = page.get_by_role("heading", name="Next step: appoint")
    end = page.get_by_role("heading", name="Or end this application")
    assert appoint.bounding_box()["y"] < end.bounding_box()["y"]
    expect(page.get_by_role("combobox", name="End the application as")).to_have_value("")
    page.get_by_role("button", name="End the application").click()
    expect(page.locator("[data-error-summary]")).to_contain_text(
        "Choose the next stage, or how the application ends."
    )
    assert Application.objects.get(pk=at_checks.pk).stage == Stage.CHECKS


def test_board_fits_the_screen_and_moves_an_applicant(
    page, live_server, login, manager_a, campaign
):
    applicant = application_at(campaign, Stage.SHORTLISTED, by=manager_a, name="Sam Short")
    login(page, live_server, manager_a)
    page.goto(f"{live_server.url}/recruitment/campaigns/{campaign.public_id}/board/")

    board = page.locator(".recruitment-board")
    assert board.evaluate("b => b.scrollWidth <= b.clientWidth"), "the board scrolls sideways"
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )

    page.get_by_role("button", name="Move to Interview — Sam Short").click()
    interview = page.locator(
        "section", has=page.get_by_role("heading", name="Interview", exact=True)
    )
    expect(interview.get_by_role("link", name="Sam Short")).to_be_visible()
    expect(page.get_by_text("Sam Short moved to 'Interview'.")).to_be_visible()
    applicant.refresh_from_db()
    assert applicant.stage == Stage.INTERVIEW
    assert StageChange.objects.filter(application=applicant, to_stage=Stage.INTERVIEW).count() == 1
