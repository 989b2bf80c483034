"""A manager records a session's attendance and completion, and sees the compliance matrix
change from missing to compliant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.training.factories import (
    EnrolmentFactory,
    RequiredTrainingFactory,
    SessionFactory,
    TrainingProgrammeFactory,
)

pytestmark = pytest.mark.browser


def test_manager_records_attendance_and_the_matrix_changes(
    page, live_server, login, manager_a, org_a, initiative_a, role_a, peer_worker_a
):
    programme = TrainingProgrammeFactory(organisation=org_a, title="Safeguarding adults")
    RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=12)
    session = SessionFactory(
        programme=programme, starts_on=timezone.localdate() - dt.timedelta(days=3)
    )
    EnrolmentFactory(session=session, peer_worker=peer_worker_a)
    matrix_url = live_server.url + reverse(
        "training:compliance-matrix", args=[initiative_a.public_id]
    )

    login(page, live_server, manager_a)
    page.goto(matrix_url)
    cell = page.locator("#compliance-matrix tbody td [data-status]")
    assert cell.get_attribute("data-status") == "missing"

    page.goto(live_server.url + reverse("training:session-detail", args=[session.public_id]))
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_label("Attended", exact=True).check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Attendance saved (1 changed).")).to_be_visible()

    page.get_by_role("link", name="Record completion", exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Completion recorded for Pat Peerworker.")).to_be_visible()

    page.goto(matrix_url)
    cell = page.locator("#compliance-matrix tbody td [data-status]")
    expect(cell).to_have_attribute("data-status", "compliant")
    expect(page.locator('[data-total="compliant"]')).to_have_text("1")
