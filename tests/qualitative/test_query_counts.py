"""Pinned query counts of the qualitative list pages, the same with small and larger data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualitative.models import CellSummary
from tests.factories import InitiativeFactory
from tests.qualitative.factories import (
    ResearchProjectFactory,
    add_source,
    code,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_this_pages_queries(monkeypatch):
    # Other apps' navigation providers run their own queries; count this page's alone.
    from peerwork.lib import navigation
    from qualitative.navigation import qualitative_nav

    monkeypatch.setattr(navigation, "_nav_providers", [qualitative_nav])


def _data(researcher, initiative, count: int) -> None:
    project = ResearchProjectFactory()
    for index in range(count):
        other = InitiativeFactory(research_code=f"P-{60 + index}")
        for target in (initiative, other):
            source = add_source(
                project=project,
                initiative=target,
                wave=1 + index % 2,
                text="Boundaries and training were discussed at length.",
                title=f"Interview {index}",
            )
            code(source, "Boundaries", [theme("practice-boundaries")], researcher)
            code(source, "training", [theme("training"), theme("professionalism")], researcher)
        CellSummary.objects.get_or_create(initiative=other, theme=theme("training"))


PAGES = {
    # session, user, projects, sources with coded-passage counts, waves for the filter
    "corpus": 5,
    # session, user, parent-theme choices (codebook + queryset), themes with coding counts
    "codebook": 5,
    # session, user, initiative, theme, filter form (depths, waves), excerpts, their codings,
    # theme labels
    "cell-excerpts": 9,
}


def _url(name, initiative):
    if name == "cell-excerpts":
        return reverse(
            "qualitative:cell-excerpts", args=[initiative.public_id, theme("structural").public_id]
        )
    return reverse(f"qualitative:{name}")


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_list_pages_have_fixed_query_counts(
    name, size, client_for, researcher, initiative_a, django_assert_num_queries
):
    _data(researcher, initiative_a, size)
    client = client_for(researcher)
    url = _url(name, initiative_a)
    with django_assert_num_queries(PAGES[name]):
        response = client.get(url)
    assert response.status_code == 200
    if name == "cell-excerpts":
        # Only the "training" excerpt of each source is structural.
        assert response.content.decode().count("<blockquote") == size


@pytest.mark.parametrize("offers", [1, 5])
def test_sharing_page_has_a_fixed_query_count(
    offers, monkeypatch, client_for, peer_a, peer_worker_a, django_assert_num_queries
):
    import datetime as dt
    import uuid

    from qualitative import selectors
    from qualitative.services import (
        SharedSession,
        supervision_offer_create,
        supervision_offer_withdraw,
    )

    session = SharedSession(uuid.uuid4(), dt.date(2025, 1, 1), "One. Two. Three. Four. Five.")
    monkeypatch.setattr(selectors, "shared_sessions_for", lambda peer_worker: [session])
    for index, passage in enumerate(["One.", "Two.", "Three.", "Four.", "Five."][:offers]):
        offer = supervision_offer_create(
            peer_worker=peer_worker_a, session=session, passage=passage, offered_by=peer_a
        )
        if index % 2:
            supervision_offer_withdraw(offer=offer)
    client = client_for(peer_a)
    # session, user, nav (has a peer worker post), the worker's post, their offers
    with django_assert_num_queries(5):
        response = client.get(reverse("qualitative:sharing"))
    assert response.content.decode().count("From your session of") == offers
