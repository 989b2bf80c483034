"""Filters: setting, region, role function and period."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.comparison.factories import (
    TODAY,
    known_landscape,
    parse_comparison_table,
)


@pytest.fixture
def landscape(db, settings):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = 3
    with time_machine.travel(TODAY, tick=False):
        yield known_landscape()


def _table(client, query: str):
    response = client.get(reverse("comparison:comparison") + "?" + query)
    assert response.status_code == 200
    return parse_comparison_table(response.content.decode())


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("setting=inpatient", ["P-01", "P-04"]),
        ("setting=cmht", ["P-02"]),
        ("region=north_west", ["P-02"]),
        ("region=london", ["P-01", "P-03", "P-04"]),  # the lead organisation's region
        ("role_function=groups", ["P-03"]),
        ("role_function=one-to-one", ["P-01", "P-02", "P-04"]),
        ("setting=inpatient&region=london&role_function=one-to-one", ["P-01", "P-04"]),
        ("period_end=2023-12-31", []),  # nothing had started
    ],
)
def test_filters_choose_the_initiatives(landscape, researcher, client_for, query, codes):
    columns, _rows = _table(client_for(researcher), f"view=initiative&{query}")
    assert columns == codes


def test_setting_filter_changes_the_pooled_context_figures(landscape, researcher, client_for):
    columns, rows = _table(client_for(researcher), "setting=inpatient")
    assert columns == ["statutory", "voluntary", "partnership"]
    assert rows[("hours_per_week", "")] == ["30 h (n=1)", "—", "37.5 h (n=1)"]
    assert rows[("funded_posts", "")] == ["4", "0", "3"]


def test_role_function_filter_restricts_roles_and_their_workers(landscape, researcher, client_for):
    landscape["roles"][3].functions.clear()  # the volunteer role no longer does group work
    _columns, rows = _table(client_for(researcher), "view=initiative&role_function=groups")
    assert rows[("funded_posts", "")] == ["3"]
    assert rows[("employment", "paid")] == ["100%"]
    assert rows[("posts_filled", "")] == ["suppressed"]  # 2 of r3's 3 in post, r4's volunteer gone


def test_period_moves_the_day_in_post_is_counted_and_picks_leavers_and_starters(
    landscape, researcher, client_for
):
    client = client_for(researcher)
    _columns, rows = _table(client, "view=initiative&period_start=2024-06-01&period_end=2024-12-31")
    # In post on 2024-12-31: P-03 has two (one left in October, the volunteer came later).
    assert rows[("posts_filled", "")][2] == "suppressed"
    # Nobody started in the period, so no retention cohort.
    assert rows[("retention_6m", "")] == ["—", "—", "—", "—"]
    _columns, rows = _table(client, "period_start=2024-06-01&period_end=2024-12-31")
    assert rows[("posts_filled", "")] == ["83% (n=6)", "suppressed", "suppressed"]


def test_invalid_filters_are_explained_and_kept(landscape, researcher, client_for):
    response = client_for(researcher).get(
        reverse("comparison:comparison")
        + "?period_start=2025-01-31&period_end=2025-01-01&region=london"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The period must start on or before the day it ends." in html
    assert 'value="2025-01-31"' in html and '<option value="london" selected>' in html
    assert 'data-dimension="' not in html  # no figures under filters that make no sense
    response = client_for(researcher).get(reverse("comparison:comparison") + "?setting=nowhere")
    assert "Select a valid choice" in response.content.decode()


def test_links_keep_the_filters(landscape, researcher, client_for):
    html = (
        client_for(researcher)
        .get(reverse("comparison:comparison") + "?setting=inpatient")
        .content.decode()
    )
    assert "/comparison/export/?setting=inpatient&amp;format=csv&amp;table=initiatives" in html
    assert "/comparison/plot/?setting=inpatient&amp;dimension=retention_6m" in html
    assert "?setting=inpatient&amp;view=initiative" in html


def test_plots_and_exports_with_invalid_filters_are_not_found(landscape, researcher, client_for):
    client = client_for(researcher)
    assert (
        client.get(reverse("comparison:export") + "?format=csv&setting=nowhere").status_code == 404
    )
    assert (
        client.get(reverse("comparison:plot") + "?dimension=employment&region=mars").status_code
        == 404
    )
