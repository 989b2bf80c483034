"""Plots (inline SVG with a data table; SVG and PNG downloads) and exports (CSV, XLSX with a
data dictionary) show suppressed figures as suppressed."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from comparison.registry import dimensions
from django.urls import reverse
from openpyxl import load_workbook

from tests.comparison.factories import (
    TODAY,
    known_landscape,
)


@pytest.fixture
def landscape(db, settings):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = 3
    with time_machine.travel(TODAY, tick=False):
        yield known_landscape()


def test_plot_page_has_the_chart_its_data_table_and_downloads(landscape, researcher, client_for):
    response = client_for(researcher).get(reverse("comparison:plot") + "?dimension=posts_filled")
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "<caption" in html and "Data for the plot: Funded posts filled" in html
    assert "83% <span" in html and "60% <span" in html and "suppressed" in html
    assert "format=svg" in html and "format=png" in html
    assert "<script" not in html.split("</main>")[0]  # no inline script (CSP)
    assert 'style="' not in html


def test_suppressed_figures_are_gaps_in_the_plots(landscape, researcher, client_for):
    svg = client_for(researcher).get(
        reverse("comparison:plot-download") + "?dimension=posts_filled&format=svg"
    )
    assert svg["Content-Type"] == "image/svg+xml"
    assert 'attachment; filename="comparison-posts_filled-' in svg["Content-Disposition"]
    text = svg.content.decode()
    assert "83.3%" in text and "60%" in text
    assert "66.7" not in text  # the partnership's 2 of 3 in post
    assert "suppressed / no data" in text


def test_png_download_is_a_png(landscape, researcher, client_for):
    response = client_for(researcher).get(
        reverse("comparison:plot-download") + "?dimension=employment&format=png"
    )
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(response.content) > 5000


def test_distribution_plot_groups_categories_by_context(landscape, researcher, client_for):
    html = (
        client_for(researcher)
        .get(reverse("comparison:plot") + "?dimension=employment")
        .content.decode()
    )
    for label in ("Paid", "Sessional", "Volunteer", "Statutory", "Voluntary", "Partnership"):
        assert label in html


def test_xlsx_has_both_tables_the_dictionary_and_suppression(landscape, researcher, client_for):
    response = client_for(researcher).get(reverse("comparison:export") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["By initiative", "By context", "Data dictionary", "About"]
    by_context = list(workbook["By context"].iter_rows(values_only=True))
    header = by_context[0]
    rows = [dict(zip(header, row, strict=True)) for row in by_context[1:]]
    hidden = next(
        r for r in rows if r["context"] == "partnership" and r["dimension"] == "posts_filled"
    )
    assert (
        hidden["status"] == "suppressed"
        and hidden["value"] in (None, "")
        and hidden["n"] in (None, "")
    )
    shown = next(
        r for r in rows if r["context"] == "statutory" and r["dimension"] == "posts_filled"
    )
    assert (shown["value"], shown["count"], shown["n"]) == (83.3, 5, 6)
    dictionary = list(workbook["Data dictionary"].iter_rows(values_only=True))
    names = {row[1] for row in dictionary[1:]}
    assert {d.key for d in dimensions()} <= names
    assert {"research_code", "value", "n", "status", "context"} <= names
    assert any("cases.PeerWorker" in (row[9] or "") for row in dictionary[1:])
    about = dict(workbook["About"].iter_rows(values_only=True))
    assert about["suppression threshold"] == 3


def test_csv_dictionary_names_each_column_meaning_and_source(landscape, researcher, client_for):
    response = client_for(researcher).get(
        reverse("comparison:export") + "?format=csv&table=dictionary"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    retention = next(r for r in rows if r["name"] == "retention_12m")
    assert retention["entry"] == "dimension" and retention["person_level"] == "yes"
    assert retention["source"] == "cases.PeerWorker.started/ended" and retention["meaning"]
    assert next(r for r in rows if r["name"] == "status")["meaning"].startswith("shown, suppressed")


def test_names_that_look_like_formulas_are_neutralised(
    landscape, researcher, administrator, client_for
):
    from comparison.models import IdentifiedAccessGrant

    initiative = landscape["initiatives"][0]
    initiative.name = '=HYPERLINK("http://example.invalid","x")'
    initiative.save()
    IdentifiedAccessGrant.objects.create(
        researcher=researcher,
        initiative=initiative,
        reason="Ethics approval",
        granted_by=administrator,
    )
    client = client_for(researcher)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("comparison:export") + "?format=csv").content.decode())
        )
    )
    assert {r["initiative_name"] for r in rows if r["research_code"] == "P-01"} == {
        '\'=HYPERLINK("http://example.invalid","x")'
    }
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("comparison:export") + "?format=xlsx").content)
    )
    names = {row[4] for row in workbook["By initiative"].iter_rows(min_row=2, values_only=True)}
    assert not any(str(name).startswith("=") for name in names)
