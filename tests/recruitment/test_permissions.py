"""Permission matrix: every recruitment URL × every persona.

Applicant data is for service managers of the campaign initiative's partners only:
supervisors and peer workers there get 403; other organisations, researchers and
administrators get 404 (they do not learn the campaign exists); anonymous users go to login.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from recruitment import services
from recruitment.models import Stage
from tests.recruitment.factories import application_at

OBJECT = {
    "manager_a": 200,
    "manager_b": 404,
    "supervisor_a": 403,
    "peer_a": 403,
    "researcher": 404,
    "administrator": 404,
    "anonymous": 302,
}
MANAGERS_ANYWHERE = {
    "manager_a": 200,
    "manager_b": 200,
    "supervisor_a": 403,
    "peer_a": 403,
    "researcher": 403,
    "administrator": 403,
    "anonymous": 302,
}


@pytest.fixture
def urls(campaign_a, manager_a, org_a, initiative_a):
    application = application_at(campaign_a, Stage.CHECKS, by=manager_a)
    interview = services.interview_create(
        application=application, held_on=dt.date(2025, 2, 1), panel=[("Mina", "manager")]
    )
    criterion = campaign_a.criteria.first()
    campaign, app = campaign_a.public_id, application.public_id
    return {
        "campaign-list": (reverse("recruitment:campaign-list"), MANAGERS_ANYWHERE),
        "campaign-create": (reverse("recruitment:campaign-create"), MANAGERS_ANYWHERE),
        "campaign-detail": (reverse("recruitment:campaign-detail", args=[campaign]), OBJECT),
        "campaign-update": (reverse("recruitment:campaign-update", args=[campaign]), OBJECT),
        "campaign-board": (reverse("recruitment:campaign-board", args=[campaign]), OBJECT),
        "criterion-create": (reverse("recruitment:criterion-create", args=[campaign]), OBJECT),
        "criterion-delete": (
            reverse("recruitment:criterion-delete", args=[campaign, criterion.public_id]),
            OBJECT,
        ),
        "application-create": (reverse("recruitment:application-create", args=[campaign]), OBJECT),
        "application-detail": (reverse("recruitment:application-detail", args=[app]), OBJECT),
        "application-update": (reverse("recruitment:application-update", args=[app]), OBJECT),
        "application-move": (reverse("recruitment:application-move", args=[app]), OBJECT),
        "application-appoint": (reverse("recruitment:application-appoint", args=[app]), OBJECT),
        "interview-create": (reverse("recruitment:interview-create", args=[app]), OBJECT),
        "interview-detail": (
            reverse("recruitment:interview-detail", args=[interview.public_id]),
            OBJECT,
        ),
        "organisation-dashboard": (
            reverse("recruitment:organisation-dashboard", args=[org_a.public_id]),
            OBJECT,
        ),
        "initiative-dashboard": (
            reverse("recruitment:initiative-dashboard", args=[initiative_a.public_id]),
            OBJECT,
        ),
    }


URL_NAMES = [
    "campaign-list",
    "campaign-create",
    "campaign-detail",
    "campaign-update",
    "campaign-board",
    "criterion-create",
    "criterion-delete",
    "application-create",
    "application-detail",
    "application-update",
    "application-move",
    "application-appoint",
    "interview-create",
    "interview-detail",
    "organisation-dashboard",
    "initiative-dashboard",
]
PERSONAS = ["manager_a", "manager_b", "supervisor_a", "peer_a", "researcher", "administrator"]


def test_every_url_is_in_the_matrix(urls):
    from recruitment.urls import urlpatterns

    assert {pattern.name for pattern in urlpatterns} == set(urls) == set(URL_NAMES)


@pytest.mark.parametrize("persona", [*PERSONAS, "anonymous"])
@pytest.mark.parametrize("name", URL_NAMES)
def test_permission_matrix(urls, personas, client_for, name, persona):
    url, expected = urls[name]

    response = client_for(personas[persona]).get(url)

    assert response.status_code == expected[persona]
    if persona == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["manager_b", "supervisor_a", "researcher", "administrator"])
def test_outsiders_cannot_move_or_appoint(urls, personas, client_for, persona, campaign_a):
    from recruitment.models import Application

    application = Application.objects.get(campaign=campaign_a)
    client = client_for(personas[persona])
    move = client.post(
        urls["application-move"][0],
        {
            "to_stage": Stage.WITHDRAWN,
            "end_reason": "health",
            "version": application.version,
        },
    )
    appoint = client.post(
        urls["application-appoint"][0],
        {
            "started": "2025-03-01",
            "full_name": "Someone",
            "version": application.version,
        },
    )
    assert move.status_code in (403, 404) and appoint.status_code in (403, 404)
    application.refresh_from_db()
    assert application.stage == Stage.CHECKS
    assert application.peer_worker is None


def test_other_managers_list_does_not_show_our_campaigns(urls, manager_b, client_for, campaign_a):
    content = client_for(manager_b).get(urls["campaign-list"][0]).content.decode()
    assert campaign_a.title not in content


def test_navigation_and_home_panel_only_for_managers(urls, manager_a, supervisor_a, client_for):
    manager_home = client_for(manager_a).get("/").content.decode()
    supervisor_home = client_for(supervisor_a).get("/").content.decode()
    assert reverse("recruitment:campaign-list") in manager_home
    assert "1 open campaign" in manager_home
    assert reverse("recruitment:campaign-list") not in supervisor_home
