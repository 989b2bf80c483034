"""The comparison's figures agree with the other apps' own research selectors, and the
comparison is offered in the navigation and on the home page to the people who may open it."""

from __future__ import annotations

import io

import pytest
from comparison.filters import ComparisonFilters, filtered_initiatives
from comparison.registry import dimensions
from django.core.management import call_command
from django.urls import reverse

from cases.models import Initiative
from comparison.selectors import INITIATIVE, figures, initiative_key


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_supervision_figures_match_the_supervision_selectors(demo):
    from supervision.selectors import (
        supervision_on_time_by_initiative,
        supervision_types_by_initiative,
        supervisor_lived_experience_by_initiative,
    )

    registry = {d.key: d for d in dimensions()}
    cells = figures(
        filtered_initiatives(ComparisonFilters()),
        level=INITIATIVE,
        dimensions=list(registry.values()),
        filters=ComparisonFilters(),
    )
    on_time = supervision_on_time_by_initiative()
    lived = supervisor_lived_experience_by_initiative()
    types = supervision_types_by_initiative()
    assert on_time  # the demo has supervision
    for initiative_id, expected in on_time.items():
        cell = cells[initiative_key(initiative_id)]["supervision_on_time"]
        assert (cell.numerator, cell.n) == (expected["on_time"], expected["n"])
        cell = cells[initiative_key(initiative_id)]["supervisor_lived_experience"]
        assert (cell.numerator, cell.n) == (
            lived[initiative_id]["with_lived_experience"],
            lived[initiative_id]["n"],
        )
        cell = cells[initiative_key(initiative_id)]["supervision_types"]
        assert {c.value: c.count for c in cell.categories} == {
            key: value for key, value in types[initiative_id].items() if key != "n"
        }


def test_training_figures_match_the_training_selectors(demo):
    from training.selectors import compliance_rate_by_initiative

    registry = dimensions()
    cells = figures(
        filtered_initiatives(ComparisonFilters()),
        level=INITIATIVE,
        dimensions=registry,
        filters=ComparisonFilters(),
    )
    compliance = compliance_rate_by_initiative(
        list(Initiative.objects.values_list("pk", flat=True))
    )
    assert compliance
    for initiative_id, summary in compliance.items():
        cell = cells[initiative_key(initiative_id)]["training_compliance"]
        assert (cell.numerator, cell.n) == (summary.valid, summary.required)


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("researcher", True),
        ("administrator", True),
        ("manager_a", True),
        ("supervisor_a", False),
        ("peer_a", False),
    ],
)
def test_comparison_is_offered_to_those_who_may_open_it(personas, client_for, persona, offered):
    html = client_for(personas[persona]).get(reverse("home")).content.decode()
    assert (reverse("comparison:comparison") in html) == offered
    assert ("Identified access" in html) == (persona == "administrator")
