"""Small-number suppression, with complementary suppression against back-calculation.

Primary: a person-level figure derived from fewer than ``threshold`` people (but not zero)
is suppressed, and so is a category of a person-level distribution counting fewer than
``threshold`` people.

Complementary: figures that add up — the categories of a distribution and its total, and
the initiatives of a context and the context's pooled figure — form *relations* (a total and
its parts). A relation in which exactly one figure is hidden lets anyone subtract it back, so
we hide a second one: the smallest shown part, or the total when no part is left. This is
repeated until no relation has exactly one hidden figure.

Medians do not add up, so only primary suppression applies to them. Facts about an
organisation's practice (roles, campaigns, programmes) are not about people and are shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from comparison.registry import Cell, Dimension, Kind, Status


@dataclass
class Slot:
    """A whole cell (``category`` None) or one category of a distribution cell."""

    cell: Cell
    category: int | None = None

    @property
    def is_hidden(self) -> bool:
        if self.cell.is_suppressed:
            return True
        return self.category is not None and self.cell.categories[self.category].is_suppressed

    @property
    def is_known_zero(self) -> bool:
        """Nothing to hide: the cell has no data, so everyone knows it adds nothing."""
        return self.cell.status == Status.EMPTY

    @property
    def weight(self) -> int:
        if self.category is not None:
            return self.cell.categories[self.category].count
        return self.cell.people if self.cell.people is not None else self.cell.n

    def suppress(self) -> None:
        if self.category is None:
            self.cell.status = Status.SUPPRESSED
        else:
            self.cell.categories[self.category].status = Status.SUPPRESSED


def suppress_primary(cell: Cell, threshold: int) -> None:
    if cell.status == Status.EMPTY or cell.people is None:
        return
    if 0 < cell.people < threshold:
        cell.status = Status.SUPPRESSED
        return
    if cell.kind == Kind.DISTRIBUTION:
        for category in cell.categories:
            if 0 < category.count < threshold:
                category.status = Status.SUPPRESSED


def _protect(relation: Sequence[Slot]) -> bool:
    """Hide a second figure of ``relation`` (total first) if exactly one is hidden."""
    hidden = [slot for slot in relation if slot.is_hidden]
    if len(hidden) != 1:
        return False
    total, parts = relation[0], relation[1:]
    candidates = sorted(
        (slot for slot in parts if not slot.is_hidden and not slot.is_known_zero),
        key=lambda slot: (slot.weight == 0, slot.weight),
    )
    if candidates:
        candidates[0].suppress()
        return True
    if not total.is_hidden:
        total.suppress()
        return True
    return False


def apply_suppression(
    cells: Mapping[str, Mapping[str, Cell]],
    dimensions: Sequence[Dimension],
    *,
    threshold: int,
    hierarchy: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Suppress in place. ``hierarchy`` maps a context column to its initiative columns
    when both are published (so the context figure is the sum of the initiatives')."""
    person_level = [dimension for dimension in dimensions if dimension.is_person_level]
    for column in cells.values():
        for dimension in person_level:
            suppress_primary(column[dimension.key], threshold)

    relations: list[list[Slot]] = []
    for column in cells.values():
        for dimension in person_level:
            cell = column[dimension.key]
            if dimension.kind == Kind.DISTRIBUTION:
                relations.append(
                    [Slot(cell), *[Slot(cell, index) for index in range(len(cell.categories))]]
                )
    for context_key, initiative_keys in (hierarchy or {}).items():
        for dimension in person_level:
            if not dimension.is_additive:
                continue
            total = cells[context_key][dimension.key]
            parts = [cells[key][dimension.key] for key in initiative_keys]
            relations.append([Slot(total), *[Slot(part) for part in parts]])
            if dimension.kind == Kind.DISTRIBUTION:
                for index in range(len(total.categories)):
                    relations.append([Slot(total, index), *[Slot(part, index) for part in parts]])

    changed = True
    while changed:
        changed = False
        for relation in relations:
            changed |= _protect(relation)
