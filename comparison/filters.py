"""The filters a comparison is computed under."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import (
    Initiative,
    InitiativePartner,
    PartnerPart,
    PeerWorkerRole,
    RoleFunction,
    ServiceSetting,
)


@dataclass(frozen=True)
class ComparisonFilters:
    setting: ServiceSetting | None = None
    region: str = ""
    role_function: RoleFunction | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    @property
    def as_of(self) -> dt.date:
        """The day "in post" is judged on: the end of the period, never later than today."""
        today = timezone.localdate()
        return min(self.period_end, today) if self.period_end else today

    def in_period(self, field: str) -> Q:
        """``field`` (a date path) falls inside the period (open ends allowed, never after as_of)."""
        condition = Q(**{f"{field}__lte": self.as_of})
        if self.period_start:
            condition &= Q(**{f"{field}__gte": self.period_start})
        return condition

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        params = {}
        if self.setting:
            params["setting"] = self.setting.slug
        if self.region:
            params["region"] = self.region
        if self.role_function:
            params["role_function"] = self.role_function.slug
        if self.period_start:
            params["period_start"] = self.period_start.isoformat()
        if self.period_end:
            params["period_end"] = self.period_end.isoformat()
        return params

    def describe(self) -> list[tuple[str, str]]:
        from cases.models import Region

        described = []
        if self.setting:
            described.append(("setting", str(self.setting)))
        if self.region:
            described.append(("region", str(Region(self.region).label)))
        if self.role_function:
            described.append(("role function", str(self.role_function)))
        if self.period_start:
            described.append(("period start", self.period_start.isoformat()))
        described.append(("period end", self.as_of.isoformat()))
        return described


def filtered_initiatives(filters: ComparisonFilters) -> QuerySet[Initiative]:
    """Initiatives with a context that match the filters (lazy, for use as a subquery)."""
    initiatives = Initiative.objects.exclude(context="")
    if filters.setting:
        initiatives = initiatives.filter(
            Exists(
                Initiative.settings.through.objects.filter(
                    initiative=OuterRef("pk"), servicesetting=filters.setting
                )
            )
        )
    if filters.region:
        initiatives = initiatives.filter(
            Exists(
                InitiativePartner.objects.filter(
                    initiative=OuterRef("pk"),
                    part=PartnerPart.LEAD,
                    organisation__region=filters.region,
                )
            )
        )
    if filters.role_function:
        initiatives = initiatives.filter(
            Exists(
                PeerWorkerRole.objects.filter(
                    initiative=OuterRef("pk"), functions=filters.role_function
                )
            )
        )
    if filters.period_end:
        initiatives = initiatives.filter(
            Q(started__isnull=True) | Q(started__lte=filters.period_end)
        )
    return initiatives.order_by()
