"""Reads for the cross-context comparison.

Every figure is aggregated in the database: one grouped query per data source and per
median dimension, at initiative level and at context level. The number of queries depends
on the registry, never on the number of initiatives, workers or sessions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Case, Count, OuterRef, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from cases.models import Context, Initiative, InitiativePartner, PartnerPart, Region
from comparison.filters import ComparisonFilters
from comparison.models import IdentifiedAccessGrant
from comparison.registry import SOURCES, Cell, Dimension, Kind

INITIATIVE = "initiative"
CONTEXT = "context"


@dataclass
class Column:
    """One column of the comparison: an initiative, or the pooled initiatives of a context."""

    key: str
    level: str
    context: str
    label: str
    research_code: str = ""
    public_id: UUID | None = None
    region: str = ""
    settings: list[str] = field(default_factory=list)
    name: str = ""  # only for identified access or the manager's own initiatives
    organisations: list[str] = field(default_factory=list)  # likewise
    initiatives: int = 0  # context columns: how many initiatives are pooled
    is_identified: bool = False
    is_pool_too_small: bool = False

    @property
    def context_label(self) -> str:
        return str(Context(self.context).label) if self.context else ""


# Statutory, voluntary, partnership: the order the study reports them in.
CONTEXT_ORDER = Case(
    *[When(context=context.value, then=Value(index)) for index, context in enumerate(Context)],
    default=Value(len(Context)),
)


def context_key(context: str) -> str:
    return f"{CONTEXT}:{context}"


def initiative_key(initiative_id: int) -> str:
    return f"{INITIATIVE}:{initiative_id}"


def identified_initiative_ids(user) -> set[int]:
    """Initiatives the researcher holds an active identified-access grant for (one query)."""
    return set(
        IdentifiedAccessGrant.objects.active()
        .filter(researcher=user)
        .values_list("initiative_id", flat=True)
    )


def initiative_columns(
    initiatives: QuerySet[Initiative], *, identified_ids: Iterable[int] = (), named: bool = False
) -> list[Column]:
    """Columns for each initiative, ordered by context then research code.

    Two queries (initiatives with the lead partner's region; their settings), plus one for
    partner names when any column is identified. ``named`` (a manager's own initiatives)
    shows initiative names; ``identified_ids`` (a researcher's grants) shows the initiative
    and partner organisation names of those initiatives only.
    """
    identified_ids = set(identified_ids)
    lead_region = (
        InitiativePartner.objects.filter(initiative=OuterRef("pk"), part=PartnerPart.LEAD)
        .order_by("pk")
        .values("organisation__region")[:1]
    )
    rows = list(
        initiatives.annotate(lead_region=Subquery(lead_region))
        .annotate(context_order=CONTEXT_ORDER)
        .values("pk", "public_id", "research_code", "context", "lead_region", "name")
        .order_by("context_order", "research_code")
    )
    ids = [row["pk"] for row in rows]
    settings: dict[int, list[str]] = defaultdict(list)
    for initiative_id, setting_name in (
        Initiative.settings.through.objects.filter(initiative__in=initiatives.values("pk"))
        .order_by("servicesetting__position", "servicesetting__name")
        .values_list("initiative_id", "servicesetting__name")
    ):
        settings[initiative_id].append(setting_name)
    shown_names = set(ids) if named else identified_ids & set(ids)
    organisations: dict[int, list[str]] = defaultdict(list)
    if identified_ids & set(ids):
        for initiative_id, organisation_name in (
            InitiativePartner.objects.filter(initiative__in=identified_ids & set(ids))
            .order_by("organisation__name")
            .values_list("initiative_id", "organisation__name")
            .distinct()
        ):
            organisations[initiative_id].append(organisation_name)
    columns = []
    for row in rows:
        is_named = row["pk"] in shown_names
        columns.append(
            Column(
                key=initiative_key(row["pk"]),
                level=INITIATIVE,
                context=row["context"],
                label=row["research_code"],
                research_code=row["research_code"],
                public_id=row["public_id"],
                region=str(Region(row["lead_region"]).label) if row["lead_region"] else "",
                settings=settings[row["pk"]],
                name=row["name"] if is_named else "",
                organisations=organisations[row["pk"]] if row["pk"] in identified_ids else [],
                is_identified=is_named and not named,
            )
        )
    return columns


def context_columns(
    initiatives: QuerySet[Initiative], *, pooled_label: bool = False
) -> list[Column]:
    """One column per organisational context, with its number of initiatives (one query)."""
    counts = dict(
        initiatives.values("context")
        .annotate(initiatives=Count("pk"))
        .values_list("context", "initiatives")
    )
    columns = []
    for context in Context:
        label = (
            _("Other %(context)s initiatives") % {"context": str(context.label).lower()}
            if pooled_label
            else context.label
        )
        columns.append(
            Column(
                key=context_key(context.value),
                level=CONTEXT,
                context=context.value,
                label=str(label),
                initiatives=counts.get(context.value, 0),
            )
        )
    return columns


def _merge_aggregates(
    dimensions: Sequence[Dimension], filters: ComparisonFilters
) -> tuple[dict[str, dict], dict[str, dict]]:
    by_source: dict[str, dict[str, Any]] = defaultdict(dict)
    aliases: dict[str, dict[str, Any]] = defaultdict(dict)
    for dimension in dimensions:
        for source_key, aggregates in dimension.aggregates(filters).items():
            by_source[source_key].update(aggregates)
        if dimension.aliases is not None:
            for source_key, expressions in dimension.aliases(filters).items():
                aliases[source_key].update(expressions)
    return by_source, aliases


def _per_initiative_rows(
    source,
    initiatives: QuerySet[Initiative],
    level: str,
    filters: ComparisonFilters,
    cache: dict | None = None,
) -> dict[str, dict[str, Any]]:
    """Rows of a per-initiative source, rolled up to contexts by summing its aggregates.

    ``cache`` (one per comparison) saves asking the source twice about the same initiatives
    when both levels are computed over one set.
    """
    contexts = dict(initiatives.values_list("pk", "context"))
    if not contexts:
        return {}
    cache = {} if cache is None else cache
    cache_key = (source.key, frozenset(contexts))
    if cache_key not in cache:
        cache[cache_key] = source.per_initiative(list(contexts), filters)
    per_initiative = cache[cache_key]
    if level == INITIATIVE:
        return {initiative_key(pk): row for pk, row in per_initiative.items()}
    rolled: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for pk, row in per_initiative.items():
        for name, number in row.items():
            rolled[context_key(contexts[pk])][name] += number or 0
    return rolled


def figures(
    initiatives: QuerySet[Initiative],
    *,
    level: str,
    dimensions: Sequence[Dimension],
    filters: ComparisonFilters,
    cache: dict | None = None,
) -> dict[str, dict[str, Cell]]:
    """Unsuppressed cells ``{column key: {dimension key: Cell}}`` at one level.

    One query per source used, and one per median dimension (per-initiative sources: their
    own fixed number, plus one for the initiatives' ids).
    """
    rows: dict[str, dict[str, Any]] = defaultdict(dict)
    merged, aliases = _merge_aggregates(dimensions, filters)
    for source_key, aggregates in merged.items():
        source = SOURCES[source_key]
        if source.per_initiative is not None:
            for key, row in _per_initiative_rows(
                source, initiatives, level, filters, cache
            ).items():
                rows[key].update(row)
            continue
        group = source.initiative if level == INITIATIVE else f"{source.initiative}__context"
        queryset = (
            source.rows(filters)
            .filter(**{f"{source.initiative}__in": initiatives.values("pk")})
            .alias(**aliases.get(source_key, {}))
            .values(group)
            .annotate(**aggregates)
            .order_by()
        )
        for row in queryset:
            group_value = row.pop(group)
            key = initiative_key(group_value) if level == INITIATIVE else context_key(group_value)
            rows[key].update(row)
    medians: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for dimension in dimensions:
        if dimension.kind != Kind.MEDIAN or dimension.median_of is None:
            continue
        source_key, field_path = dimension.median_of
        source = SOURCES[source_key]
        group = source.initiative if level == INITIATIVE else f"{source.initiative}__context"
        values = source.rows(filters).filter(
            **{f"{source.initiative}__in": initiatives.values("pk")}
        )
        if dimension.median_filter is not None:
            values = values.filter(dimension.median_filter(filters))
        if dimension.median_annotations is not None:
            values = values.annotate(**dimension.median_annotations(filters))
        else:  # annotated expressions say themselves what a missing value becomes
            values = values.filter(**{f"{field_path}__isnull": False})
        values = values.order_by().values_list(group, field_path)
        for group_value, number in values:
            key = initiative_key(group_value) if level == INITIATIVE else context_key(group_value)
            medians[dimension.key][key].append(number)
    keys = set(rows) | {key for per_dimension in medians.values() for key in per_dimension}
    return {
        key: {
            dimension.key: dimension.build(rows.get(key, {}), medians[dimension.key].get(key))
            for dimension in dimensions
        }
        for key in keys
    }
