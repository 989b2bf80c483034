"""The recruitment dashboard's figures on a small known dataset, and its query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import LivedExperienceCriterion, PartnerPart
from recruitment import selectors, services
from recruitment.models import CampaignStatus, EndReason, Perspective, Route, Stage
from tests.factories import InitiativeFactory, PeerWorkerRoleFactory
from tests.recruitment.factories import CampaignFactory, application_at, appoint, at

D = dt.date


def _interview(application, *, with_peer: bool) -> None:
    panel = [("Manager", Perspective.MANAGER)]
    if with_peer:
        panel.append(("Peer", Perspective.PEER_WORKER))
    services.interview_create(application=application, held_on=application.received, panel=panel)


@pytest.fixture
def known_dataset(role_a, manager_a, org_b, time_machine_today):
    """Two campaigns of org A (and a draft, and org B's campaign, which must not count).

    C1 opened 6 Jan, 2 vacancies, lived experience essential, peer on the panel:
      A1 applied 2d → shortlisted 4d → interview 6d → offered 8d → checks 10d → appointed 5 Feb
      A2 applied 4d → shortlisted 2d → interview 8d → not appointed (interview)
      A3 applied 6d → withdrawn (other work)
    C2 opened 3 Mar, 1 vacancy, lived experience desirable, no peer on the panel:
      B1 6d in each stage to checks, checks 16d → appointed 12 Apr
      B2 still at applied
    """
    c1 = CampaignFactory(
        role=role_a, title="C1", vacancies=2, opened=D(2025, 1, 6), closes_on=D(2025, 2, 3)
    )
    a1 = application_at(c1, Stage.CHECKS, by=manager_a, name="A1", days=[2, 4, 6, 8])
    _interview(a1, with_peer=True)
    appoint(a1, by=manager_a, when=D(2025, 2, 5))
    a2 = application_at(c1, Stage.INTERVIEW, by=manager_a, name="A2", days=[4, 2])
    _interview(a2, with_peer=False)
    services.application_move(
        application=a2,
        to_stage=Stage.NOT_APPOINTED,
        end_reason=EndReason.INTERVIEW,
        by=manager_a,
        loaded_version=a2.version,
        at=at(D(2025, 1, 20)),
    )
    a3 = application_at(c1, Stage.APPLIED, by=manager_a, name="A3")
    services.application_move(
        application=a3,
        to_stage=Stage.WITHDRAWN,
        end_reason=EndReason.OTHER_WORK,
        by=manager_a,
        loaded_version=a3.version,
        at=at(D(2025, 1, 12)),
    )

    c2 = CampaignFactory(
        role=role_a,
        title="C2",
        vacancies=1,
        opened=D(2025, 3, 3),
        closes_on=D(2025, 3, 31),
        route=Route.INFORMAL,
        lived_experience_criterion=LivedExperienceCriterion.DESIRABLE,
    )
    b1 = application_at(c2, Stage.CHECKS, by=manager_a, name="B1", days=[6, 6, 6, 6])
    _interview(b1, with_peer=False)
    application_at(c2, Stage.APPLIED, by=manager_a, name="B2")
    appoint(b1, by=manager_a, when=D(2025, 4, 12))

    CampaignFactory(role=role_a, title="Draft", status=CampaignStatus.DRAFT)
    initiative_b = InitiativeFactory(partners=[(org_b, PartnerPart.LEAD)])
    other = CampaignFactory(
        role=PeerWorkerRoleFactory(initiative=initiative_b, employer=org_b),
        title="Other organisation's",
    )
    application_at(other, Stage.SHORTLISTED, name="Not ours")
    return {"c1": c1, "c2": c2}


def test_dashboard_figures_on_the_known_dataset(known_dataset, org_a):
    dashboard = selectors.recruitment_dashboard(selectors.campaigns_for_organisation(org_a))

    assert (
        dashboard.campaigns,
        dashboard.vacancies,
        dashboard.applications,
        dashboard.appointed,
    ) == (2, 3, 5, 2)
    stages = {figure.stage: figure for figure in dashboard.stages}
    assert {stage: figure.reached for stage, figure in stages.items()} == {
        Stage.APPLIED: 5,
        Stage.SHORTLISTED: 3,
        Stage.INTERVIEW: 3,
        Stage.OFFERED: 2,
        Stage.CHECKS: 2,
        Stage.APPOINTED: 2,
    }
    assert {stage: figure.current for stage, figure in stages.items()} == {
        Stage.APPLIED: 1,
        Stage.SHORTLISTED: 0,
        Stage.INTERVIEW: 0,
        Stage.OFFERED: 0,
        Stage.CHECKS: 0,
        Stage.APPOINTED: 2,
    }
    # Opening → appointment: 30 days (C1) and 40 days (C2).
    assert dashboard.median_days_to_appointment == 35.0
    assert dashboard.appointments_measured == 2
    # Completed stays only (B2's open stay at 'applied' does not count). B1's 16 days at
    # checks span the clocks going forward, so they are 16 days less an hour.
    assert {stage: figure.median_days for stage, figure in stages.items()} == {
        Stage.APPLIED: 5.0,
        Stage.SHORTLISTED: 4.0,
        Stage.INTERVIEW: 6.0,
        Stage.OFFERED: 7.0,
        Stage.CHECKS: 13.0,
        Stage.APPOINTED: None,
    }
    assert {r.reason: r.count for r in dashboard.withdrawal_reasons if r.count} == {
        EndReason.OTHER_WORK: 1
    }
    assert {r.reason: r.count for r in dashboard.non_appointment_reasons if r.count} == {
        EndReason.INTERVIEW: 1
    }
    assert (dashboard.peer_on_panel.count, dashboard.peer_on_panel.total) == (1, 2)
    assert dashboard.peer_on_panel.percent == 50.0
    assert (
        dashboard.lived_experience_essential.count,
        dashboard.lived_experience_essential.total,
    ) == (1, 2)


def test_initiative_dashboard_counts_the_same_campaigns(known_dataset, initiative_a):
    dashboard = selectors.recruitment_dashboard(selectors.campaigns_for_initiative(initiative_a))
    assert (dashboard.campaigns, dashboard.applications, dashboard.median_days_to_appointment) == (
        2,
        5,
        35.0,
    )


def test_dashboard_page_shows_charts_and_tables(known_dataset, org_a, manager_a, client_for):
    response = client_for(manager_a).get(
        reverse("recruitment:organisation-dashboard", args=[org_a.public_id])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<svg") == 4
    assert 'id="chart-funnel-title"' in content and 'id="chart-days-title"' in content
    assert "<caption>" in content
    assert 'data-testid="median-to-appointment">35.0' in content
    assert "1 of 2 that held interviews" in content
    assert "Not ours" not in content and "Other organisation" not in content


def _add_applications(campaign, count: int) -> None:
    for number in range(count):
        application = application_at(campaign, Stage.OFFERED, name=f"Extra {number}")
        services.application_move(
            application=application,
            to_stage=Stage.WITHDRAWN,
            end_reason=EndReason.HEALTH,
            by=None,
            loaded_version=application.version,
        )


def test_dashboard_query_count_does_not_grow_with_applications(
    known_dataset, org_a, manager_a, client_for, django_assert_num_queries
):
    client = client_for(manager_a)
    url = reverse("recruitment:organisation-dashboard", args=[org_a.public_id])
    # session, user, the user's memberships (cached for nav and access), the organisation,
    # then the dashboard: campaign aggregate, application aggregate, funnel aggregate,
    # appointment dates, stage stays (window query), campaign rows.
    expected = 10
    with django_assert_num_queries(expected):
        client.get(url)

    extra = CampaignFactory(role=known_dataset["c1"].role, title="Bigger", vacancies=3)
    _add_applications(extra, 12)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.context["dashboard"].applications == 5 + 12


def test_research_figures_suppress_small_numbers(known_dataset, org_a):
    figures = selectors.research_figures(selectors.campaigns_for_organisation(org_a), threshold=3)
    assert figures.reached == {
        Stage.APPLIED: 5,
        Stage.SHORTLISTED: 3,
        Stage.INTERVIEW: 3,
        Stage.OFFERED: None,
        Stage.CHECKS: None,
        Stage.APPOINTED: None,
    }
    assert figures.median_days_to_appointment is None  # two appointments only
    assert figures.median_days_in_stage[Stage.APPLIED] == 5.0  # four completed stays
    assert figures.median_days_in_stage[Stage.OFFERED] is None
    assert set(figures.withdrawal_reasons.values()) == {None}
    assert (figures.peer_on_panel.count, figures.peer_on_panel.total) == (1, 2)
    assert not hasattr(figures, "campaign_rows")
