"""The team-preparation page explains its rule and leads to recording the training;
colleagues of a team are enrolled together, all or none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.training.factories import EnrolmentFactory, SessionFactory
from training.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosted_role(role_a, team_a):
    role_a.host_team = team_a
    role_a.save()
    return role_a


def test_page_explains_the_rule_and_links_to_record_training(
    hosted_role, team_programme_a, initiative_a, manager_a, client_for
):
    session = SessionFactory(programme=team_programme_a, starts_on=dt.date(2026, 1, 12))
    body = (
        client_for(manager_a)
        .get(reverse("training:team-preparation", args=[initiative_a.public_id]))
        .content.decode()
    )
    assert "judged from its own first start" in body
    assert "0 of 1 host teams prepared" in body
    assert reverse("training:enrolment-create", args=[session.public_id]) in body
    assert reverse("training:attendance-record", args=[session.public_id]) in body
    assert reverse("training:session-create", args=[team_programme_a.public_id]) in body


def test_manager_of_another_organisation_gets_no_recording_links(
    hosted_role, team_programme_a, initiative_a, manager_b, client_for
):
    SessionFactory(programme=team_programme_a)
    response = client_for(manager_b).get(
        reverse("training:team-preparation", args=[initiative_a.public_id])
    )
    assert response.status_code == 404


def test_colleagues_of_a_team_are_enrolled_together(
    team_programme_a, team_a, manager_a, client_for
):
    session = SessionFactory(programme=team_programme_a)
    response = client_for(manager_a).post(
        reverse("training:enrolment-create", args=[session.public_id]),
        {
            "who": "colleague",
            "team": team_a.pk,
            "colleague_name": "Ann Ward\n\n  Bob   Ward \nann ward",
        },
    )
    assert response.status_code == 302
    names = sorted(
        Enrolment.objects.filter(session=session).values_list("colleague__full_name", flat=True)
    )
    assert names == ["Ann Ward", "Bob Ward"]


def test_one_refused_name_enrols_no_one(team_programme_a, team_a, manager_a, client_for):
    session = SessionFactory(programme=team_programme_a)
    from tests.training.factories import ColleagueFactory

    EnrolmentFactory(session=session, colleague=ColleagueFactory(team=team_a, full_name="Ann Ward"))
    response = client_for(manager_a).post(
        reverse("training:enrolment-create", args=[session.public_id]),
        {"who": "colleague", "team": team_a.pk, "colleague_name": "Bob Ward\nAnn Ward"},
    )
    assert response.status_code == 200
    assert (
        "Ann Ward from Alder Ward is already enrolled in this session." in response.content.decode()
    )
    assert Enrolment.objects.filter(session=session).count() == 1


def test_peer_worker_enrolment_still_works(peer_worker_a, team_programme_a, manager_a, client_for):
    from tests.training.factories import TrainingProgrammeFactory
    from training.models import Audience

    course = TrainingProgrammeFactory(
        organisation=team_programme_a.organisation, audience=Audience.PEER_WORKERS
    )
    session = SessionFactory(programme=course)
    response = client_for(manager_a).post(
        reverse("training:enrolment-create", args=[session.public_id]),
        {"who": "peer_worker", "peer_worker": peer_worker_a.pk},
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(session=session).peer_worker == peer_worker_a
