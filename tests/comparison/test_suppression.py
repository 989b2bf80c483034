"""Small-number suppression, including complementary suppression against back-calculation."""

from __future__ import annotations

import pytest
from comparison.registry import DIMENSIONS, CategoryCell, Cell, Kind, Status
from comparison.suppression import apply_suppression
from hypothesis import given, settings
from hypothesis import strategies as st

RETENTION = DIMENSIONS["retention_6m"]  # person-level proportion
LEAVING = DIMENSIONS["leaving_reasons"]  # person-level distribution
HOURS = DIMENSIONS["hours_per_week"]  # organisation-level median
FLEXIBLE = DIMENSIONS["flexible_hours"]  # organisation-level proportion


def proportion(numerator: int, denominator: int) -> Cell:
    return Cell(
        Kind.PROPORTION,
        n=denominator,
        numerator=numerator,
        people=denominator,
        value=100 * numerator / denominator if denominator else None,
    )


def distribution(*counts: int) -> Cell:
    categories = [
        CategoryCell(f"c{index}", f"C{index}", count) for index, count in enumerate(counts)
    ]
    return Cell(Kind.DISTRIBUTION, n=sum(counts), categories=categories, people=sum(counts))


def statuses(cells, key):
    return {column: cells[column][key].status for column in cells}


def test_figure_from_fewer_than_k_people_is_suppressed_and_zero_is_not():
    cells = {
        "a": {"retention_6m": proportion(1, 4)},
        "b": {"retention_6m": proportion(3, 5)},
        "c": {"retention_6m": proportion(0, 0)},
    }
    apply_suppression(cells, [RETENTION], threshold=5)
    assert statuses(cells, "retention_6m") == {
        "a": Status.SUPPRESSED,
        "b": Status.SHOWN,
        "c": Status.EMPTY,
    }


def test_organisation_facts_are_never_suppressed():
    cells = {"a": {"flexible_hours": Cell(Kind.PROPORTION, n=1, numerator=1, value=100.0)}}
    apply_suppression(cells, [FLEXIBLE], threshold=5)
    assert cells["a"]["flexible_hours"].status == Status.SHOWN


def test_a_lone_small_category_takes_the_next_smallest_with_it():
    cell = distribution(6, 2, 9, 0)  # n=17; "c1" (2) is small; 17 − 6 − 9 would give it back
    cells = {"a": {"leaving_reasons": cell}}
    apply_suppression(cells, [LEAVING], threshold=5)
    assert cell.status == Status.SHOWN
    assert [c.status for c in cell.categories] == [
        Status.SUPPRESSED,
        Status.SUPPRESSED,
        Status.SHOWN,
        Status.SHOWN,
    ]


def test_an_empty_category_is_a_partner_only_as_a_last_resort():
    # A hidden 0 would be a poor partner (9 − 7 = 2 would still be read as the 2), so the 7 goes.
    cell = distribution(7, 2, 0)
    cells = {"a": {"leaving_reasons": cell}}
    apply_suppression(cells, [LEAVING], threshold=5)
    assert cell.status == Status.SHOWN
    assert [c.status for c in cell.categories] == [
        Status.SUPPRESSED,
        Status.SUPPRESSED,
        Status.SHOWN,
    ]


def test_context_total_and_all_but_one_initiative_cannot_give_the_last_back():
    cells = {
        "context:x": {"retention_6m": proportion(12, 17)},
        "initiative:1": {"retention_6m": proportion(2, 3)},  # primary
        "initiative:2": {"retention_6m": proportion(4, 6)},  # smallest shown: complementary
        "initiative:3": {"retention_6m": proportion(6, 8)},
    }
    apply_suppression(
        cells,
        [RETENTION],
        threshold=5,
        hierarchy={"context:x": ["initiative:1", "initiative:2", "initiative:3"]},
    )
    assert statuses(cells, "retention_6m") == {
        "context:x": Status.SHOWN,
        "initiative:1": Status.SUPPRESSED,
        "initiative:2": Status.SUPPRESSED,
        "initiative:3": Status.SHOWN,
    }


def test_context_total_is_suppressed_when_no_initiative_can_partner_the_small_one():
    cells = {
        "context:x": {"retention_6m": proportion(4, 9)},
        "initiative:1": {"retention_6m": proportion(1, 3)},
        "initiative:2": {"retention_6m": proportion(3, 6)},
    }
    apply_suppression(
        cells, [RETENTION], threshold=7, hierarchy={"context:x": ["initiative:1", "initiative:2"]}
    )
    # initiative 2 (6 people) is small too, so both parts are hidden; the total (9) shows.
    assert statuses(cells, "retention_6m")["context:x"] == Status.SHOWN
    cells = {
        "context:x": {"retention_6m": proportion(4, 9)},
        "initiative:1": {"retention_6m": proportion(1, 3)},
        "initiative:2": {"retention_6m": proportion(0, 0)},  # no data: known to add nothing
        "initiative:3": {"retention_6m": proportion(3, 6)},
    }
    apply_suppression(
        cells,
        [RETENTION],
        threshold=4,
        hierarchy={"context:x": ["initiative:1", "initiative:2", "initiative:3"]},
    )
    assert statuses(cells, "retention_6m") == {
        "context:x": Status.SHOWN,
        "initiative:1": Status.SUPPRESSED,
        "initiative:2": Status.EMPTY,
        "initiative:3": Status.SUPPRESSED,
    }


def test_categories_are_protected_across_initiatives_too():
    # "c1" is small in initiative 1 only; the context's c1 minus initiative 2's would reveal it.
    cells = {
        "context:x": {"leaving_reasons": distribution(12, 8)},
        "initiative:1": {"leaving_reasons": distribution(6, 2)},
        "initiative:2": {"leaving_reasons": distribution(6, 6)},
    }
    apply_suppression(
        cells, [LEAVING], threshold=5, hierarchy={"context:x": ["initiative:1", "initiative:2"]}
    )
    first, second = (
        cells["initiative:1"]["leaving_reasons"],
        cells["initiative:2"]["leaving_reasons"],
    )
    assert (
        first.categories[1].is_suppressed and first.categories[0].is_suppressed
    )  # within the cell
    assert second.categories[1].is_suppressed and second.categories[0].is_suppressed  # across
    assert cells["context:x"]["leaving_reasons"].status == Status.SHOWN


def test_medians_get_primary_suppression_only():
    median = DIMENSIONS["hours_per_week"]
    person_median = type(median)(**{**median.__dict__, "key": "m", "is_person_level": True})
    cells = {
        "context:x": {"m": Cell(Kind.MEDIAN, n=9, value=20.0, people=9)},
        "initiative:1": {"m": Cell(Kind.MEDIAN, n=2, value=10.0, people=2)},
        "initiative:2": {"m": Cell(Kind.MEDIAN, n=7, value=22.0, people=7)},
    }
    apply_suppression(
        cells,
        [person_median],
        threshold=5,
        hierarchy={"context:x": ["initiative:1", "initiative:2"]},
    )
    assert statuses(cells, "m") == {
        "context:x": Status.SHOWN,
        "initiative:1": Status.SUPPRESSED,
        "initiative:2": Status.SHOWN,
    }


sizes = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 12)), min_size=1, max_size=6
)


@settings(max_examples=150, deadline=None)
@given(initiatives=sizes, threshold=st.integers(2, 6))
def test_no_relation_is_left_with_exactly_one_hidden_figure(initiatives, threshold):
    """Property: after suppression nobody can subtract a hidden figure back, and nothing
    person-level below the threshold is shown."""
    cells = {
        f"initiative:{i}": {
            "leaving_reasons": distribution(*counts),
            "retention_6m": proportion(counts[0], counts[0] + counts[1]),
        }
        for i, counts in enumerate(initiatives)
    }
    totals = [sum(column[k] for column in initiatives) for k in range(3)]
    cells["context:x"] = {
        "leaving_reasons": distribution(*totals),
        "retention_6m": proportion(totals[0], totals[0] + totals[1]),
    }
    hierarchy = {"context:x": [key for key in cells if key.startswith("initiative:")]}
    apply_suppression(cells, [LEAVING, RETENTION], threshold=threshold, hierarchy=hierarchy)

    def hidden(cell, category=None):
        return cell.is_suppressed or (
            category is not None and cell.categories[category].is_suppressed
        )

    for column in cells.values():
        for cell in column.values():
            if cell.is_shown:
                assert not (0 < cell.people < threshold)
                for category in cell.categories:
                    assert category.is_suppressed or not (0 < category.count < threshold)
        leaving = column["leaving_reasons"]
        if leaving.status != Status.EMPTY:
            assert sum(hidden(leaving, k) for k in range(3)) != 1 or leaving.is_suppressed
    parts = hierarchy["context:x"]
    for key in ("retention_6m", "leaving_reasons"):
        relation = [cells["context:x"][key], *[cells[p][key] for p in parts]]
        nonempty = [cell for cell in relation if cell.status != Status.EMPTY]
        assert sum(cell.is_suppressed for cell in nonempty) != 1
    for category in range(3):
        relation = [
            cells["context:x"]["leaving_reasons"],
            *[cells[p]["leaving_reasons"] for p in parts],
        ]
        nonempty = [cell for cell in relation if cell.status != Status.EMPTY]
        assert sum(hidden(cell, category) for cell in nonempty) != 1


@pytest.mark.parametrize("threshold", [1, 5])
def test_threshold_of_one_suppresses_nothing(threshold):
    cells = {"a": {"retention_6m": proportion(1, 1)}}
    apply_suppression(cells, [RETENTION], threshold=threshold)
    assert cells["a"]["retention_6m"].is_suppressed == (threshold == 5)
