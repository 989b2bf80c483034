"""Every fidelity URL × every persona → the expected status, one case per pair.

Only researchers reach the research pages (administrators, managers, supervisors and peer
workers get 403; anonymous visitors are sent to sign in). A rating sheet opens only for its own
rater: the other rater's is a 404, as for an id that does not exist. A site's published scores
follow ``cases.access``: its managers (and administrators) open them, managers elsewhere and
researchers get 404, members without a manager's role 403.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fidelity.models import Rating
from tests.fidelity.factories import (
    InterviewFactory,
    ResearcherFactory,
    WaveFactory,
    agree,
    illustrative_instrument,
    items_for,
    rate,
)

PERSONAS = [
    "researcher",
    "administrator",
    "manager_a",
    "manager_b",
    "supervisor_a",
    "peer_a",
    "anonymous",
]


@pytest.fixture
def scene(initiative_a, researcher):
    second = ResearcherFactory(email="second@example.org")
    wave = WaveFactory(name="Wave P", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    agreed = InterviewFactory(wave=wave, initiative=initiative_a, reference="A-1")
    n = len(items_for(agreed))
    rate(agreed, researcher, [3] * n)
    rate(agreed, second, [3] * n)
    agree(agreed, [researcher, second])
    pending = InterviewFactory(wave=wave, initiative=initiative_a, reference="A-2")
    others = rate(pending, second, [2] * n)
    own = Rating.objects.get(interview=agreed, rater=researcher)
    return {
        "wave": wave,
        "agreed": agreed,
        "pending": pending,
        "own": own,
        "others": others,
        "instrument": illustrative_instrument(),
        "initiative": initiative_a,
    }


RESEARCH = {
    "researcher": 200,
    "administrator": 403,
    "manager_a": 403,
    "manager_b": 403,
    "supervisor_a": 403,
    "peer_a": 403,
    "anonymous": 302,
}
RESEARCH_POST = {**RESEARCH, "researcher": 302}
SITE_MANAGERS = {
    "researcher": 404,
    "administrator": 200,
    "manager_a": 200,
    "manager_b": 404,
    "supervisor_a": 403,
    "peer_a": 403,
    "anonymous": 302,
}


def _url(name: str, key: str | None = None):
    if key is None:
        return reverse(f"fidelity:{name}")
    return lambda scene: reverse(f"fidelity:{name}", args=[scene[key].public_id])


def _export(kind: str, export_format: str):
    return lambda scene: (
        reverse("fidelity:wave-export", args=[scene["wave"].public_id])
        + f"?kind={kind}&format={export_format}"
    )


CASES: dict[str, tuple] = {
    "home": ("get", _url("home"), RESEARCH),
    "instrument-create": ("get", _url("instrument-create"), RESEARCH),
    "instrument-detail": ("get", _url("instrument-detail", "instrument"), RESEARCH),
    "instrument-items": ("get", _url("instrument-items", "instrument"), RESEARCH),
    "instrument-new-version": ("post", _url("instrument-new-version", "instrument"), RESEARCH_POST),
    "instrument-import": (
        "post",
        _url("instrument-import", "instrument"),
        {**RESEARCH, "researcher": 400},
    ),
    "item-add": ("post", _url("item-add", "instrument"), {**RESEARCH, "researcher": 400}),
    "wave-create": ("get", _url("wave-create"), RESEARCH),
    "wave-detail": ("get", _url("wave-detail", "wave"), RESEARCH),
    "wave-update": ("get", _url("wave-update", "wave"), RESEARCH),
    "wave-publish": ("post", _url("wave-publish", "wave"), RESEARCH_POST),
    "wave-statistics": ("get", _url("wave-statistics", "wave"), RESEARCH),
    "wave-comparison": ("get", _url("wave-comparison", "wave"), RESEARCH),
    "interview-detail": ("get", _url("interview-detail", "agreed"), RESEARCH),
    "rating-start": ("post", _url("rating-start", "pending"), RESEARCH_POST),
    "consensus-record": (
        "post",
        _url("consensus-record", "agreed"),
        {**RESEARCH, "researcher": 400},
    ),
    "consensus-record-before-both": (
        "post",
        _url("consensus-record", "pending"),
        {**RESEARCH, "researcher": 404},
    ),
    "rating-edit-own": ("get", _url("rating-edit", "own"), RESEARCH),
    "rating-edit-others": ("get", _url("rating-edit", "others"), {**RESEARCH, "researcher": 404}),
    "trajectories": ("get", _url("trajectories"), RESEARCH),
    "site-trajectory": ("get", _url("site-trajectory", "initiative"), RESEARCH),
    "matrix": ("get", _url("matrix"), RESEARCH),
    "site-scores": ("get", _url("site-scores", "initiative"), SITE_MANAGERS),
}
for kind in ("long", "wide", "scores", "dictionary"):
    for export_format in ("csv", "xlsx", "json"):
        CASES[f"export-{kind}-{export_format}"] = ("get", _export(kind, export_format), RESEARCH)


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(case, persona, personas, scene, client_for):
    method, url, expected = CASES[case]
    url = url(scene) if callable(url) else url
    client = client_for(personas[persona])

    response = client.post(url, {}) if method == "post" else client.get(url)

    assert response.status_code == expected[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if case == "wave-publish":
        scene["wave"].refresh_from_db()
        assert (scene["wave"].published is not None) == (persona == "researcher")
    if case == "rating-start":
        raters = set(
            Rating.objects.filter(interview=scene["pending"]).values_list("rater", flat=True)
        )
        assert (personas["researcher"].pk in raters) == (persona == "researcher")


@pytest.mark.django_db
def test_a_researcher_must_pass_two_factor_sign_in_first(scene, researcher, settings, client_for):
    settings.PEERWORK_REQUIRE_2FA = True
    response = client_for(researcher).get(
        reverse("fidelity:wave-detail", args=[scene["wave"].public_id])
    )
    assert response.status_code == 302
    assert "/accounts/" in response["Location"] and "two-factor" in response["Location"]
