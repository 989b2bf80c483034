"""The fidelity pages run a fixed number of queries, whatever the number of sites and ratings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fidelity.models import InformantType
from tests.factories import InitiativeFactory
from tests.fidelity.factories import (
    InterviewFactory,
    ResearcherFactory,
    WaveFactory,
    agree,
    items_for,
    rate,
)

pytestmark = pytest.mark.django_db


def build(researcher, sites: int):
    second = ResearcherFactory()
    wave = WaveFactory(name="Wave Q", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    for number in range(sites):
        site = InitiativeFactory(research_code=f"P-{number + 50}")
        for informant in (InformantType.PEER_WORKER, InformantType.SUPERVISOR):
            interview = InterviewFactory(wave=wave, initiative=site, informant_type=informant)
            n = len(items_for(interview))
            rate(interview, researcher, [2 + number % 3] * n)
            rate(interview, second, [2 + number % 3] * n)
            agree(interview, [researcher, second])
    return wave


# Every page: session, user, the user's memberships (navigation) — then its own reads.
PAGES = {
    # rating counts, waves with counts, instruments with counts
    "home": (lambda wave: reverse("fidelity:home"), 6),
    # wave with instrument, interviews with progress, own ratings, form choices (sites, sources)
    "wave-detail": (lambda wave: reverse("fidelity:wave-detail", args=[wave.public_id]), 8),
    # wave; agreement: items, paired scores, domains; consistency: items, consensus scores,
    # domains
    "wave-statistics": (
        lambda wave: reverse("fidelity:wave-statistics", args=[wave.public_id]),
        10,
    ),
    # wave, domains, site scores (means, interview counts), practice profiles
    "wave-comparison": (lambda wave: reverse("fidelity:wave-comparison", args=[wave.public_id]), 8),
    # waves, site scores (2), sites, practice profiles, people years, milestones
    "trajectories": (lambda wave: reverse("fidelity:trajectories"), 10),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("sites", [1, 3])
def test_page_query_count_does_not_grow(
    page, sites, researcher, client_for, django_assert_num_queries
):
    wave = build(researcher, sites)
    url, count = PAGES[page]
    client = client_for(researcher)
    client.get(url(wave))  # warm caches (content types, site settings)
    with django_assert_num_queries(count):
        response = client.get(url(wave))
    assert response.status_code == 200
