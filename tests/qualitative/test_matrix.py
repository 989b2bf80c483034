"""The framework matrix: cells and counts on a known dataset, filters, summaries, indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from cases.models import LivedExperienceCriterion, PartnerPart
from qualitative import selectors
from qualitative.models import CellSummary, IntervieweeGroup
from qualitative.selectors import SUPPRESSED, framework_matrix
from recruitment.models import Perspective
from tests.factories import InitiativeFactory, PeerWorkerFactory, PeerWorkerRoleFactory
from tests.qualitative.factories import (
    ResearchProjectFactory,
    add_source,
    code,
    theme,
)
from tests.recruitment import factories as recruitment
from tests.supervision import factories as supervision
from tests.training import factories as training

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_this_pages_queries(monkeypatch):
    # The other apps' indicator readers are tested with fakes below, and other apps' nav
    # providers run their own queries: keep the pinned counts about this page alone.
    from peerwork.lib import navigation
    from qualitative.navigation import qualitative_nav

    monkeypatch.setattr(selectors, "LIVE_INDICATORS", [])
    monkeypatch.setattr(navigation, "_nav_providers", [qualitative_nav])
    monkeypatch.setattr(navigation, "_panel_providers", [])


@pytest.fixture
def dataset(researcher, initiative_a, org_a, org_b):
    """P-01 statutory, P-02 voluntary, P-03 partnership, with a few coded sources."""
    voluntary = InitiativeFactory(
        research_code="P-02", name="Beacon drop-in", partners=[(org_b, PartnerPart.LEAD)]
    )
    partnership = InitiativeFactory(
        research_code="P-03",
        name="Joint crisis café",
        partners=[(org_a, PartnerPart.HOST), (org_b, PartnerPart.EMPLOYER)],
    )
    project = ResearchProjectFactory()
    peer_w1 = add_source(
        project=project,
        initiative=initiative_a,
        wave=1,
        title="Peer worker 1",
        text="Training was generic. Supervision was protective. Nobody knew what peers do.",
    )
    manager_w2 = add_source(
        project=project,
        initiative=initiative_a,
        wave=2,
        group=IntervieweeGroup.MANAGER,
        title="Manager 1",
        text="We trained them with everyone else.",
    )
    voluntary_src = add_source(
        project=project,
        initiative=voluntary,
        wave=1,
        title="Peer worker 2",
        text="Our training was written by peers.",
    )
    code(peer_w1, "Training was generic.", [theme("training")], researcher)
    code(
        peer_w1,
        "Supervision was protective.",
        [theme("supervision-support"), theme("professionalism")],
        researcher,
    )
    code(peer_w1, "Nobody knew what peers do.", [theme("role-expectations")], researcher)
    code(manager_w2, "We trained them with everyone else.", [theme("training")], researcher)
    code(
        voluntary_src,
        "Our training was written by peers.",
        [theme("training"), theme("structural")],
        researcher,
    )
    return {"voluntary": voluntary, "partnership": partnership, "peer_w1": peer_w1}


def _cells(matrix):
    return {
        (row.initiative.research_code, cell.theme.name): cell
        for group in matrix.groups
        for row in group.rows
        for cell in row.cells
    }


def test_rows_are_grouped_by_context_and_use_research_codes(dataset):
    matrix = framework_matrix(level=1)
    assert [(g.context, [r.initiative.research_code for r in g.rows]) for g in matrix.groups] == [
        ("statutory", ["P-01"]),
        ("voluntary", ["P-02"]),
        ("partnership", ["P-03"]),
    ]
    assert len(matrix.columns) == 13


def test_cell_counts_at_theme_level(dataset):
    cells = _cells(framework_matrix(level=1))
    assert cells[("P-01", "Training")].excerpt_count == 2
    assert cells[("P-01", "Training")].source_count == 2
    assert [title for _id, title in cells[("P-01", "Training")].sources] == [
        "Manager 1",
        "Peer worker 1",
    ]
    assert cells[("P-01", "Supervision and support")].excerpt_count == 1
    assert cells[("P-01", "Professionalism")].excerpt_count == 1
    assert cells[("P-02", "Training")].excerpt_count == 1
    assert cells[("P-03", "Training")].excerpt_count == 0


def test_parent_level_counts_distinct_excerpts_of_the_subtree(dataset):
    cells = _cells(framework_matrix(level=0))
    # P-01: two training excerpts + one supervision excerpt (also coded cultural).
    assert cells[("P-01", "Structural issues")].excerpt_count == 3
    assert cells[("P-01", "Cultural issues")].excerpt_count == 2
    # P-02: one excerpt coded both Structural and Training counts once.
    assert cells[("P-02", "Structural issues")].excerpt_count == 1


def test_filters_by_interviewee_group_and_wave(dataset):
    managers = _cells(framework_matrix(level=1, group=IntervieweeGroup.MANAGER))
    assert managers[("P-01", "Training")].excerpt_count == 1
    assert managers[("P-02", "Training")].excerpt_count == 0
    wave_one = _cells(framework_matrix(level=1, wave=1))
    assert wave_one[("P-01", "Training")].excerpt_count == 1
    assert wave_one[("P-02", "Training")].excerpt_count == 1


def test_matrix_page_shows_counts_linking_to_excerpts_without_organisation_names(
    client_for, researcher, dataset, initiative_a
):
    response = client_for(researcher).get(reverse("qualitative:matrix"), {"level": 1, "wave": 1})
    html = response.content.decode()
    link = reverse(
        "qualitative:cell-excerpts", args=[initiative_a.public_id, theme("training").public_id]
    )
    assert f'href="{link}?level=1' in html
    assert "1 excerpt" in html
    assert initiative_a.name not in html and "Alderbank" not in html and "Beacon" not in html
    excerpts = client_for(researcher).get(link, {"wave": 1}).content.decode()
    assert "Training was generic." in excerpts
    assert "We trained them" not in excerpts  # wave 2


def test_summary_is_saved_and_shown_and_stale_edit_refused(
    client_for, researcher, dataset, initiative_a
):
    url = reverse(
        "qualitative:cell-update", args=[initiative_a.public_id, theme("training").public_id]
    )
    client = client_for(researcher)
    assert (
        client.post(url, {"text": "Generic, not peer-specific.", "version": 0}).status_code == 302
    )
    summary = CellSummary.objects.get()
    assert summary.text == "Generic, not peer-specific." and summary.updated_by == researcher
    assert (
        "Generic, not peer-specific." in client.get(reverse("qualitative:matrix")).content.decode()
    )
    stale = client.post(url, {"text": "My older edit", "version": 0})
    assert "changed by someone else" in stale.content.decode()
    assert "My older edit" in stale.content.decode()
    summary.refresh_from_db()
    assert summary.text == "Generic, not peer-specific."


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))
@override_settings(PEERWORK_SUPPRESSION_THRESHOLD=3)
def test_indicators_from_programme_data_with_small_numbers_suppressed(
    dataset, initiative_a, role_a
):
    PeerWorkerRoleFactory(
        initiative=initiative_a,
        title="Volunteer",
        lived_experience_criterion=LivedExperienceCriterion.DESIRABLE,
    )
    PeerWorkerFactory(role=role_a, started=dt.date(2024, 1, 1))
    partnership_role = PeerWorkerRoleFactory(initiative=dataset["partnership"])
    for _ in range(3):
        PeerWorkerFactory(role=partnership_role, started=dt.date(2024, 1, 1))
    values = selectors.structural_indicators(
        [initiative_a.pk, dataset["partnership"].pk, dataset["voluntary"].pk]
    )
    assert values[initiative_a.pk]["lived_experience_essential"] == 50
    assert values[initiative_a.pk]["current_peer_workers"] == SUPPRESSED
    assert values[dataset["partnership"].pk]["current_peer_workers"] == 3
    assert "current_peer_workers" not in values[dataset["voluntary"].pk]


def test_tampered_version_is_refused_with_a_message(client_for, researcher, initiative_a):
    url = reverse(
        "qualitative:cell-update", args=[initiative_a.public_id, theme("training").public_id]
    )
    response = client_for(researcher).post(url, {"text": "x", "version": "<b>"})
    assert "This form is out of date" in response.content.decode()
    assert not CellSummary.objects.exists()


def test_optional_indicators_are_combined_and_person_level_ones_suppressed(
    monkeypatch, initiative_a
):
    monkeypatch.setattr(
        selectors,
        "LIVE_INDICATORS",
        [
            ("peer_training_hours", lambda ids: {initiative_a.pk: (Decimal("12.5"), 2)}),
            ("peer_on_panel", lambda ids: {initiative_a.pk: ("100% (1 of 1 campaigns)", None)}),
            ("supervision_on_time", lambda ids: {}),
        ],
    )
    with override_settings(PEERWORK_SUPPRESSION_THRESHOLD=2):
        values = selectors.structural_indicators([initiative_a.pk])[initiative_a.pk]
    assert values["peer_training_hours"] == 12.5
    assert values["peer_on_panel"] == "100% (1 of 1 campaigns)"
    assert "supervision_on_time" not in values
    with override_settings(PEERWORK_SUPPRESSION_THRESHOLD=3):
        values = selectors.structural_indicators([initiative_a.pk])[initiative_a.pk]
    assert values["peer_training_hours"] == SUPPRESSED
    assert values["peer_on_panel"] == "100% (1 of 1 campaigns)"  # campaigns, not people


def _more_data(researcher, count: int) -> None:
    project = ResearchProjectFactory()
    for index in range(count):
        initiative = InitiativeFactory(research_code=f"P-{50 + index}")
        role = PeerWorkerRoleFactory(initiative=initiative)
        PeerWorkerFactory(role=role)
        source = add_source(
            project=project,
            initiative=initiative,
            wave=1 + index % 2,
            text="Boundaries and training and culture.",
        )
        code(source, "Boundaries", [theme("practice-boundaries")], researcher)
        code(source, "training", [theme("training"), theme("professionalism")], researcher)
        CellSummary.objects.create(initiative=initiative, theme=theme("training"), text="x")


# Queries: session, user, codebook depths (filter form), source waves (filter form),
# codebook, initiatives, cell counts, cell sources, summaries, role indicator, headcount.
MATRIX_QUERIES = 11


def test_matrix_query_count_is_pinned_small(
    client_for, researcher, dataset, django_assert_num_queries
):
    client = client_for(researcher)
    with django_assert_num_queries(MATRIX_QUERIES):
        response = client.get(reverse("qualitative:matrix"), {"level": 1})
    assert response.status_code == 200


def test_matrix_query_count_does_not_grow_with_data(
    client_for, researcher, dataset, django_assert_num_queries
):
    _more_data(researcher, 8)
    client = client_for(researcher)
    with django_assert_num_queries(MATRIX_QUERIES):
        response = client.get(reverse("qualitative:matrix"), {"level": 1, "group": "peer_worker"})
    assert response.status_code == 200
    assert response.content.decode().count('data-initiative="P-5') == 8


def test_peer_on_panel_from_recruitment(initiative_a, role_a):
    with_peer = recruitment.CampaignFactory(role=role_a)
    recruitment.PanelMemberFactory(
        interview=recruitment.InterviewFactory(
            application=recruitment.ApplicationFactory(campaign=with_peer)
        ),
        perspective=Perspective.PEER_WORKER,
    )
    without_peer = recruitment.CampaignFactory(role=role_a)
    recruitment.PanelMemberFactory(
        interview=recruitment.InterviewFactory(
            application=recruitment.ApplicationFactory(campaign=without_peer)
        )
    )
    recruitment.CampaignFactory(role=role_a)  # no interviews yet: not counted
    assert selectors._peer_on_panel([initiative_a.pk]) == {
        initiative_a.pk: ("50% (1 of 2 campaigns)", None)
    }


@pytest.mark.parametrize("campaigns", [1, 5])
def test_peer_on_panel_reader_runs_one_query_whatever_the_data(
    campaigns, initiative_a, role_a, django_assert_num_queries
):
    for _ in range(campaigns):
        recruitment.PanelMemberFactory(
            interview=recruitment.InterviewFactory(
                application=recruitment.ApplicationFactory(
                    campaign=recruitment.CampaignFactory(role=role_a)
                )
            )
        )
    with django_assert_num_queries(1):
        values = selectors._peer_on_panel([initiative_a.pk])
    assert values[initiative_a.pk][0] == f"0% (0 of {campaigns} campaigns)"


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))
def test_training_and_supervision_readers_with_their_apps_data(
    monkeypatch, initiative_a, role_a, org_a
):
    workers = [PeerWorkerFactory(role=role_a, started=dt.date(2024, 1, 1)) for _ in range(3)]
    programme = training.TrainingProgrammeFactory(organisation=org_a, total_hours=Decimal("6.0"))
    training.complete(workers[0], programme, dt.date(2025, 1, 10))
    training.complete(workers[1], programme, dt.date(2025, 1, 10))
    supervision.ArrangementFactory(
        peer_worker=workers[0], supervisor_organisation=org_a, next_due_on=dt.date(2025, 6, 20)
    )
    supervision.ArrangementFactory(
        peer_worker=workers[1], supervisor_organisation=org_a, next_due_on=dt.date(2025, 5, 1)
    )
    hours = selectors._peer_training_hours([initiative_a.pk])
    assert hours == {initiative_a.pk: (Decimal("4.0"), 3)}  # 12 hours over 3 workers
    on_time = selectors._supervision_on_time([initiative_a.pk])
    assert on_time == {initiative_a.pk: (50, 2)}
    monkeypatch.setattr(
        selectors,
        "LIVE_INDICATORS",
        [
            ("peer_training_hours", selectors._peer_training_hours),
            ("supervision_on_time", selectors._supervision_on_time),
        ],
    )
    with override_settings(PEERWORK_SUPPRESSION_THRESHOLD=3):
        values = selectors.structural_indicators([initiative_a.pk])[initiative_a.pk]
    assert values["peer_training_hours"] == 4.0
    assert values["supervision_on_time"] == SUPPRESSED  # two people only


# The live indicators add: peer on panel (1, recruitment), peer-specific training hours
# (2, training), supervision on time (1, supervision).
READER_QUERIES = 4


@pytest.mark.parametrize("more", [0, 6])
def test_matrix_with_live_indicators_has_a_fixed_query_count(
    more, monkeypatch, client_for, researcher, dataset, django_assert_num_queries
):
    monkeypatch.setattr(
        selectors,
        "LIVE_INDICATORS",
        [
            ("peer_on_panel", selectors._peer_on_panel),
            ("peer_training_hours", selectors._peer_training_hours),
            ("supervision_on_time", selectors._supervision_on_time),
        ],
    )
    _more_data(researcher, more)
    client = client_for(researcher)
    with django_assert_num_queries(MATRIX_QUERIES + READER_QUERIES):
        response = client.get(reverse("qualitative:matrix"), {"level": 1})
    assert response.status_code == 200
