"""No two offered views of the comparison can be subtracted to reveal a suppressed count.

Generated landscapes are stored, their profiles built and their years published; then views are
offered as a researcher (or a service manager) would ask for them: any quarter or span of whole
quarters, any contexts, region or setting, by context or by initiative, page or export. Every
pair of views is checked: the people figures they show together must agree wherever they
overlap and must not let anyone work out a count of fewer than k people, by subtraction within
a year, across years, or knowing their own initiative's figure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest
import time_machine

from cases.models import Region
from comparison import selectors
from comparison.disclosure import MEASURES, add, revealed
from comparison.exports import tables_for
from comparison.models import PeopleYear
from comparison.services import profiles_rebuild, yearly_people
from tests.comparison.landscape import build

pytestmark = pytest.mark.django_db

K = 5


def _views(rng: random.Random, quarters, years, settings_slugs, count: int):
    contexts = [(), ("statutory",), ("voluntary",), ("partnership",), ("statutory", "voluntary")]
    regions = ["", Region.LONDON, Region.NORTH_WEST, selectors.ENGLAND]
    spans = [(a, b) for a, b in itertools.combinations_with_replacement(quarters, 2)]
    for _ in range(count):
        first, last = rng.choice(spans)
        yield (
            selectors.Selection(
                first=first,
                last=last,
                contexts=rng.choice(contexts),
                region=rng.choice(regions),
                setting=rng.choice(["", *settings_slugs]),
                people_year=selectors.people_year_for(first, last, years),
                page=1,
            ),
            rng.choice(["context", "initiative", "export-context", "export-initiative"]),
        )


def _shown(selection, kind, user) -> dict:
    """{(year, column, measure): Shown} of the people figures a view shows."""
    year = selection.people_year
    if kind.startswith("export"):
        view = kind.split("-", 1)[1]
        rows = tables_for(view, selection, user)[0].rows
        labels = {str(measure.label): measure.key for measure in MEASURES}
        shown = {}
        for row in rows:
            column, column_kind, context, _section, figure, _option, label, state, _v, _n, text = (
                row
            )
            if figure in labels.values():
                shown[(year, column_kind, column, figure)] = (state, text)
        return shown
    if kind == "initiative":
        matrix = selectors.initiative_matrix(selection, user, paginate=False)
    else:
        matrix = selectors.context_matrix(selection)
    shown = {}
    for row in matrix.people:
        for column, cell in zip(matrix.columns, row.cells, strict=True):
            column_kind = "initiative" if column.key.startswith("initiative:") else "context"
            shown[(year, column_kind, column.label, row.measure.key)] = (str(cell.state), cell.text)
    return shown


def _published(year):
    """The published table of a year as the attacker's figures, keyed like ``_shown``."""
    from comparison.selectors import _people_figures

    figures = {}
    codes = {}
    for row in PeopleYear.objects.filter(year=year).select_related("initiative"):
        if row.initiative_id:
            key = ("initiative", row.initiative.research_code)
            codes[row.initiative_id] = row.initiative.research_code
        else:
            key = ("context", row.context or "all")
        for measure, figure in _people_figures(row).items():
            figures[(key, measure)] = figure
    return figures, codes


def _raw(year, codes, hierarchy):
    by_initiative = yearly_people(list(codes), year)
    raw = {}
    for pk, figures in by_initiative.items():
        for measure, figure in figures.items():
            raw[(("initiative", codes[pk]), measure)] = figure
    for total, parts in hierarchy.items():
        for measure in MEASURES:
            raw[(total, measure.key)] = add(
                [raw[(part, measure.key)] for part in parts], measure.kind
            )
    return raw


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_pair_of_offered_views_reveals_a_suppressed_count(seed, researcher, settings):
    settings.PEERWORK_SUPPRESSION_THRESHOLD = K
    with time_machine.travel(dt.datetime(2025, 2, 10, 12, 0), tick=False):
        initiatives = build(seed)
        profiles_rebuild(force=True)
        quarters = selectors.available_quarters()
        years = selectors.published_years()
        assert years == [2022, 2023, 2024]
        setting_slugs = sorted(
            {s for i in initiatives for s in i.settings.values_list("slug", flat=True)}
        )
        rng = random.Random(seed)
        views = list(_views(rng, quarters, years, setting_slugs, 40))
        shown = [(view, _shown(view[0], view[1], researcher)) for view in views]

    context_names = {
        "Statutory": "statutory",
        "Voluntary": "voluntary",
        "Partnership": "partnership",
        "All contexts": "all",
    }
    for (view_a, cells_a), (view_b, cells_b) in itertools.combinations(shown, 2):
        both = {**cells_a}
        for key, value in cells_b.items():
            assert both.get(key, value) == value, f"{key} differs between {view_a} and {view_b}"
            both[key] = value
        for year in {key[0] for key in both if key[0] is not None}:
            published, codes = _published(year)
            hierarchy: dict = {}
            for pk, code in codes.items():
                context = next(i.context for i in initiatives if i.pk == pk)
                hierarchy.setdefault(("context", context), []).append(("initiative", code))
            hierarchy[("context", "all")] = list(hierarchy)
            raw = _raw(year, codes, hierarchy)
            attacker = {}
            for (cell_year, column_kind, label, measure), _value in both.items():
                if cell_year != year:
                    continue
                key = (
                    ("initiative", label)
                    if column_kind == "initiative"
                    else ("context", context_names[label])
                )
                attacker[(key, measure)] = published[(key, measure)]
            assert revealed(attacker, raw, hierarchy=hierarchy, k=K) == [], (view_a, view_b)
