"""The dimensions the comparison shows, and the data sources they are computed from.

A ``Source`` is a set of rows that belong to an initiative (peer worker roles, peer workers,
recruitment campaigns, ...). A ``Dimension`` names the aggregates it needs from one or more
sources; the selector runs ONE grouped query per source (and one per median), per initiative
and per context, with every dimension's aggregates in it. So the number of queries depends
on the registry, never on the data.

This module holds the machinery only; the dimensions themselves are defined in
``comparison.dimensions`` and registered once by ``ComparisonConfig.ready()``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import Aggregate, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comparison.filters import ComparisonFilters


class Kind(StrEnum):
    PROPORTION = "proportion"
    MEDIAN = "median"
    COUNT = "count"
    DISTRIBUTION = "distribution"


class Group(StrEnum):
    RECRUITMENT = "recruitment"
    TERMS = "terms"
    TRAINING = "training"
    SUPERVISION = "supervision"
    BOUNDARIES = "boundaries"
    WORKFORCE = "workforce"


GROUP_LABELS: dict[str, Promise] = {
    Group.RECRUITMENT: _("Structural — recruitment"),
    Group.TERMS: _("Structural — terms and conditions"),
    Group.TRAINING: _("Structural — training"),
    Group.SUPERVISION: _("Structural — supervision and management"),
    Group.BOUNDARIES: _("Role boundaries"),
    Group.WORKFORCE: _("Workforce"),
}
GROUP_ORDER = list(Group)


# --- Cells: one figure for one column ----------------------------------------------------


class Status(StrEnum):
    SHOWN = "shown"
    SUPPRESSED = "suppressed"
    EMPTY = "no data"


@dataclass(slots=True)
class CategoryCell:
    value: str
    label: Promise | str
    count: int
    status: Status = Status.SHOWN

    @property
    def is_suppressed(self) -> bool:
        return self.status == Status.SUPPRESSED


@dataclass(slots=True)
class Cell:
    """A figure: a proportion (value in %), a median, a count, or a distribution.

    ``n`` is what the figure is computed from (roles, peer workers, campaigns...);
    ``people`` is the number of people it derives from, for person-level dimensions —
    the quantity the suppression threshold is applied to.
    """

    kind: Kind
    n: int = 0
    value: float | None = None
    numerator: int | None = None
    people: int | None = None
    categories: list[CategoryCell] = field(default_factory=list)
    status: Status = Status.SHOWN

    def __post_init__(self) -> None:
        if self.n == 0 and self.status == Status.SHOWN and self.kind != Kind.COUNT:
            self.status = Status.EMPTY

    @property
    def is_suppressed(self) -> bool:
        return self.status == Status.SUPPRESSED

    @property
    def is_shown(self) -> bool:
        return self.status == Status.SHOWN

    def share(self, category: CategoryCell) -> float | None:
        """A category's share of the cell in %, or None when not shown."""
        if not self.is_shown or category.is_suppressed or not self.n:
            return None
        return 100 * category.count / self.n


# --- Sources ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Rows that belong to an initiative, aggregated in the database at either level.

    ``per_initiative`` marks a source computed by another app's selector, which only works
    per initiative: it takes initiative ids and returns ``{initiative_id: {name: number}}``,
    and the context figures are the sums of its (additive) per-initiative aggregates.
    """

    key: str
    rows: Callable[[ComparisonFilters], QuerySet] | None
    initiative: str  # lookup path from a row to its initiative
    description: str
    per_initiative: Callable[[list[int], ComparisonFilters], dict[int, dict[str, Any]]] | None = (
        None
    )


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> Source:
    SOURCES[source.key] = source
    return source


# --- Dimensions -------------------------------------------------------------------------

Aggregates = Mapping[str, Mapping[str, Aggregate]]


@dataclass(frozen=True)
class Dimension:
    key: str
    group: str
    label: Promise | str
    kind: Kind
    description: Promise | str
    source_text: str
    is_person_level: bool
    counts: Promise | str  # what n counts, e.g. "roles"
    aggregates: Callable[[ComparisonFilters], Aggregates] = lambda filters: {}
    # proportion: aggregate names of numerator and denominator; people: "numerator",
    # "denominator" or the name of an aggregate counting the people (e.g. distinct workers)
    numerator: str = ""
    denominator: str = ""
    people_from: str = "denominator"
    # count: aggregate name
    total: str = ""
    # distribution: (value, label, aggregate name); total = the n aggregate
    categories: Sequence[tuple[str, Any, str]] = ()
    # median: (source key, field path); optional annotations (by name) and a row filter
    median_of: tuple[str, str] | None = None
    median_annotations: Callable[[ComparisonFilters], dict[str, Any]] | None = None
    median_filter: Callable[[ComparisonFilters], Q] | None = None
    median_transform: Callable[[Any], float] | None = None
    # aliases a source needs for this dimension's aggregates: {source: {name: expression}}
    aliases: Callable[[ComparisonFilters], Aggregates] | None = None
    unit: str = ""
    order: int = 0

    @property
    def group_label(self) -> str:
        return str(GROUP_LABELS[self.group])

    @property
    def is_additive(self) -> bool:
        """Figures that add up across initiatives (so a total can reveal a part)."""
        return self.kind != Kind.MEDIAN

    def build(self, row: Mapping[str, Any], values: Sequence[Any] | None = None) -> Cell:
        """The unsuppressed cell from one column's aggregate row (or median values)."""
        if self.kind == Kind.PROPORTION:
            numerator = int(row.get(self.numerator) or 0)
            denominator = int(row.get(self.denominator) or 0)
            value = 100 * numerator / denominator if denominator else None
            people = {"numerator": numerator, "denominator": denominator}.get(
                self.people_from, int(row.get(self.people_from) or 0)
            )
            return Cell(
                self.kind,
                n=denominator,
                value=value,
                numerator=numerator,
                people=people if self.is_person_level else None,
            )
        if self.kind == Kind.COUNT:
            total = row.get(self.total) or 0
            total = (
                int(total)
                if isinstance(total, int | Decimal) and total == int(total)
                else float(total)
            )
            return Cell(
                self.kind,
                n=int(total),
                value=total,
                people=int(total) if self.is_person_level else None,
            )
        if self.kind == Kind.MEDIAN:
            transform = self.median_transform or float
            numbers = [transform(number) for number in (values or []) if number is not None]
            return Cell(
                self.kind,
                n=len(numbers),
                value=statistics.median(numbers) if numbers else None,
                people=len(numbers) if self.is_person_level else None,
            )
        categories = [
            # Labels stay lazy: translating them per cell costs more than the queries.
            CategoryCell(value, label, int(row.get(name) or 0))
            for value, label, name in self.categories
        ]
        total = int(row.get(self.total) or 0) if self.total else sum(c.count for c in categories)
        people = total if self.people_from == "denominator" else int(row.get(self.people_from) or 0)
        return Cell(
            self.kind,
            n=total,
            categories=categories,
            people=people if self.is_person_level else None,
        )


DIMENSIONS: dict[str, Dimension] = {}


def register(dimension: Dimension) -> Dimension:
    DIMENSIONS[dimension.key] = dimension
    return dimension


def dimensions() -> list[Dimension]:
    """Registered dimensions in display order (group, then order of registration)."""
    ordered = sorted(
        enumerate(DIMENSIONS.values()),
        key=lambda pair: (GROUP_ORDER.index(pair[1].group), pair[1].order, pair[0]),
    )
    return [dimension for _index, dimension in ordered]
