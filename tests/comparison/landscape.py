"""Small random landscapes in the database for comparison tests: initiatives in every context
with regions, settings, roles, peer workers over several years, and profiles built."""

from __future__ import annotations

import datetime as dt
import random

from cases.models import PartnerPart, Region, Sector, ServiceSetting
from tests.factories import (
    InitiativeFactory,
    OrganisationFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
)

SECTORS = {
    "statutory": [(Sector.STATUTORY, PartnerPart.LEAD)],
    "voluntary": [(Sector.VOLUNTARY, PartnerPart.LEAD)],
    "partnership": [(Sector.STATUTORY, PartnerPart.LEAD), (Sector.VOLUNTARY, PartnerPart.EMPLOYER)],
}


def build(seed: int, *, initiatives: int = 9, first_year: int = 2022, last_year: int = 2024):
    """Initiatives with random workforces between ``first_year`` and ``last_year``."""
    rng = random.Random(seed)
    settings = list(ServiceSetting.objects.order_by("slug")[:3])
    regions = [Region.LONDON, Region.NORTH_WEST]
    created = []
    for number in range(initiatives):
        context = ["statutory", "voluntary", "partnership"][number % 3]
        region = rng.choice(regions)
        partners = [
            (OrganisationFactory(sector=sector, region=region), part)
            for sector, part in SECTORS[context]
        ]
        initiative = InitiativeFactory(
            research_code=f"P-{700 + number}",
            name=f"Landscape initiative {seed}-{number}",
            started=dt.date(first_year, 1, 1),
            partners=partners,
        )
        initiative.settings.set([rng.choice(settings)])
        role = PeerWorkerRoleFactory(initiative=initiative, employer=partners[-1][0])
        for _person in range(rng.randint(0, 12)):
            start = dt.date(first_year, 1, 1) + dt.timedelta(
                days=rng.randint(0, (dt.date(last_year, 12, 31) - dt.date(first_year, 1, 1)).days)
            )
            end = None
            if rng.random() < 0.4:
                end = start + dt.timedelta(days=rng.randint(30, 700))
            PeerWorkerFactory(role=role, started=start, ended=end)
        created.append(initiative)
    return created
