"""Peer on the panel: asked in the campaign plan, still derived from the panels; past interview
dates on historical campaigns are saved with a warning instead of refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recruitment import services
from recruitment.models import Campaign, CampaignStatus, PeerPanelPlan, Perspective, Stage
from tests.recruitment.factories import CampaignFactory, application_at


def _interview_post(held_on: str, perspective: str = "manager") -> dict[str, str]:
    return {
        "held_on": held_on,
        "outcome": "pending",
        "panel-TOTAL_FORMS": "1",
        "panel-INITIAL_FORMS": "0",
        "panel-MIN_NUM_FORMS": "0",
        "panel-MAX_NUM_FORMS": "8",
        "panel-0-name": "Mina Manager",
        "panel-0-perspective": perspective,
    }


def test_the_plan_is_asked_when_the_campaign_is_created(manager_a, role_a, client_for):
    form = client_for(manager_a).get(reverse("recruitment:campaign-create")).content.decode()
    assert "A peer worker will sit on the interview panel" in form
    assert 'value="undecided"' in form

    client_for(manager_a).post(
        reverse("recruitment:campaign-create"),
        {
            "role": role_a.pk,
            "title": "Ward peers autumn",
            "vacancies": "1",
            "route": "open_advert",
            "opened": "2025-09-01",
            "closes_on": "2025-09-29",
            "lived_experience_criterion": "essential",
            "peer_on_panel_planned": "yes",
            "status": "open",
        },
    )
    assert Campaign.objects.get().peer_on_panel_planned == PeerPanelPlan.YES


def test_the_plan_is_changed_on_edit(campaign_a, manager_a, client_for):
    response = client_for(manager_a).post(
        reverse("recruitment:campaign-update", args=[campaign_a.public_id]),
        {
            "title": campaign_a.title,
            "vacancies": "1",
            "route": "open_advert",
            "opened": "2025-01-06",
            "closes_on": "2025-02-03",
            "lived_experience_criterion": "essential",
            "peer_on_panel_planned": "no",
            "status": "open",
            "version": str(campaign_a.version),
        },
    )
    assert response.status_code == 302
    campaign_a.refresh_from_db()
    assert campaign_a.peer_on_panel_planned == PeerPanelPlan.NO


def test_an_unknown_plan_is_refused_by_the_service(role_a, manager_a):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            role=role_a,
            by=manager_a,
            title="X",
            vacancies=1,
            route="open_advert",
            opened=dt.date(2025, 1, 6),
            closes_on=dt.date(2025, 2, 3),
            peer_on_panel_planned="maybe",
        )
    assert "peer_on_panel_planned" in error.value.message_dict
    assert not Campaign.objects.exists()


def test_planned_but_no_peer_on_any_panel_is_shown_as_not_yet_met(
    campaign_a, manager_a, client_for
):
    campaign_a.peer_on_panel_planned = PeerPanelPlan.YES
    campaign_a.save()
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    services.interview_create(
        application=application,
        held_on=dt.date(2025, 2, 10),
        panel=[("Mina Manager", Perspective.MANAGER)],
    )
    client = client_for(manager_a)
    detail = client.get(reverse("recruitment:campaign-detail", args=[campaign_a.public_id]))
    content = detail.content.decode()
    assert 'data-testid="peer-panel-planned">Yes<' in content
    assert "Not yet met" in content
    listing = client.get(reverse("recruitment:campaign-list")).content.decode()
    assert "Planned: Yes" in listing and "Not yet met" in listing

    services.interview_create(
        application=application,
        held_on=dt.date(2025, 2, 11),
        panel=[("Pat Peer", Perspective.PEER_WORKER)],
    )
    content = client.get(
        reverse("recruitment:campaign-detail", args=[campaign_a.public_id])
    ).content.decode()
    assert "Not yet met" not in content
    assert 'data-testid="peer-panel-held">Yes<' in content


def test_a_peer_on_a_panel_counts_even_when_not_planned(campaign_a, manager_a, client_for):
    application = application_at(campaign_a, Stage.INTERVIEW, by=manager_a)
    services.interview_create(
        application=application,
        held_on=dt.date(2025, 2, 10),
        panel=[("Sam", Perspective.SERVICE_USER)],
    )
    content = (
        client_for(manager_a)
        .get(reverse("recruitment:campaign-detail", args=[campaign_a.public_id]))
        .content.decode()
    )
    assert 'data-testid="peer-panel-planned">Not decided<' in content
    assert 'data-testid="peer-panel-held">Yes<' in content


def test_an_interview_before_opening_is_refused_on_a_current_campaign(
    role_a, manager_a, time_machine_today
):
    campaign = CampaignFactory(
        role=role_a, opened=dt.date(2025, 6, 1), closes_on=dt.date(2025, 8, 1)
    )
    application = application_at(campaign, Stage.INTERVIEW, by=manager_a)
    with pytest.raises(ValidationError) as error:
        services.interview_create(
            application=application,
            held_on=dt.date(2025, 5, 20),
            panel=[("Mina", Perspective.MANAGER)],
        )
    assert "correct its opening date" in str(error.value.message_dict["held_on"])
    assert not application.interviews.exists()


def test_an_interview_before_opening_is_saved_with_a_warning_on_a_closed_campaign(
    role_a, manager_a, client_for, time_machine_today
):
    campaign = CampaignFactory(
        role=role_a, opened=dt.date(2025, 6, 1), closes_on=dt.date(2025, 8, 1)
    )
    application = application_at(campaign, Stage.INTERVIEW, by=manager_a)
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_on = dt.date(2025, 6, 30)
    campaign.save()

    response = client_for(manager_a).post(
        reverse("recruitment:interview-create", args=[application.public_id]),
        _interview_post("2025-05-20"),
        follow=True,
    )
    interview = application.interviews.get()
    assert interview.held_on == dt.date(2025, 5, 20)
    content = response.content.decode()
    assert "is before the campaign&#x27;s opening date" in content
    assert "because the campaign is historical" in content


def test_a_campaign_past_its_closing_date_is_historical(role_a, manager_a, time_machine_today):
    campaign = CampaignFactory(
        role=role_a, opened=dt.date(2025, 3, 1), closes_on=dt.date(2025, 4, 1)
    )
    assert campaign.is_historical
    application = application_at(campaign, Stage.INTERVIEW, by=manager_a)
    interview = services.interview_create(
        application=application,
        held_on=dt.date(2025, 2, 20),
        panel=[("Mina", Perspective.MANAGER)],
    )
    assert services.interview_date_warnings(campaign=campaign, held_on=interview.held_on)


def test_no_warning_for_a_date_inside_the_campaign(campaign_a):
    assert services.interview_date_warnings(campaign=campaign_a, held_on=dt.date(2025, 2, 10)) == []


def test_an_interview_asking_for_thousands_of_panel_rows_is_refused_unbuilt(
    role_a, manager_a, client_for
):
    # The row count is the client's to say: the formset builds at most absolute_max rows.
    application = application_at(CampaignFactory(role=role_a), Stage.INTERVIEW, by=manager_a)
    response = client_for(manager_a).post(
        reverse("recruitment:interview-create", args=[application.public_id]),
        {**_interview_post("2025-05-20"), "panel-TOTAL_FORMS": "99999"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please submit at most 8 forms." in body
    assert 'name="panel-7-name"' in body
    assert 'name="panel-8-name"' not in body
    assert not application.interviews.exists()
