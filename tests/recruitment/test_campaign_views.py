"""Campaign pages: creating and editing (with refusals that keep the input), the board, the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruitment.models import Campaign, CampaignStatus, Stage
from tests.factories import MembershipFactory, UserFactory
from tests.recruitment.factories import CampaignFactory, application_at


def _campaign_post(role, **overrides):
    data = {
        "role": role.pk,
        "title": "Ward peers autumn",
        "vacancies": "2",
        "route": "open_advert",
        "opened": "2025-09-01",
        "closes_on": "2025-09-29",
        "advert_channels": "NHS Jobs",
        "is_criteria_coproduced": "on",
        "lived_experience_criterion": "essential",
        "status": "open",
        "criteria": "Uses lived experience\nListens well",
    }
    return {**data, **overrides}


def test_manager_opens_a_campaign(manager_a, role_a, client_for):
    response = client_for(manager_a).post(
        reverse("recruitment:campaign-create"), _campaign_post(role_a)
    )
    campaign = Campaign.objects.get()
    assert response.url == reverse("recruitment:campaign-detail", args=[campaign.public_id])
    assert (campaign.role, campaign.status, campaign.vacancies) == (role_a, "open", 2)
    assert list(campaign.criteria.values_list("name", flat=True)) == [
        "Uses lived experience",
        "Listens well",
    ]


def test_closing_before_opening_redisplays_the_form_with_the_input(manager_a, role_a, client_for):
    response = client_for(manager_a).post(
        reverse("recruitment:campaign-create"),
        _campaign_post(role_a, closes_on="2025-08-01", title="Kept title"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The closing date is before the opening date." in content
    assert 'value="Kept title"' in content
    assert not Campaign.objects.exists()


def test_a_role_of_another_organisation_cannot_be_chosen(manager_b, role_a, client_for):
    response = client_for(manager_b).post(
        reverse("recruitment:campaign-create"), _campaign_post(role_a)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Campaign.objects.exists()


def test_stale_campaign_edit_is_told_and_keeps_the_input(campaign_a, manager_a, client_for):
    url = reverse("recruitment:campaign-update", args=[campaign_a.public_id])
    data = {
        "title": "Mine",
        "vacancies": "1",
        "route": "open_advert",
        "opened": "2025-01-06",
        "closes_on": "2025-02-03",
        "lived_experience_criterion": "essential",
        "status": "open",
        "version": str(campaign_a.version),
    }
    first = client_for(manager_a).post(url, data)
    assert first.status_code == 302
    second = client_for(manager_a).post(url, {**data, "title": "Theirs"})
    assert second.status_code == 200
    assert "changed by someone else" in second.content.decode()
    assert 'value="Theirs"' in second.content.decode()
    campaign_a.refresh_from_db()
    assert campaign_a.title == "Mine"


def test_board_groups_applications_by_stage(campaign_a, manager_a, client_for):
    application_at(campaign_a, Stage.APPLIED, by=manager_a, name="Ann Applied")
    application_at(campaign_a, Stage.INTERVIEW, by=manager_a, name="Ivo Interview")
    response = client_for(manager_a).get(
        reverse("recruitment:campaign-board", args=[campaign_a.public_id])
    )
    columns = {
        column.stage: [str(a) for a in column.applications]
        for column in response.context["columns"]
    }
    assert columns[Stage.APPLIED] == ["Ann Applied"]
    assert columns[Stage.INTERVIEW] == ["Ivo Interview"]
    assert list(columns) == Stage.values


@pytest.mark.parametrize("view", ["campaign-board", "campaign-list"])
def test_board_and_list_query_counts_do_not_grow(
    view, campaign_a, manager_a, client_for, django_assert_num_queries
):
    client = client_for(manager_a)
    url = (
        reverse("recruitment:campaign-board", args=[campaign_a.public_id])
        if view == "campaign-board"
        else reverse("recruitment:campaign-list")
    )
    application_at(campaign_a, Stage.APPLIED, by=manager_a, name="First Person")
    # Board: session, user, memberships, campaign (+ role, initiative, employer), the
    # initiative's partners, the applications.
    # List: session, user, memberships, campaigns with counts, managed organisations,
    # managed initiatives.
    expected = 6
    with django_assert_num_queries(expected):
        client.get(url)

    for number in range(10):
        application_at(campaign_a, Stage.SHORTLISTED, by=manager_a, name=f"Person {number}")
    CampaignFactory(role=campaign_a.role, title="Another")
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def test_a_second_manager_of_a_partner_sees_the_campaign(campaign_a, org_a, client_for):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=org_a, role="service_manager")
    response = client_for(colleague).get(
        reverse("recruitment:campaign-detail", args=[campaign_a.public_id])
    )
    assert response.status_code == 200
    assert campaign_a.title in response.content.decode()


def test_cancelled_campaign_offers_no_new_application(campaign_a, manager_a, client_for):
    Campaign.objects.filter(pk=campaign_a.pk).update(
        status=CampaignStatus.CANCELLED, closed_on=campaign_a.opened
    )
    response = client_for(manager_a).post(
        reverse("recruitment:application-create", args=[campaign_a.public_id]),
        {"full_name": "Late Person", "lived_experience": "yes", "received": "2025-01-20"},
    )
    assert response.status_code == 200
    assert "was cancelled" in response.content.decode()
    assert not campaign_a.applications.exists()


def test_new_campaign_form_can_start_from_a_role(manager_a, role_a, client_for):
    client = client_for(manager_a)
    url = reverse("recruitment:campaign-create")
    chosen = client.get(url, {"role": str(role_a.public_id)})
    assert chosen.context["form"].initial["role"] == role_a
    assert client.get(url, {"role": "not-a-uuid"}).status_code == 200


def test_blank_lived_experience_criterion_takes_the_roles(manager_a, role_a, client_for):
    role_a.lived_experience_criterion = "desirable"
    role_a.save()
    client_for(manager_a).post(
        reverse("recruitment:campaign-create"),
        _campaign_post(role_a, lived_experience_criterion=""),
    )
    assert Campaign.objects.get().lived_experience_criterion == "desirable"
