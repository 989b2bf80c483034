"""Opening an edit form and saving it unchanged changes nothing, dates included.

The forms are submitted exactly as a browser would submit what the page rendered
(tests/formparse.py): a date the native date field cannot read would be submitted empty.
"""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from cases.models import ImplementationMilestone, Initiative, PeerWorker
from tests.factories import ImplementationMilestoneFactory
from tests.formparse import main_form_data

pytestmark = pytest.mark.django_db


def _save_unchanged(client, url):
    page = client.get(url)
    assert page.status_code == 200
    data = main_form_data(page.content.decode())
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return data


def test_initiative_saved_unchanged_keeps_its_start_date(manager_a, initiative_a, client_for):
    initiative_a.started = dt.date(2026, 9, 1)
    initiative_a.save()
    before = model_to_dict(Initiative.objects.get(pk=initiative_a.pk))
    url = reverse("cases:initiative-update", args=[initiative_a.public_id])

    data = _save_unchanged(client_for(manager_a), url)

    assert data["started"] == ["2026-09-01"]
    after = model_to_dict(Initiative.objects.get(pk=initiative_a.pk))
    assert after == before
    assert Initiative.objects.get(pk=initiative_a.pk).started == dt.date(2026, 9, 1)


def test_milestone_saved_unchanged_keeps_both_dates(manager_a, initiative_a, client_for):
    milestone = ImplementationMilestoneFactory(
        initiative=initiative_a, planned=dt.date(2026, 9, 1), achieved=dt.date(2026, 9, 14)
    )
    before = model_to_dict(milestone)
    url = reverse("cases:milestone-update", args=[milestone.public_id])

    _save_unchanged(client_for(manager_a), url)

    milestone = ImplementationMilestone.objects.get(pk=milestone.pk)
    assert model_to_dict(milestone) == before
    assert (milestone.planned, milestone.achieved) == (dt.date(2026, 9, 1), dt.date(2026, 9, 14))


def test_adding_an_achieved_date_keeps_the_planned_date(manager_a, initiative_a, client_for):
    milestone = ImplementationMilestoneFactory(
        initiative=initiative_a, planned=dt.date(2026, 9, 1), achieved=None
    )
    url = reverse("cases:milestone-update", args=[milestone.public_id])
    client = client_for(manager_a)
    data = main_form_data(client.get(url).content.decode())
    data["achieved"] = ["2026-09-20"]

    assert client.post(url, data).status_code == 302

    milestone.refresh_from_db()
    assert (milestone.planned, milestone.achieved) == (dt.date(2026, 9, 1), dt.date(2026, 9, 20))


def test_peer_worker_saved_unchanged_keeps_start_and_end(manager_a, peer_worker_a, client_for):
    peer_worker_a.started = dt.date(2025, 1, 6)
    peer_worker_a.ended = dt.date(2026, 3, 31)
    peer_worker_a.leaving_reason = "other_job"
    peer_worker_a.save()
    before = model_to_dict(PeerWorker.objects.get(pk=peer_worker_a.pk))
    url = reverse("cases:peer-worker-update", args=[peer_worker_a.public_id])

    _save_unchanged(client_for(manager_a), url)

    assert model_to_dict(PeerWorker.objects.get(pk=peer_worker_a.pk)) == before
