"""A rated wave: three sites, two raters (``researcher`` and ``second_researcher``)."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.models import PartnerPart
from fidelity.models import InformantType
from tests.factories import InitiativeFactory, OrganisationFactory
from tests.fidelity.factories import (
    InterviewFactory,
    ResearcherFactory,
    WaveFactory,
    agree,
    items_for,
    rate,
)


@pytest.fixture
def second_researcher(db):
    return ResearcherFactory(email="second.researcher@example.org", full_name="Sam Second")


@pytest.fixture
def rated_wave(initiative_a, researcher, second_researcher):
    """Wave 1: initiative_a (P-01) and two more sites, three interviews each, all agreed; one
    more interview at P-01 rated by ``researcher`` only."""
    wave = WaveFactory(name="Wave 1", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 3, 31))
    sites = [initiative_a] + [
        InitiativeFactory(
            research_code=code, partners=[(OrganisationFactory(sector=sector), PartnerPart.LEAD)]
        )
        for code, sector in (("P-02", "voluntary"), ("P-03", "statutory"))
    ]
    raters = [researcher, second_researcher]
    interviews = []
    for index, site in enumerate(sites):
        for informant in InformantType.values:
            interview = InterviewFactory(
                wave=wave,
                initiative=site,
                informant_type=informant,
                reference=f"{site.research_code}-{informant}",
            )
            items = items_for(interview)
            first = {item.code: 2 + (index + position) % 3 for position, item in enumerate(items)}
            second = dict(first)
            if informant == InformantType.SUPERVISOR:
                code = items[0].code
                second[code] = max(1, first[code] - 1)
            rate(interview, researcher, first)
            rate(interview, second_researcher, second)
            agree(interview, raters, {items[0].code: first[items[0].code]})
            interviews.append(interview)
    pending = InterviewFactory(wave=wave, initiative=initiative_a, reference="P-01-pending")
    rate(pending, researcher, [4] * len(items_for(pending)), notes={"T1": "FIRST-RATER-NOTE"})
    return {"wave": wave, "sites": sites, "interviews": interviews, "pending": pending}
