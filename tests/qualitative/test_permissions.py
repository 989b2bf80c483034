"""Permission matrix: every qualitative URL × every persona → expected status.

Research material is for researchers and administrators only (403 for everyone else); the
research-sharing pages are for peer workers, each seeing only their own offers (404 for
anyone else's); anonymous visitors are sent to the login page.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from qualitative import selectors
from qualitative.models import ResearchProject
from qualitative.services import SharedSession, supervision_offer_create
from tests.qualitative.factories import (
    ResearchProjectFactory,
    add_source,
    code,
    theme,
)

pytestmark = pytest.mark.django_db

SESSION_ID = uuid.UUID("99999999-2222-4333-8444-555555555555")
RESEARCH = {
    "researcher": 200,
    "administrator": 200,
    "manager_a": 403,
    "supervisor_a": 403,
    "peer_a": 403,
    "manager_b": 403,
}
RESEARCH_POST = {**RESEARCH, "researcher": 302, "administrator": 302}
WORKER = {
    "peer_a": 200,
    "researcher": 403,
    "administrator": 403,
    "manager_a": 403,
    "supervisor_a": 403,
    "manager_b": 403,
}


@pytest.fixture
def world(personas, researcher, initiative_a, peer_worker_a, monkeypatch):
    session = SharedSession(SESSION_ID, dt.date(2025, 1, 1), "We talked about boundaries.")
    monkeypatch.setattr(
        selectors,
        "shared_sessions_for",
        lambda peer_worker: [session] if peer_worker.pk == peer_worker_a.pk else [],
    )
    project = ResearchProjectFactory()
    source = add_source(project=project, initiative=initiative_a, text="Boundaries were unclear.")
    [coding] = code(source, "Boundaries", [theme("practice-boundaries")], researcher)
    offer = supervision_offer_create(
        peer_worker=peer_worker_a,
        session=session,
        passage="We talked about boundaries.",
        offered_by=peer_worker_a.user,
    )
    return {
        "project": project,
        "source": source,
        "coding": coding,
        "offer": offer,
        "initiative": initiative_a,
        "theme": theme("practice-boundaries"),
    }


def _get_urls(world):
    project, source, initiative, theme_obj = (
        world["project"],
        world["source"],
        world["initiative"],
        world["theme"],
    )
    cell = [initiative.public_id, theme_obj.public_id]
    return {
        "corpus": (reverse("qualitative:corpus"), RESEARCH),
        "project-create": (reverse("qualitative:project-create"), RESEARCH),
        "project-detail": (
            reverse("qualitative:project-detail", args=[project.public_id]),
            RESEARCH,
        ),
        "source-add": (reverse("qualitative:source-add", args=[project.public_id]), RESEARCH),
        "export-project-qdpx": (
            reverse("qualitative:export-project-qdpx", args=[project.public_id]),
            RESEARCH,
        ),
        "source-detail": (reverse("qualitative:source-detail", args=[source.public_id]), RESEARCH),
        "coding-detail": (
            reverse("qualitative:coding-detail", args=[world["coding"].public_id]),
            RESEARCH,
        ),
        "codebook": (reverse("qualitative:codebook"), RESEARCH),
        "theme-update": (reverse("qualitative:theme-update", args=[theme_obj.public_id]), RESEARCH),
        "matrix": (reverse("qualitative:matrix"), RESEARCH),
        "cell-excerpts": (reverse("qualitative:cell-excerpts", args=cell), RESEARCH),
        "cell-update": (reverse("qualitative:cell-update", args=cell), RESEARCH),
        "export-codings-csv": (reverse("qualitative:export-codings-csv"), RESEARCH),
        "export-codings-xlsx": (reverse("qualitative:export-codings-xlsx"), RESEARCH),
        "export-codebook-csv": (reverse("qualitative:export-codebook-csv"), RESEARCH),
        "export-codebook-qdc": (reverse("qualitative:export-codebook-qdc"), RESEARCH),
        "sharing": (reverse("qualitative:sharing"), WORKER),
        "sharing-offer": (reverse("qualitative:sharing-offer", args=[SESSION_ID]), WORKER),
    }


GET_NAMES = [
    "corpus",
    "project-create",
    "project-detail",
    "source-add",
    "export-project-qdpx",
    "source-detail",
    "coding-detail",
    "codebook",
    "theme-update",
    "matrix",
    "cell-excerpts",
    "cell-update",
    "export-codings-csv",
    "export-codings-xlsx",
    "export-codebook-csv",
    "export-codebook-qdc",
    "sharing",
    "sharing-offer",
]
POST_NAMES = ["coding-update", "coding-delete", "source-delete", "coding-create", "theme-merge"]
PERSONAS = ["researcher", "administrator", "manager_a", "supervisor_a", "peer_a", "manager_b"]


def _post(world, name):
    coding, source = world["coding"], world["source"]
    return {
        "coding-update": (
            reverse("qualitative:coding-update", args=[coding.public_id]),
            {"memo": "x"},
        ),
        "coding-delete": (reverse("qualitative:coding-delete", args=[coding.public_id]), {}),
        "source-delete": (reverse("qualitative:source-delete", args=[source.public_id]), {}),
        "coding-create": (
            reverse("qualitative:coding-create", args=[source.public_id]),
            {"start": 0, "end": 3},
        ),
        "theme-merge": (
            reverse("qualitative:theme-merge", args=[world["theme"].public_id]),
            {"into": str(theme("training").public_id)},
        ),
    }[name]


def test_the_matrix_names_every_url(world):
    from qualitative.urls import urlpatterns

    assert set(_get_urls(world)) == set(GET_NAMES)
    assert set(GET_NAMES) | set(POST_NAMES) <= {pattern.name for pattern in urlpatterns}


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
@pytest.mark.parametrize("name", GET_NAMES)
def test_every_get_url_for_every_persona(world, personas, client_for, name, persona):
    url, expected = _get_urls(world)[name]

    response = client_for(personas[persona]).get(url)

    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected[persona]


# Researchers and administrators may post; their posts are tested with the features.
@pytest.mark.parametrize("persona", [*PERSONAS[2:], "anonymous"])
@pytest.mark.parametrize("name", POST_NAMES)
def test_post_only_urls_for_every_persona(world, personas, client_for, name, persona):
    url, data = _post(world, name)

    response = client_for(personas[persona]).post(url, data)

    assert response.status_code == (302 if persona == "anonymous" else RESEARCH_POST[persona])
    if persona == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_a_researcher_may_post(world, personas, client_for):
    coding = world["coding"]
    assert (
        client_for(personas["researcher"])
        .post(reverse("qualitative:coding-update", args=[coding.public_id]), {"memo": "ok"})
        .status_code
        == 302
    )


def test_withdraw_is_only_for_the_worker_who_offered(world, personas, client_for):
    url = reverse("qualitative:sharing-withdraw", args=[world["offer"].public_id])
    for name, user in personas.items():
        if name == "peer_a":
            continue
        response = client_for(user).post(url)
        assert response.status_code == (302 if user is None else 404), name
    assert client_for(personas["peer_a"]).post(url).status_code == 302


def test_nav_items_by_role(world, personas, client_for):
    corpus = reverse("qualitative:corpus")
    sharing = reverse("qualitative:sharing")
    for name, user in personas.items():
        if user is None:
            continue
        html = client_for(user).get(reverse("home")).content.decode()
        assert (f'href="{corpus}"' in html) == (name in ("researcher", "administrator")), name
        assert (f'href="{sharing}"' in html) == (name == "peer_a"), name
    assert ResearchProject.objects.filter(receives_supervision_offers=True).count() == 1


def test_home_panels_by_role(world, personas, client_for):
    researcher_home = client_for(personas["researcher"]).get(reverse("home")).content.decode()
    # The coded interview and the offered supervision passage; one coded passage.
    assert "2 pseudonymised sources, 1 coded passages." in researcher_home
    worker_home = client_for(personas["peer_a"]).get(reverse("home")).content.decode()
    assert "You are sharing 1 passage of your supervision records" in worker_home
    manager_home = client_for(personas["manager_a"]).get(reverse("home")).content.decode()
    assert "Research sharing" not in manager_home and "Qualitative research" not in manager_home


def test_admin_pages_of_the_corpus_load(world, administrator, client_for):
    client = client_for(administrator)
    for model in (
        "researchproject",
        "replacement",
        "source",
        "theme",
        "coding",
        "cellsummary",
        "supervisionoffer",
    ):
        assert client.get(f"/admin/qualitative/{model}/").status_code == 200, model
    theme_obj = world["theme"]
    assert client.get(f"/admin/qualitative/theme/{theme_obj.pk}/change/").status_code == 200
    offer = world["offer"]
    html = client.get(f"/admin/qualitative/supervisionoffer/{offer.pk}/change/").content.decode()
    assert "We talked about boundaries" not in html  # the shared text is not shown there
