"""Research downloads say what they hold and when they were made: the filters and the date are
in the file name; no name carries a path separator."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from peerwork.lib.exports import dated_filename
from tests.qualitative.factories import ResearchProjectFactory, add_source, code, theme

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coded(researcher, initiative_a):
    project = ResearchProjectFactory(name="Wave 1 / ward interviews")
    source = add_source(
        project=project, initiative=initiative_a, title="Peer worker 1", text="Supervision helped."
    )
    code(source, "Supervision helped.", [theme("supervision-support")], researcher)
    return project


def _filename(response) -> str:
    match = re.fullmatch(r'attachment; filename="([^"]+)"', response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match.group(1)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, "peerwork-coded-excerpts-all-2026-03-14"),
        ({"group": "peer_worker"}, "peerwork-coded-excerpts-group-peer_worker-2026-03-14"),
        (
            {"group": "manager", "wave": "1", "level": "1"},
            "peerwork-coded-excerpts-group-manager-wave-1-2026-03-14",
        ),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_coded_excerpt_exports_carry_the_filters_and_the_date(
    clock, coded, researcher, client_for, query, expected, fmt
):
    response = client_for(researcher).get(reverse(f"qualitative:export-codings-{fmt}"), query)
    assert response.status_code == 200
    assert _filename(response) == f"{expected}.{fmt}"


@pytest.mark.parametrize("fmt", ["csv", "qdc"])
def test_codebook_exports_carry_the_date(clock, coded, researcher, client_for, fmt):
    response = client_for(researcher).get(reverse(f"qualitative:export-codebook-{fmt}"))
    assert _filename(response) == f"peerwork-codebook-2026-03-14.{fmt}"


def test_the_project_export_carries_the_project_and_the_date(clock, coded, researcher, client_for):
    response = client_for(researcher).get(
        reverse("qualitative:export-project-qdpx", args=[coded.public_id])
    )
    assert _filename(response) == "peerwork-wave-1-ward-interviews-2026-03-14.qdpx"


def test_the_matrix_and_the_corpus_link_their_exports_with_their_filters(
    coded, researcher, client_for
):
    client = client_for(researcher)
    matrix = client.get(reverse("qualitative:matrix"), {"group": "manager", "wave": "1"})
    corpus = client.get(reverse("qualitative:corpus"), {"group": "manager", "wave": "1"})
    for page in (matrix, corpus):
        content = page.content.decode()
        assert reverse("qualitative:export-codings-csv") + "?group=manager&amp;wave=1" in content


def test_a_file_name_never_carries_a_path_separator_or_an_empty_part():
    name = dated_filename("a/b", "", None, "Café ✨", ext="csv", on=dt.date(2026, 1, 2))
    assert name == "peerwork-ab-cafe-2026-01-02.csv"
