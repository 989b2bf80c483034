"""A service manager's comparison: their initiatives against the pooled other initiatives."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from cases.models import MembershipRole
from tests.comparison.factories import (
    TODAY,
    known_landscape,
    parse_comparison_table,
)
from tests.factories import MembershipFactory


@pytest.fixture
def landscape(db, settings):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = 3
    settings.PEERWORK_COMPARISON_MIN_POOL = 2
    with time_machine.travel(TODAY, tick=False):
        yield known_landscape()


@pytest.fixture
def saltmarsh_manager(landscape):
    saltmarsh = landscape["organisations"][0]  # partner in P-01 (statutory) and P-04 (partnership)
    return MembershipFactory(organisation=saltmarsh, role=MembershipRole.SERVICE_MANAGER).user


def test_manager_sees_own_initiatives_and_pooled_others(saltmarsh_manager, client_for):
    html = client_for(saltmarsh_manager).get(reverse("comparison:comparison")).content.decode()
    columns, rows = parse_comparison_table(html)
    assert columns == ["P-01", "P-04", "statutory", "voluntary", "partnership"]
    assert "Saltmarsh ward peers" in html and "Saltmarsh and Valley partnership" in html
    # Other statutory = P-02 only, other voluntary = P-03 only, other partnership = none:
    # fewer than two initiatives never make a pool.
    assert rows[("funded_posts", "")] == ["4", "3", "suppressed", "suppressed", "0"]
    assert rows[("hours_per_week", "")] == [
        "30 h (n=1)",
        "37.5 h (n=1)",
        "suppressed",
        "suppressed",
        "—",
    ]
    assert html.count("too few to pool") == 2
    assert "Stonebridge" not in html and "Valley Voices" not in html and "P-02" not in html


def test_pooled_figures_exclude_the_managers_own_initiatives(
    landscape, saltmarsh_manager, client_for, settings
):
    settings.PEERWORK_COMPARISON_MIN_POOL = (
        1  # let single-initiative pools through to check the sums
    )
    html = client_for(saltmarsh_manager).get(reverse("comparison:comparison")).content.decode()
    _columns, rows = parse_comparison_table(html)
    # Own: P-01 (r1: 30 h), P-04 (r5: 37.5 h); other statutory: P-02 (20 h), voluntary: P-03.
    assert rows[("hours_per_week", "")] == [
        "30 h (n=1)",
        "37.5 h (n=1)",
        "20 h (n=1)",
        "10.5 h (n=2)",
        "—",
    ]
    assert rows[("funded_posts", "")] == ["4", "3", "2", "5", "0"]
    # Person-level figures are suppressed in the manager's view too: P-04 has two in post.
    assert rows[("posts_filled", "")] == [
        "100% (n=4)",
        "suppressed",
        "suppressed",
        "60% (n=5)",
        "—",
    ]


def test_manager_cannot_switch_to_the_researchers_by_initiative_view(saltmarsh_manager, client_for):
    html = (
        client_for(saltmarsh_manager)
        .get(reverse("comparison:comparison") + "?view=initiative")
        .content.decode()
    )
    columns, _rows = parse_comparison_table(html)
    assert columns == ["P-01", "P-04", "statutory", "voluntary", "partnership"]
    assert "By initiative" not in html


def test_manager_exports_name_only_their_own_initiatives(saltmarsh_manager, client_for):
    import csv
    import io

    client = client_for(saltmarsh_manager)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("comparison:export") + "?format=csv").content.decode())
        )
    )
    assert {(r["research_code"], r["initiative_name"]) for r in rows} == {
        ("P-01", "Saltmarsh ward peers"),
        ("P-04", "Saltmarsh and Valley partnership"),
    }
    assert {r["organisations"] for r in rows} == {""}
    contexts = client.get(
        reverse("comparison:export") + "?format=csv&table=contexts"
    ).content.decode()
    assert "Stonebridge" not in contexts and "P-02" not in contexts
