"""Small, known comparison landscapes for the view tests, built at a fixed day.

Everything here happens "on" ``TODAY`` (tests move the clock there with the ``time_machine``
fixture before building), so the current quarter, the closed quarters and the published years
are the same whenever the suite runs: 2025 Q2 is open, 2024 is published.
"""

from __future__ import annotations

import datetime as dt

from cases.models import PartnerPart, Region, Sector
from comparison.services import profiles_rebuild
from tests.factories import (
    InitiativeFactory,
    OrganisationFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
)

TODAY = dt.datetime(2025, 5, 15, 12, 0, tzinfo=dt.UTC)
CURRENT_QUARTER = dt.date(2025, 4, 1)
STARTED = dt.date(2024, 1, 1)

CONTEXT_SECTORS = {
    "statutory": [(Sector.STATUTORY, PartnerPart.LEAD)],
    "voluntary": [(Sector.VOLUNTARY, PartnerPart.LEAD)],
    "partnership": [(Sector.STATUTORY, PartnerPart.LEAD), (Sector.VOLUNTARY, PartnerPart.EMPLOYER)],
}


def staff(role, count: int, *, started: dt.date = dt.date(2024, 2, 1), ended=None) -> list:
    """``count`` peer workers in ``role`` who started (and perhaps left) on the same days."""
    return [PeerWorkerFactory(role=role, started=started, ended=ended) for _ in range(count)]


def initiative_in(
    context: str,
    *,
    code: str,
    name: str,
    region: str = Region.LONDON,
    organisations: list | None = None,
    settings=(),
    started: dt.date = STARTED,
):
    """An initiative of ``context`` with new partner organisations (or the given ones)."""
    if organisations is None:
        organisations = [
            (
                OrganisationFactory(name=f"{name} {sector} partner", sector=sector, region=region),
                part,
            )
            for sector, part in CONTEXT_SECTORS[context]
        ]
    initiative = InitiativeFactory(
        research_code=code, name=name, started=started, partners=organisations
    )
    if settings:
        initiative.settings.set(settings)
    return initiative


def with_role(initiative, *, workers: int = 0, **role_values):
    role = PeerWorkerRoleFactory(initiative=initiative, **role_values)
    staff(role, workers)
    return role


def build_profiles() -> None:
    """Every quarter's profile up to today, closed quarters frozen, closed years published."""
    profiles_rebuild(force=True)
