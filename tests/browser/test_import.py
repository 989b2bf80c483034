"""A manager uploads a spreadsheet of training completions, sees one row refused in the
preview, corrects nothing else, and, once the refused row is fixed, confirms and finds the
completions in the compliance matrix."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from imports.kinds import KINDS
from peerwork.lib.exports import csv_text
from tests.factories import PeerWorkerFactory
from tests.training.factories import RequiredTrainingFactory, TrainingProgrammeFactory

pytestmark = pytest.mark.browser


def test_manager_imports_completions_and_sees_them_in_the_matrix(
    page, live_server, login, manager_a, org_a, initiative_a, role_a, peer_worker_a, tmp_path
):
    programme = TrainingProgrammeFactory(organisation=org_a, title="Safeguarding adults")
    RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=12)
    second = PeerWorkerFactory(role=role_a, full_name="Sam Second", pseudonym="P-01-W02")
    recent = (timezone.localdate() - dt.timedelta(days=10)).strftime("%d/%m/%Y")
    header = KINDS["training-completions"].column_names
    bad = tmp_path / "completions.csv"
    bad.write_text(
        csv_text(
            header,
            [
                [peer_worker_a.pseudonym, "Safeguarding adults", recent, "", "", ""],
                [second.pseudonym, "Safeguarding adults", "31/02/2025", "", "", ""],
            ],
        )
    )

    login(page, live_server, manager_a)
    page.goto(live_server.url + reverse("imports:index"))
    page.get_by_label("What the file holds").select_option("training-completions")
    page.get_by_label("Spreadsheet").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#count-create")).to_have_text("1")
    expect(page.locator("#count-refuse")).to_have_text("1")
    refused = page.locator("#refused-rows")
    expect(refused).to_contain_text("“31/02/2025” is not a day of the calendar.")
    expect(page.get_by_role("button", name="Confirm")).to_have_count(0)

    good = tmp_path / "completions-fixed.csv"
    good.write_text(
        csv_text(
            header,
            [
                [peer_worker_a.pseudonym, "Safeguarding adults", recent, "", "", ""],
                [second.pseudonym, "Safeguarding adults", recent, "", "", ""],
            ],
        )
    )
    page.goto(live_server.url + reverse("imports:index"))
    page.get_by_label("What the file holds").select_option("training-completions")
    page.get_by_label("Spreadsheet").set_input_files(str(good))
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#count-create")).to_have_text("2")
    page.get_by_role("button", name="Confirm: add 2 and update 0").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Imported: 2 new, 0 updated.").first).to_be_visible()

    page.goto(
        live_server.url + reverse("training:compliance-matrix", args=[initiative_a.public_id])
    )
    statuses = page.locator("#compliance-matrix tbody td [data-status]")
    assert [statuses.nth(i).get_attribute("data-status") for i in range(statuses.count())] == [
        "compliant",
        "compliant",
    ]
