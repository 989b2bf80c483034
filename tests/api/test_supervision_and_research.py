"""Subject access to one's own supervision records; research figures identical to the pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.urls import reverse

from supervision.models import SupervisionType
from tests.comparison import scenes
from tests.supervision.factories import ArrangementFactory, SessionFactory
from tests.trust.helpers import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def field_keys(settings):
    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.PEERWORK_FIELD_KEY_FILE = None


def test_private_reflections_reach_only_their_author(
    peer_worker_a, peer_a, supervisor_a, org_a, manager_a, api_for
):
    arrangement = ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        supervision_type=SupervisionType.PEER,
        started=dt.date(2024, 3, 1),
    )
    SessionFactory(arrangement=arrangement, author=peer_a, private_reflection="Only mine")
    url = reverse("api:supervision-records")
    own = api_for(peer_a).get(url).json()["results"]
    assert [record["private_reflection"] for record in own] == ["Only mine"]
    theirs = api_for(supervisor_a).get(url).json()["results"]
    assert len(theirs) == 1 and theirs[0]["private_reflection"] == ""
    assert "Only mine" not in api_for(supervisor_a).get(url, {"format": "csv"}).content.decode()
    assert api_for(manager_a).get(url).json()["results"] == []


@pytest.fixture
def landscape(db):
    with time_machine.travel(scenes.TODAY, tick=False):
        for number, context in enumerate(["statutory", "voluntary", "partnership"] * 3, start=1):
            initiative = scenes.initiative_in(
                context, code=f"P-{number:02d}", name=f"Site {number}"
            )
            scenes.with_role(initiative, workers=number % 4 + 1)
        scenes.build_profiles()


def _page_csv(client, view: str, query: dict) -> list[dict]:
    response = client.get(reverse("comparison:export"), {**query, "view": view, "format": "csv"})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _api_csv(client, name: str, query: dict) -> list[dict]:
    rows = []
    page = 1
    while True:
        response = client.get(
            reverse(name), {**query, "format": "csv", "page": page, "page_size": 500}
        )
        assert response.status_code == 200, response.content
        batch = list(csv.DictReader(io.StringIO(response.content.decode())))
        rows += batch
        if len(batch) < 500:
            return rows
        page += 1


@pytest.mark.parametrize(
    "query",
    [
        {"view": "context"},  # the default period
        {"first": "2024-Q1", "last": "2024-Q4"},
        {"first": "2025-Q1", "last": "2025-Q2", "context": ["voluntary", "partnership"]},
    ],
)
def test_comparison_figures_and_suppression_are_the_pages(landscape, researcher, api_for, query):
    with time_machine.travel(scenes.TODAY, tick=False):
        page = verified_client(researcher)
        api = api_for(researcher, scope="read")
        for view, name, extra in (
            ("context", "api:research-comparison", {}),
            ("initiative", "api:research-comparison", {"view": "initiative"}),
            ("case-table", "api:research-case-table", {}),
        ):
            from_page = _page_csv(page, view, query)
            from_api = _api_csv(api, name, {**query, **extra} if view != "context" else query)
            assert from_api == from_page, view
        by_initiative = _api_csv(api, "api:research-comparison", {**query, "view": "initiative"})
        if query.get("first", "2024-Q1").startswith("2024"):
            # Each site has fewer than 5 peer workers: its people figures are suppressed.
            assert "suppressed" in {row["state"] for row in by_initiative}
        names = {
            row["identified_name"]
            for row in _api_csv(api, "api:research-comparison", {"view": "initiative"})
        }
        assert names == {""}  # pseudonymised: no names without an identified-access grant


def test_comparison_json_is_paginated(landscape, researcher, api_for):
    with time_machine.travel(scenes.TODAY, tick=False):
        body = (
            api_for(researcher, scope="read")
            .get(reverse("api:research-comparison"), {"page_size": 10})
            .json()
        )
    assert body["count"] > 10 and len(body["results"]) == 10 and body["next"]
    assert set(body["results"][0]) >= {"column", "figure", "state", "value", "n", "text"}


def test_bad_period_is_refused_with_the_fields_named(landscape, researcher, api_for):
    with time_machine.travel(scenes.TODAY, tick=False):
        response = api_for(researcher).get(
            reverse("api:research-case-table"), {"first": "1999-01-01"}
        )
    assert response.status_code == 400
    assert "first" in response.json()
