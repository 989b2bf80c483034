"""A researcher filters the comparison to inpatient settings, opens a plot and downloads the CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.comparison.factories import known_landscape

pytestmark = pytest.mark.browser


def test_researcher_filters_to_inpatient_opens_a_plot_and_downloads_the_csv(
    page, live_server, login, researcher
):
    known_landscape()
    login(page, live_server, researcher)

    page.get_by_role("link", name="Comparison").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comparison across organisational contexts"
    )
    page.get_by_label("Service setting").select_option(label="Inpatient ward")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"setting=inpatient"))

    page.get_by_role("link", name="By initiative", exact=True).click()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name=re.compile("P-01"))).to_be_visible()
    expect(table.get_by_role("columnheader", name=re.compile("P-04"))).to_be_visible()
    expect(table.get_by_role("columnheader", name=re.compile("P-02"))).to_have_count(0)

    page.get_by_role("link", name=re.compile(r"^Plot\W+Hours per week")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hours per week (median)")
    expect(page.get_by_role("img", name="Hours per week (median)")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("30 h")

    page.get_by_role("link", name="Comparison", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"setting=inpatient"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV: by initiative").click()
    download = download_info.value
    assert download.suggested_filename.startswith("comparison-initiatives-")
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["research_code"] for row in rows} == {"P-01", "P-04"}
    assert "Saltmarsh" not in text and "Valley" not in text
