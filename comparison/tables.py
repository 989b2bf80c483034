"""The comparison as pages, plots and exports show it, for one user and one set of filters.

Researchers (and administrators) see every initiative by pseudonymous code and the three
contexts; the context figures are the sum of the initiatives', so suppression protects
both together. Service managers see their own initiatives against pooled figures of the
*other* initiatives in each context (their own excluded, so they cannot subtract themselves
out), and a pool of fewer than ``PEERWORK_COMPARISON_MIN_POOL`` initiatives is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from cases.models import Initiative
from comparison.access import Audience, audience_for
from comparison.filters import ComparisonFilters, filtered_initiatives
from comparison.registry import (
    Cell,
    Dimension,
    Kind,
    Status,
    dimensions,
)
from comparison.selectors import (
    CONTEXT,
    INITIATIVE,
    Column,
    context_columns,
    figures,
    identified_initiative_ids,
    initiative_columns,
)
from comparison.suppression import apply_suppression


def suppression_threshold() -> int:
    return int(getattr(settings, "PEERWORK_SUPPRESSION_THRESHOLD", 5))


def minimum_pool() -> int:
    return int(getattr(settings, "PEERWORK_COMPARISON_MIN_POOL", 2))


@dataclass
class Comparison:
    audience: Audience
    filters: ComparisonFilters
    threshold: int
    dimensions: list[Dimension]
    initiative_columns: list[Column]
    context_columns: list[Column]
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)

    @property
    def has_identified(self) -> bool:
        return any(column.is_identified for column in self.initiative_columns)

    def cell(self, column: Column, dimension: Dimension) -> Cell:
        return self.cells[column.key][dimension.key]

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)


def build_comparison(user, filters: ComparisonFilters) -> Comparison:
    audience = audience_for(user)
    registry = dimensions()
    base = filtered_initiatives(filters)
    if audience == Audience.RESEARCHER:
        identified = (
            identified_initiative_ids(user) if getattr(user, "is_researcher", False) else set()
        )
        by_initiative = initiative_columns(base, identified_ids=identified)
        by_context = context_columns(base)
        initiative_set = context_set = base
    else:
        own_ids = Initiative.objects.managed_by(user).values("pk")
        initiative_set = base.filter(pk__in=own_ids)
        context_set = base.exclude(pk__in=own_ids)
        by_initiative = initiative_columns(initiative_set, named=True)
        by_context = context_columns(context_set, pooled_label=True)

    comparison = Comparison(
        audience=audience,
        filters=filters,
        threshold=suppression_threshold(),
        dimensions=registry,
        initiative_columns=by_initiative,
        context_columns=by_context,
    )
    cache: dict = {}
    computed = {
        **figures(
            initiative_set, level=INITIATIVE, dimensions=registry, filters=filters, cache=cache
        ),
        **figures(context_set, level=CONTEXT, dimensions=registry, filters=filters, cache=cache),
    }
    for column in [*by_initiative, *by_context]:
        per_dimension = computed.get(column.key, {})
        comparison.cells[column.key] = {
            dimension.key: per_dimension.get(dimension.key) or dimension.build({}, None)
            for dimension in registry
        }

    hierarchy = None
    if audience == Audience.RESEARCHER:
        hierarchy = {
            context.key: [c.key for c in by_initiative if c.context == context.context]
            for context in by_context
        }
    else:
        for column in by_context:
            if 0 < column.initiatives < minimum_pool():
                column.is_pool_too_small = True
                for cell in comparison.cells[column.key].values():
                    cell.status = Status.SUPPRESSED
    apply_suppression(
        comparison.cells, registry, threshold=comparison.threshold, hierarchy=hierarchy
    )
    return comparison


# --- Display --------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _percent(value: float) -> str:
    return f"{value:.0f}%"


@dataclass
class Shown:
    text: str
    n: str = ""
    status: str = Status.SHOWN
    value: float | None = None

    @property
    def is_suppressed(self) -> bool:
        return self.status == Status.SUPPRESSED

    @property
    def is_empty(self) -> bool:
        return self.status == Status.EMPTY


def shown_cell(dimension: Dimension, cell: Cell) -> Shown:
    if cell.is_suppressed:
        return Shown(_("suppressed"), status=Status.SUPPRESSED)
    if cell.status == Status.EMPTY or cell.value is None and dimension.kind != Kind.DISTRIBUTION:
        return Shown("—", status=Status.EMPTY)
    if dimension.kind == Kind.DISTRIBUTION:
        return Shown("", n=f"n={cell.n}", value=None)
    if dimension.kind == Kind.COUNT:
        return Shown(_number(cell.value), value=float(cell.value))
    if dimension.unit == "%":
        return Shown(_percent(cell.value), n=f"n={cell.n}", value=float(cell.value))
    return Shown(f"{_number(cell.value)}{dimension.unit}", n=f"n={cell.n}", value=float(cell.value))


def shown_category(cell: Cell, index: int) -> Shown:
    category = cell.categories[index]
    if cell.is_suppressed or category.is_suppressed:
        return Shown(_("suppressed"), status=Status.SUPPRESSED)
    if cell.status == Status.EMPTY:
        return Shown("—", status=Status.EMPTY)
    share = cell.share(category)
    return Shown(_percent(share), value=share)


@dataclass
class Row:
    dimension: Dimension
    label: str
    cells: list[Shown]
    category: str = ""  # a distribution's category value; "" for the dimension row

    @property
    def is_category(self) -> bool:
        return bool(self.category)


@dataclass
class RowGroup:
    label: str
    rows: list[Row]


def table_rows(comparison: Comparison, columns: list[Column]) -> list[RowGroup]:
    groups: list[RowGroup] = []
    for dimension in comparison.dimensions:
        if not groups or groups[-1].label != dimension.group_label:
            groups.append(RowGroup(dimension.group_label, []))
        cells = [comparison.cell(column, dimension) for column in columns]
        groups[-1].rows.append(
            Row(dimension, str(dimension.label), [shown_cell(dimension, cell) for cell in cells])
        )
        if dimension.kind == Kind.DISTRIBUTION:
            for index, (value, label, _aggregate) in enumerate(dimension.categories):
                groups[-1].rows.append(
                    Row(
                        dimension,
                        str(label),
                        [shown_category(cell, index) for cell in cells],
                        category=value,
                    )
                )
    return groups
