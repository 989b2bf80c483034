"""Fidelity through the research API: the blind rule holds for a token as on the pages, the
rows are the wave export's, and bad requests are refused with the parameter named."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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

RATINGS = "api:research-fidelity-ratings"


@pytest.fixture
def second_researcher(db):
    return ResearcherFactory(email="second.researcher@example.org", full_name="Sam Second")


@pytest.fixture
def interview(initiative_a):
    wave = WaveFactory(name="Wave 1")
    return InterviewFactory(
        wave=wave,
        initiative=initiative_a,
        informant_type=InformantType.PEER_WORKER,
        reference="P-01-peer",
    )


def _all_rows(client, name: str, query: dict) -> list[dict]:
    rows: list[dict] = []
    page = 1
    while True:
        response = client.get(reverse(name), {**query, "page": page, "page_size": 500})
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        page += 1


def _rows_of(rows: list[dict], reference: str) -> list[dict]:
    return [row for row in rows if row["interview"] == reference]


def test_second_rater_sees_the_first_rating_only_once_both_are_submitted(
    interview, researcher, second_researcher, api_for
):
    wave = str(interview.wave.public_id)
    items = items_for(interview)
    rate(interview, researcher, [4] * len(items), notes={items[0].code: "FIRST-RATER-NOTE"})
    first = api_for(researcher, scope="read")
    second = api_for(second_researcher, scope="read")

    # The first rater receives their own submitted rating, one row per item.
    own = _rows_of(_all_rows(first, RATINGS, {"wave": wave}), "P-01-peer")
    assert len(own) == len(items) and {row["rater_position"] for row in own} == {1}

    # The second rater: nothing of it, in either layout and in CSV.
    assert _all_rows(second, RATINGS, {"wave": wave}) == []
    assert _all_rows(second, RATINGS, {"wave": wave, "layout": "wide"}) == []
    body = second.get(reverse(RATINGS), {"wave": wave, "format": "csv"}).content.decode()
    assert "P-01-peer" not in body and "FIRST-RATER-NOTE" not in body

    # A draft of the second rating is not enough: still only the second rater's own draft
    # (drafts are not exported), never the first rating.
    rate(interview, second_researcher, [3] * len(items), submit=False)
    assert _all_rows(second, RATINGS, {"wave": wave}) == []
    assert _rows_of(_all_rows(first, RATINGS, {"wave": wave}), "P-01-peer") == own

    # Both submitted: each sees both.
    rate(interview, second_researcher, [3] * len(items))
    for client in (first, second):
        rows = _rows_of(_all_rows(client, RATINGS, {"wave": wave}), "P-01-peer")
        assert len(rows) == 2 * len(items)
        assert {(row["rater_position"], row["score"]) for row in rows} == {(1, 4), (2, 3)}
        assert "FIRST-RATER-NOTE" in {row["note"] for row in rows}
        wide = _all_rows(client, RATINGS, {"wave": wave, "layout": "wide"})
        assert [row["rater_position"] for row in wide] == [1, 2]
        assert [row[items[0].code] for row in wide] == [4, 3]


def test_a_rating_stays_hidden_from_a_third_researcher_with_their_own_interviews(
    interview, researcher, second_researcher, api_for
):
    """The blind rule is per interview: rating another interview opens nothing else."""
    items = items_for(interview)
    rate(interview, researcher, [4] * len(items))
    other = InterviewFactory(wave=interview.wave, initiative=InitiativeFactory())
    rate(other, second_researcher, [2] * len(items_for(other)))
    rows = _all_rows(api_for(second_researcher), RATINGS, {"wave": str(interview.wave.public_id)})
    assert {row["interview"] for row in rows} == {other.reference}
    assert {row["rater_position"] for row in rows} == {1}


def test_rows_are_the_wave_exports_for_the_same_researcher(
    interview, researcher, second_researcher, api_for, client_for
):
    items = items_for(interview)
    rate(interview, researcher, [4] * len(items))
    rate(interview, second_researcher, [3] * len(items))
    agree(interview, [researcher, second_researcher], {code.code: 4 for code in items})
    pending = InterviewFactory(wave=interview.wave, initiative=interview.initiative)
    rate(pending, researcher, [2] * len(items_for(pending)))
    wave = interview.wave
    export = reverse("fidelity:wave-export", args=[wave.public_id])
    for user in (researcher, second_researcher):
        page = client_for(user)
        api = api_for(user, scope="read")
        for kind, query in (
            ("long", {}),
            ("wide", {"layout": "wide"}),
        ):
            from_page = page.get(export, {"kind": kind, "format": "json"}).json()["rows"]
            from_api = _all_rows(api, RATINGS, {"wave": str(wave.public_id), **query})
            assert from_api == from_page, (user, kind)
        from_page = page.get(export, {"kind": "scores", "format": "json"}).json()["rows"]
        from_api = _all_rows(api, "api:research-fidelity-scores", {"wave": str(wave.public_id)})
        assert from_api == from_page
        assert from_api[0]["site"] == "P-01" and from_api[0]["total"] == 4
        # CSV of the API: the same table as the page's CSV download.
        api_csv = api.get(
            reverse(RATINGS), {"wave": str(wave.public_id), "format": "csv", "page_size": 500}
        ).content.decode()
        page_csv = page.get(export, {"kind": "long", "format": "csv"}).content.decode()
        assert list(csv.reader(io.StringIO(api_csv))) == list(csv.reader(io.StringIO(page_csv)))
    consensus = [
        row
        for row in _all_rows(api_for(researcher), RATINGS, {"wave": str(wave.public_id)})
        if row["rater"] == "consensus"
    ]
    assert len(consensus) == len(items) and {row["rater_position"] for row in consensus} == {0}


def test_waves_list_the_study_rounds_with_their_progress(interview, researcher, api_for):
    WaveFactory(name="Wave 2")
    body = api_for(researcher).get(reverse("api:research-fidelity-waves")).json()
    by_name = {wave["name"]: wave for wave in body["results"]}
    assert set(by_name) == {"Wave 1", "Wave 2"}
    first = by_name["Wave 1"]
    assert first["id"] == str(interview.wave.public_id)
    assert (first["sites"], first["interviews"], first["interviews_with_consensus"]) == (1, 1, 0)
    assert first["instrument_version"] == 1 and first["illustrative_items"] is True
    assert first["published_to_sites"] is None


def test_dictionary_names_every_column_and_item(interview, researcher, api_for):
    rows = _all_rows(
        api_for(researcher),
        "api:research-fidelity-dictionary",
        {"wave": str(interview.wave.public_id)},
    )
    columns = {row["column"] for row in rows}
    assert {"rater", "rater_position", "score", "total"} <= columns
    assert {item.code for item in interview.wave.instrument.items.all()} <= columns


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({}, 400, "wave"),
        ({"wave": "not-an-id"}, 400, "wave"),
        ({"wave": "WAVE", "layout": "tall"}, 400, "layout"),
        ({"wave": str(uuid.uuid4())}, 404, None),
    ],
)
def test_bad_requests_name_the_parameter(interview, researcher, api_for, query, status, field):
    if query.get("wave") == "WAVE":
        query = {**query, "wave": str(interview.wave.public_id)}
    response = api_for(researcher).get(reverse(RATINGS), query)
    assert response.status_code == status
    if field:
        assert field in response.json()


def _rated_interviews(count: int, wave, raters) -> None:
    for _ in range(count):
        interview = InterviewFactory(wave=wave, initiative=InitiativeFactory())
        items = items_for(interview)
        for rater in raters:
            rate(interview, rater, [3] * len(items))
        agree(interview, raters)


# Ratings: token, token last used, wave, visible ratings, their item scores, consensus scores
# (+ the instrument's items for the wide layout). Scores: token, last used, wave, and the
# site scores (``fidelity.selectors.site_scores``). Waves: token, last used, count, page.
QUERIES = [
    ("api:research-fidelity-ratings", {}, 6),
    ("api:research-fidelity-ratings", {"layout": "wide"}, 7),
    ("api:research-fidelity-scores", {}, 6),
    ("api:research-fidelity-waves", {}, 4),
]


@pytest.mark.parametrize(
    ("name", "query", "expected"), QUERIES, ids=[f"{q[0]} {q[1]}" for q in QUERIES]
)
def test_queries_do_not_grow_with_interviews(
    name, query, expected, researcher, second_researcher, api_for
):
    wave = WaveFactory(name="Counted wave")
    counts = []
    built = 0
    for size in (3, 12):
        _rated_interviews(size - built, wave, [researcher, second_researcher])
        built = size
        client = api_for(researcher, scope="read")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                reverse(name), {**query, "wave": str(wave.public_id), "page_size": 500}
            )
        assert response.status_code == 200, response.content
        assert response.json()["count"] >= 1
        counts.append(len(queries))
    assert counts == [expected, expected], counts
