"""The dimensions the comparison shows, and the data sources they are computed from.

A ``Source`` is a set of rows that belong to an initiative (peer worker roles, peer workers,
recruitment campaigns, ...). A ``Dimension`` names the aggregates it needs from one or more
sources; the selector runs ONE grouped query per source (and one per median), per initiative
and per context, with every dimension's aggregates in it. So the number of queries depends
on the registry, never on the data.

Dimensions from apps that may not be installed yet (recruitment, training, supervision)
register themselves only when their models exist (see ``research.comparison.extra``).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Contract,
    Employment,
    LeavingReason,
    LivedExperienceCriterion,
    PayBand,
    PeerWorker,
    PeerWorkerRole,
    SharingExpectation,
    YesNoUnknown,
)
from research.comparison.filters import ComparisonFilters


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


def _roles(filters: ComparisonFilters) -> QuerySet:
    roles = PeerWorkerRole.objects.all()
    if filters.role_function:
        roles = roles.filter(functions=filters.role_function)
    return roles.order_by()


def _workers(filters: ComparisonFilters) -> QuerySet:
    workers = PeerWorker.objects.filter(started__lte=filters.as_of).alias(
        tenure=ExpressionWrapper(F("ended") - F("started"), output_field=DurationField())
    )
    if filters.role_function:
        workers = workers.filter(role__functions=filters.role_function)
    return workers.order_by()


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> Source:
    SOURCES[source.key] = source
    return source


register_source(
    Source("roles", _roles, "initiative", "cases.PeerWorkerRole (the posts of each initiative)")
)
register_source(
    Source("workers", _workers, "role__initiative", "cases.PeerWorker (people in the posts)")
)


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
    from research.comparison import extra

    extra.register_available()
    ordered = sorted(
        enumerate(DIMENSIONS.values()),
        key=lambda pair: (GROUP_ORDER.index(pair[1].group), pair[1].order, pair[0]),
    )
    return [dimension for _index, dimension in ordered]


def role_proportion(
    key: str,
    group: str,
    label,
    description,
    yes: Q,
    *,
    known: Q | None = None,
    source_text: str,
    order: int = 0,
) -> Dimension:
    """Share of peer worker roles (posts) for which ``yes`` holds (among ``known`` ones)."""
    base = known if known is not None else Q()

    def aggregates(filters: ComparisonFilters) -> Aggregates:
        return {
            "roles": {
                f"{key}__yes": Count("pk", filter=base & yes),
                f"{key}__of": Count("pk", filter=base) if known is not None else Count("pk"),
            }
        }

    return register(
        Dimension(
            key=key,
            group=group,
            label=label,
            kind=Kind.PROPORTION,
            description=description,
            source_text=source_text,
            is_person_level=False,
            counts=_("roles"),
            aggregates=aggregates,
            numerator=f"{key}__yes",
            denominator=f"{key}__of",
            unit="%",
            order=order,
        )
    )


def role_distribution(
    key: str,
    group: str,
    label,
    description,
    field_name: str,
    choices,
    *,
    source_text: str,
    exclude: Sequence[str] = (),
    order: int = 0,
) -> Dimension:
    categories = [(value, label_) for value, label_ in choices if value not in exclude]

    def aggregates(filters: ComparisonFilters) -> Aggregates:
        return {
            "roles": {
                f"{key}__{value}": Count("pk", filter=Q(**{field_name: value}))
                for value, _label in categories
            }
        }

    return register(
        Dimension(
            key=key,
            group=group,
            label=label,
            kind=Kind.DISTRIBUTION,
            description=description,
            source_text=source_text,
            is_person_level=False,
            counts=_("roles"),
            aggregates=aggregates,
            categories=[(value, label_, f"{key}__{value}") for value, label_ in categories],
            unit="%",
            order=order,
        )
    )


ROLE = "cases.PeerWorkerRole"

# Structural — recruitment (from the role's person specification; campaign-level ones come
# from the recruitment app when it is installed).
role_proportion(
    "lived_experience_essential",
    Group.RECRUITMENT,
    _("Lived experience essential"),
    _("Share of roles whose person specification makes lived experience an essential criterion."),
    Q(lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL),
    source_text=f"{ROLE}.lived_experience_criterion",
    order=20,
)
role_proportion(
    "jd_coproduced",
    Group.RECRUITMENT,
    _("Job description co-produced"),
    _("Share of roles whose job description was written with people with lived experience."),
    Q(is_jd_coproduced=True),
    source_text=f"{ROLE}.is_jd_coproduced",
    order=40,
)

# Structural — terms and conditions
role_distribution(
    "employment",
    Group.TERMS,
    _("Paid, sessional or volunteer"),
    _("Roles by employment type."),
    "employment",
    Employment.choices,
    source_text=f"{ROLE}.employment",
    order=10,
)
role_distribution(
    "pay_band",
    Group.TERMS,
    _("Pay band"),
    _("Roles by NHS Agenda for Change band (other grades and unpaid roles shown separately)."),
    "pay_band",
    PayBand.choices,
    source_text=f"{ROLE}.pay_band",
    order=20,
)
role_proportion(
    "pay_parity",
    Group.TERMS,
    _("Pay parity"),
    _(
        "Share of roles paid on a par with a comparable non-peer role, among roles where this is known."
    ),
    Q(pay_parity=YesNoUnknown.YES),
    known=~Q(pay_parity=YesNoUnknown.UNKNOWN),
    source_text=f"{ROLE}.pay_parity",
    order=30,
)
register(
    Dimension(
        key="hours_per_week",
        group=Group.TERMS,
        label=_("Hours per week (median)"),
        kind=Kind.MEDIAN,
        description=_("Median contracted hours per week across roles."),
        source_text=f"{ROLE}.hours_per_week",
        is_person_level=False,
        counts=_("roles"),
        median_of=("roles", "hours_per_week"),
        unit=" h",
        order=40,
    )
)
role_proportion(
    "flexible_hours",
    Group.TERMS,
    _("Flexible hours"),
    _("Share of roles with flexible hours."),
    Q(has_flexible_hours=True),
    source_text=f"{ROLE}.has_flexible_hours",
    order=50,
)
role_distribution(
    "contract",
    Group.TERMS,
    _("Contract"),
    _("Roles by type of contract."),
    "contract",
    Contract.choices,
    source_text=f"{ROLE}.contract",
    order=60,
)

# Structural — supervision and management (planned arrangements on the role)
for _field, _key, _label in [
    ("plans_peer_supervision", "plans_peer_supervision", _("Planned: peer supervision")),
    (
        "plans_managerial_supervision",
        "plans_managerial_supervision",
        _("Planned: managerial supervision"),
    ),
    (
        "plans_clinical_supervision",
        "plans_clinical_supervision",
        _("Planned: clinical supervision"),
    ),
    (
        "plans_group_supervision",
        "plans_group_supervision",
        _("Planned: group reflective supervision"),
    ),
]:
    role_proportion(
        _key,
        Group.SUPERVISION,
        _label,
        _("Share of roles whose planned supervision arrangements include this type."),
        Q(**{_field: True}),
        source_text=f"{ROLE}.{_field}",
        order=10,
    )
role_proportion(
    "peer_line_manager",
    Group.SUPERVISION,
    _("Line manager is a peer"),
    _("Share of roles line-managed by someone with lived experience."),
    Q(has_peer_line_manager=True),
    source_text=f"{ROLE}.has_peer_line_manager",
    order=60,
)

# Role boundaries
role_proportion(
    "clinical_record_access",
    Group.BOUNDARIES,
    _("Access to clinical records"),
    _("Share of roles with access to clinical records."),
    Q(has_clinical_record_access=True),
    source_text=f"{ROLE}.has_clinical_record_access",
    order=10,
)
role_proportion(
    "attends_team_meetings",
    Group.BOUNDARIES,
    _("Attends team meetings"),
    _("Share of roles that attend team meetings."),
    Q(attends_team_meetings=True),
    source_text=f"{ROLE}.attends_team_meetings",
    order=20,
)
role_distribution(
    "sharing_expectation",
    Group.BOUNDARIES,
    _("Expectation about sharing lived experience"),
    _("Roles by what the organisation expects about sharing lived experience."),
    "sharing_expectation",
    SharingExpectation.choices,
    source_text=f"{ROLE}.sharing_expectation",
    order=30,
)

# Workforce
register(
    Dimension(
        key="funded_posts",
        group=Group.WORKFORCE,
        label=_("Funded posts (headcount)"),
        kind=Kind.COUNT,
        description=_("Number of funded peer worker posts (headcount)."),
        source_text=f"{ROLE}.funded_headcount",
        is_person_level=False,
        counts=_("posts"),
        aggregates=lambda filters: {"roles": {"funded_posts__sum": Sum("funded_headcount")}},
        total="funded_posts__sum",
        order=10,
    )
)


def _filled(filters: ComparisonFilters) -> Aggregates:
    as_of = filters.as_of
    return {
        "workers": {
            "posts_filled__in_post": Count(
                "pk", filter=Q(started__lte=as_of) & (Q(ended__isnull=True) | Q(ended__gte=as_of))
            )
        },
        "roles": {"posts_filled__funded": Sum("funded_headcount")},
    }


register(
    Dimension(
        key="posts_filled",
        group=Group.WORKFORCE,
        label=_("Funded posts filled"),
        kind=Kind.PROPORTION,
        description=_(
            "Peer workers in post at the end of the period as a share of funded posts "
            "(headcount); n is the number of funded posts."
        ),
        source_text="cases.PeerWorker.started/ended; cases.PeerWorkerRole.funded_headcount",
        is_person_level=True,
        counts=_("funded posts"),
        aggregates=_filled,
        numerator="posts_filled__in_post",
        denominator="posts_filled__funded",
        people_from="numerator",
        unit="%",
        order=20,
    )
)


def _retention(key: str, days: int) -> Callable[[ComparisonFilters], Aggregates]:
    def aggregates(filters: ComparisonFilters) -> Aggregates:
        cohort = filters.in_period("started") & Q(started__lte=filters.as_of - timedelta(days=days))
        stayed = Q(ended__isnull=True) | Q(tenure__gte=timedelta(days=days))
        return {
            "workers": {
                f"{key}__cohort": Count("pk", filter=cohort),
                f"{key}__stayed": Count("pk", filter=cohort & stayed),
            }
        }

    return aggregates


for _key, _days, _label in [
    ("retention_6m", 183, _("Retention at 6 months")),
    ("retention_12m", 365, _("Retention at 12 months")),
]:
    register(
        Dimension(
            key=_key,
            group=Group.WORKFORCE,
            label=_label,
            kind=Kind.PROPORTION,
            description=_(
                "Of the peer workers who started in the period at least this long before its "
                "end, the share still in post this long after they started."
            ),
            source_text="cases.PeerWorker.started/ended",
            is_person_level=True,
            counts=_("peer workers"),
            aggregates=_retention(_key, _days),
            numerator=f"{_key}__stayed",
            denominator=f"{_key}__cohort",
            unit="%",
            order=30,
        )
    )

# (category, label, stored value): a leaver with no reason recorded is a category too.
_REASONS = [
    *[(value, label, value) for value, label in LeavingReason.choices if value],
    ("not_recorded", _("Not recorded"), ""),
]


def _leaving(filters: ComparisonFilters) -> Aggregates:
    left = Q(ended__isnull=False) & filters.in_period("ended")
    return {
        "workers": {
            f"leaving_reasons__{value}": Count("pk", filter=left & Q(leaving_reason=stored))
            for value, _label, stored in _REASONS
        }
    }


register(
    Dimension(
        key="leaving_reasons",
        group=Group.WORKFORCE,
        label=_("Leaving reasons"),
        kind=Kind.DISTRIBUTION,
        description=_("Peer workers who left in the period, by their reason for leaving."),
        source_text="cases.PeerWorker.ended/leaving_reason",
        is_person_level=True,
        counts=_("leavers"),
        aggregates=_leaving,
        categories=[(value, label, f"leaving_reasons__{value}") for value, label, _s in _REASONS],
        unit="%",
        order=40,
    )
)
