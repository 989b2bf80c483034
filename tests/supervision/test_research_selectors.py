"""Figures for the research comparison: fixed query counts, counts only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from supervision import selectors
from supervision.models import SupervisionType
from tests.factories import InitiativeFactory, PeerWorkerFactory, PeerWorkerRoleFactory
from tests.supervision.factories import ArrangementFactory

TODAY = dt.date(2025, 6, 15)


def _arrangement(role, *, next_due_on, kind=SupervisionType.PEER, lived=True, ended=None):
    return ArrangementFactory(
        peer_worker=PeerWorkerFactory(role=role),
        supervision_type=kind,
        supervisor_has_lived_experience=lived,
        next_due_on=next_due_on,
        started=dt.date(2025, 1, 1),
        ended=ended,
    )


@pytest.fixture
def two_initiatives(role_a, initiative_a):
    other = InitiativeFactory()
    other_role = PeerWorkerRoleFactory(initiative=other)
    _arrangement(role_a, next_due_on=TODAY)  # on time (due today)
    _arrangement(
        role_a, next_due_on=TODAY - dt.timedelta(days=1), kind=SupervisionType.CLINICAL, lived=False
    )
    _arrangement(
        role_a, next_due_on=TODAY - dt.timedelta(days=9), ended=dt.date(2025, 2, 1)
    )  # ended
    _arrangement(
        other_role,
        next_due_on=TODAY + dt.timedelta(days=3),
        kind=SupervisionType.GROUP,
        lived=False,
    )
    return initiative_a, other


@time_machine.travel(dt.datetime(2025, 6, 15, 12, 0), tick=False)
def test_on_time_share_by_initiative(two_initiatives, django_assert_num_queries):
    initiative_a, other = two_initiatives
    with django_assert_num_queries(1):
        figures = selectors.supervision_on_time_by_initiative()
    assert figures[initiative_a.pk] == {"n": 2, "on_time": 1, "share": 0.5}
    assert figures[other.pk] == {"n": 1, "on_time": 1, "share": 1.0}


@time_machine.travel(dt.datetime(2025, 6, 15, 12, 0), tick=False)
def test_lived_experience_and_types_by_initiative(two_initiatives, django_assert_num_queries):
    initiative_a, other = two_initiatives
    with django_assert_num_queries(2):
        lived = selectors.supervisor_lived_experience_by_initiative()
        types = selectors.supervision_types_by_initiative(initiative_ids=[initiative_a.pk])
    assert lived[initiative_a.pk] == {"n": 2, "with_lived_experience": 1, "share": 0.5}
    assert lived[other.pk]["with_lived_experience"] == 0
    assert types == {
        initiative_a.pk: {"n": 2, "peer": 1, "managerial": 0, "clinical": 1, "group": 0}
    }
