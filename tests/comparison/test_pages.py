"""The comparison pages, plots and exports: every figure's state is the same wherever it is
shown, the five states are told apart, bad periods and filters get a message, and the number of
queries does not grow with the number of initiatives."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from comparison.disclosure import MEASURES, State
from comparison.models import PracticeDeclaration
from comparison.services import profiles_rebuild
from comparison.vocabularies import SupportModel
from tests.comparison.downloads import csv_dicts, xlsx_dicts, xlsx_sheets
from tests.comparison.scenes import TODAY, initiative_in, with_role

pytestmark = pytest.mark.django_db

YEAR_2024 = {"first": "2024-Q1", "last": "2024-Q4"}


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def landscape(clock):
    """Two voluntary initiatives big enough to show, a statutory one too small to show, one
    with nobody yet, and a partnership whose manager has declared its informal support."""
    big = initiative_in("voluntary", code="P-51", name="Harbour Peers")
    with_role(big, workers=7, has_peer_line_manager=True)
    other = initiative_in("voluntary", code="P-52", name="Lighthouse Peers")
    with_role(other, workers=6, has_peer_line_manager=False)
    small = initiative_in("statutory", code="P-53", name="Quayside Peers")
    with_role(small, workers=2)
    empty = initiative_in("statutory", code="P-54", name="Mill Street Peers")
    with_role(empty, workers=0)
    partnership = initiative_in("partnership", code="P-55", name="Canal Peers")
    with_role(partnership, workers=6)
    PracticeDeclaration.objects.create(
        initiative=partnership, ongoing_support=[SupportModel.INFORMAL_ONE_TO_ONE]
    )
    profiles_rebuild(force=True)
    return [big, other, small, empty, partnership]


def _page_states(html: bytes) -> dict[tuple[str, str], list[str]]:
    """``{(row kind, key): [state of each column]}`` from the comparison table."""
    tree = lxml.html.fromstring(html)
    table = tree.xpath("//table[@aria-describedby='disclosure-note']")[0]
    states: dict[tuple[str, str], list[str]] = {}
    for row in table.xpath(".//tr[@data-fact or @data-measure]"):
        if row.get("data-measure"):
            key = ("measure", row.get("data-measure"))
        else:
            key = ("fact", f"{row.get('data-fact')}:{row.get('data-option') or ''}")
        cells = [cell.get("data-state") for cell in row.xpath("./td[@data-state]")]
        if cells:  # a list fact's heading row has its options below it, not cells of its own
            states[key] = cells
    return states


def _export_states(rows: list[dict]) -> dict[tuple[str, str], list[str]]:
    states: dict[tuple[str, str], list[str]] = defaultdict(list)
    measures = {measure.key for measure in MEASURES}
    for row in rows:
        if row["figure"] in measures and not row["option"]:
            key = ("measure", row["figure"])
        else:
            key = ("fact", f"{row['figure']}:{row['option'] or ''}")
        states[key].append(row["state"])
    return dict(states)


@pytest.mark.parametrize("view", ["context", "initiative"])
def test_every_figure_has_the_same_state_on_the_page_and_in_both_exports(
    landscape, researcher, client_for, view
):
    client = client_for(researcher)
    query = {**YEAR_2024, "view": view}
    page = client.get(reverse("comparison:comparison"), query)
    assert page.status_code == 200
    on_page = _page_states(page.content)

    as_csv = client.get(reverse("comparison:export"), {**query, "format": "csv"})
    as_xlsx = client.get(reverse("comparison:export"), {**query, "format": "xlsx"})
    in_csv = _export_states(csv_dicts(as_csv))
    main_sheet = next(iter(xlsx_sheets(as_xlsx).values()))
    in_xlsx = _export_states(
        [
            {key: "" if value is None else str(value) for key, value in row.items()}
            for row in xlsx_dicts(main_sheet)
        ]
    )

    assert on_page == in_csv == in_xlsx
    seen = {state for states in on_page.values() for state in states}
    assert seen == {str(state) for state in State}, "all five states are in this landscape"


def test_the_five_states_read_differently_on_the_page(landscape, researcher, client_for):
    page = client_for(researcher).get(
        reverse("comparison:comparison"), {**YEAR_2024, "view": "initiative"}
    )
    tree = lxml.html.fromstring(page.content)
    words = defaultdict(set)
    for cell in tree.xpath("//td[@data-state]"):
        words[cell.get("data-state")].add(cell.text_content().strip())
    # "no data", "not applicable" and "suppressed" are said in words; a value is never one of
    # those words; "none" is a zero, never an empty cell.
    assert words["suppressed"] == {"suppressed"}
    assert words["not_applicable"] == {"not applicable"}
    assert words["no_data"] <= {"no data", "not known"}
    assert all(
        text and text not in {"suppressed", "no data", "not applicable"} for text in words["value"]
    )
    assert all(text.startswith(("none", "no", "0")) for text in words["none"])
    # Each state has its own class, so the stylesheet draws them differently.
    classes = {cell.get("class") for cell in tree.xpath("//td[@data-state]/span")}
    assert {f"state state-{state}" for state in State} <= classes


def test_each_plot_shows_the_states_of_its_row(landscape, researcher, client_for):
    client = client_for(researcher)
    on_page = _page_states(client.get(reverse("comparison:comparison"), YEAR_2024).content)
    plotted: set[str] = set()
    for (kind, key), states in on_page.items():
        figure, _, option = key.partition(":")
        if kind == "fact" and option:
            continue  # options are plotted together with their fact
        parameter = {"measure": figure} if kind == "measure" else {"fact": figure}
        response = client.get(reverse("comparison:plot"), {**YEAR_2024, **parameter})
        assert response.status_code == 200, key
        tree = lxml.html.fromstring(response.content)
        in_table = [cell.get("data-state") for cell in tree.xpath("//table//td[@data-state]")]
        assert set(states) <= set(in_table) or kind == "fact", key
        svg = response.content.decode()
        for state in set(in_table) - {"value", "none"}:
            # A gap in the bars is labelled with its state, never drawn as a zero.
            assert {
                "no_data": "no data",
                "not_applicable": "not applicable",
                "suppressed": "suppressed",
            }[state] in svg
        plotted |= set(in_table)
    assert {"suppressed", "no_data", "value", "none"} <= plotted


def test_a_suppressed_figure_keeps_its_number_out_of_every_download(
    landscape, researcher, client_for
):
    client = client_for(researcher)
    query = {**YEAR_2024, "view": "initiative"}
    rows = csv_dicts(client.get(reverse("comparison:export"), {**query, "format": "csv"}))
    small = [row for row in rows if row["column"] == "P-53" and row["figure"] == "headcount"]
    assert [(row["state"], row["value"], row["n"], row["text"]) for row in small] == [
        ("suppressed", "", "", "suppressed")
    ]


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"first": "2031-Q1", "last": "2031-Q2"}, "Select a valid choice"),
        (
            {"first": "2024-Q4", "last": "2024-Q1"},
            "The end of the period cannot be before its start.",
        ),
        ({**YEAR_2024, "context": "municipal"}, "Select a valid choice"),
        ({**YEAR_2024, "region": "atlantis"}, "Select a valid choice"),
        ({**YEAR_2024, "setting": "moon-base"}, "Select a valid choice"),
        ({"first": "yesterday", "last": "2024-Q4"}, "Select a valid choice"),
    ],
)
def test_a_period_or_filter_outside_the_data_is_refused_with_a_message(
    landscape, researcher, client_for, query, message
):
    client = client_for(researcher)
    for name in ("comparison:comparison", "comparison:case-table"):
        response = client.get(reverse(name), query)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert response.context["table" if name.endswith("table") else "matrix"] is None
    # Downloads and plots reached with the same bad link say "not found", never a 500.
    assert client.get(reverse("comparison:export"), {**query, "format": "csv"}).status_code == 404
    assert (
        client.get(reverse("comparison:plot"), {**query, "measure": "headcount"}).status_code == 404
    )


def test_unknown_export_formats_views_and_plots_are_not_found(landscape, researcher, client_for):
    client = client_for(researcher)
    export = reverse("comparison:export")
    assert client.get(export, {**YEAR_2024, "format": "pdf"}).status_code == 404
    assert client.get(export, {**YEAR_2024, "view": "everything"}).status_code == 404
    assert (
        client.get(reverse("comparison:plot"), {**YEAR_2024, "fact": "nonsense"}).status_code == 404
    )


def test_without_profiles_the_page_says_there_are_none(researcher, client_for):
    response = client_for(researcher).get(reverse("comparison:comparison"))
    assert response.status_code == 200
    assert response.context["matrix"] is None


# --- Query counts -------------------------------------------------------------------------


def _grow(start: int, stop: int) -> None:
    for number in range(start, stop):
        context = ("statutory", "voluntary", "partnership")[number % 3]
        initiative = initiative_in(context, code=f"P-{600 + number}", name=f"Initiative {number}")
        with_role(initiative, workers=number % 4)
    profiles_rebuild(force=True)


PAGES = [
    ("comparison:comparison", {**YEAR_2024, "view": "context"}),
    ("comparison:comparison", {**YEAR_2024, "view": "initiative"}),
    ("comparison:case-table", YEAR_2024),
    ("comparison:export", {**YEAR_2024, "view": "initiative", "format": "csv"}),
    ("comparison:export", {**YEAR_2024, "view": "case-table", "format": "xlsx"}),
    ("comparison:plot", {**YEAR_2024, "measure": "headcount"}),
    ("comparison:plot", {**YEAR_2024, "fact": "ongoing_support"}),
]


def _query_counts(client) -> list[int]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for name, query in PAGES:
        cache.clear()  # what a page costs when it is built, not when it is served kept
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name), query)
        assert response.status_code == 200, name
        counts.append(len(captured.captured_queries))
    return counts


def test_the_query_count_is_the_same_at_10_and_200_initiatives(clock, researcher, client_for):
    client = client_for(researcher)
    _grow(0, 10)
    _query_counts(client)  # the first request warms the session and cached vocabularies
    at_10 = _query_counts(client)

    _grow(10, 200)
    at_200 = _query_counts(client)

    assert at_10 == at_200
    # Each reads profiles and published figures, never the records behind them: the session,
    # the user, the quarters and years on offer, the settings, the profiles (and the page of
    # them), the published people figures, and the researcher's identified-access grants.
    assert max(at_200) <= 14, at_200


def test_the_comparison_reads_only_profiles_and_published_figures(
    landscape, researcher, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(researcher)
    client.get(reverse("comparison:comparison"), YEAR_2024)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("comparison:comparison"), {**YEAR_2024, "view": "initiative"})
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    for record_table in (
        "supervision_supervisionsession",
        "training_enrolment",
        "recruitment_application",
        'cases_peerworker"',
    ):
        assert record_table not in sql


def test_date_free_filters_cannot_be_asked_for(landscape, researcher, client_for):
    """Periods are whole quarters chosen from a list: a day in the query is ignored."""
    client = client_for(researcher)
    plain = client.get(reverse("comparison:comparison"), YEAR_2024)
    dated = client.get(
        reverse("comparison:comparison"),
        {**YEAR_2024, "period_start": "2024-02-03", "period_end": "2024-11-09"},
    )
    assert _page_states(plain.content) == _page_states(dated.content)
    assert urlencode({"period_start": "2024-02-03"}) not in dated.content.decode()


# --- Places ---------------------------------------------------------------------------------


def test_region_and_setting_are_shown_only_where_k_initiatives_share_them(
    clock, researcher, client_for
):
    from cases.models import Region, ServiceSetting

    ward = ServiceSetting.objects.order_by("slug").first()
    for number in range(5):
        shared = initiative_in(
            "voluntary", code=f"P-8{number}", name=f"Shared {number}", region=Region.LONDON
        )
        shared.settings.set([ward])
    alone = initiative_in("statutory", code="P-90", name="Alone", region=Region.NORTH_WEST)
    alone.settings.set([ward])
    profiles_rebuild(force=True)

    page = client_for(researcher).get(
        reverse("comparison:comparison"),
        {"view": "initiative", "first": "2025-Q2", "last": "2025-Q2"},
    )
    details = {column.label: column.detail for column in page.context["matrix"].columns}
    assert "London" in details["P-80"] and ward.name in details["P-80"]
    assert "North West" not in details["P-90"] and "England" in details["P-90"]
    assert ward.name not in details["P-90"]
    # Filtering on the hidden region or setting cannot single the initiative out either.
    rows = csv_dicts(
        client_for(researcher).get(
            reverse("comparison:export"),
            {
                "view": "initiative",
                "first": "2025-Q2",
                "last": "2025-Q2",
                "format": "csv",
                "region": Region.NORTH_WEST,
            },
        )
    )
    assert {row["column"] for row in rows} == set()


# --- Kept pages -----------------------------------------------------------------------------


def test_a_kept_page_is_served_again_until_a_write_changes_a_profile(
    landscape, researcher, client_for, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(researcher)
    query = {"first": "2025-Q2", "last": "2025-Q2", "view": "initiative"}
    first = client.get(reverse("comparison:comparison"), query)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(reverse("comparison:comparison"), query)
    # the session and the user, the generation, the researcher's grants: nothing else
    assert len(captured.captured_queries) <= 5

    def main(response) -> bytes:
        return lxml.html.tostring(lxml.html.fromstring(response.content).xpath("//main")[0])

    assert main(again) == main(first)

    partnership = landscape[-1]
    with django_capture_on_commit_callbacks(execute=True):
        PracticeDeclaration.objects.filter(initiative=partnership).update(version=2)
        declaration = PracticeDeclaration.objects.get(initiative=partnership)
        declaration.ongoing_support = [SupportModel.REFLECTIVE_GROUP]
        declaration.save()
    after = client.get(reverse("comparison:comparison"), query)
    states = _page_states(after.content)
    assert states != _page_states(first.content)
    assert "Reflective practice group" in after.content.decode()


def test_a_kept_page_is_not_served_to_another_audience(
    landscape, researcher, manager_a, client_for
):
    researcher_page = client_for(researcher).get(reverse("comparison:comparison"), YEAR_2024)
    manager_page = client_for(manager_a).get(reverse("comparison:comparison"), YEAR_2024)
    assert researcher_page.content != manager_page.content
    assert "with your own initiatives beside them" in manager_page.content.decode()


def test_a_write_to_the_open_quarter_keeps_the_pages_of_closed_periods(
    landscape, researcher, client_for, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(researcher)
    closed = {**YEAR_2024, "view": "initiative"}
    client.get(reverse("comparison:comparison"), closed)
    partnership = landscape[-1]
    with django_capture_on_commit_callbacks(execute=True):
        declaration = PracticeDeclaration.objects.get(initiative=partnership)
        declaration.ongoing_support = [SupportModel.REFLECTIVE_GROUP]
        declaration.save()
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("comparison:comparison"), closed)
    assert len(captured.captured_queries) <= 5  # still kept: 2024 did not change

    # A forced rebuild of a closed quarter retires the kept pages of closed periods too.
    profiles_rebuild(quarters=[dt.date(2024, 10, 1)], force=True)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("comparison:comparison"), closed)
    assert len(captured.captured_queries) > 5
