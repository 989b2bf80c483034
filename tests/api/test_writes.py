"""Writes go through the services, are audited with the API client, and need CSRF in a browser."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from rest_framework.test import APIClient

from cases.models import PeerWorker
from training.models import Enrolment

pytestmark = pytest.mark.django_db


def test_hr_system_adds_a_peer_worker_audited_as_the_client(role_a, manager_a, api_for):
    response = api_for(manager_a).post(
        reverse("api:peer-worker-list"),
        {
            "role": str(role_a.public_id),
            "full_name": "Kit Newstarter",
            "pseudonym": "P-01-W40",
            "started": "2025-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    worker = PeerWorker.objects.get(pseudonym="P-01-W40")
    entry = LogEntry.objects.get_for_object(worker).get()
    assert entry.actor == manager_a
    assert "API token “test”" in entry.additional_data["client"]


def test_service_rules_apply_to_api_writes(role_a, peer_worker_a, manager_a, api_for):
    client = api_for(manager_a)
    response = client.patch(
        reverse("api:peer-worker-detail", args=[peer_worker_a.public_id]),
        {"ended": "2000-01-01"},
        format="json",
    )
    assert response.status_code == 400
    peer_worker_a.refresh_from_db()
    assert peer_worker_a.ended is None


def test_training_record_written_through_the_training_service(
    org_a, peer_worker_a, manager_a, api_for
):
    from tests.training.factories import TrainingProgrammeFactory

    programme = TrainingProgrammeFactory(organisation=org_a, has_certificate=True)
    response = api_for(manager_a).post(
        reverse("api:training-record-list"),
        {
            "peer_worker": str(peer_worker_a.public_id),
            "programme": str(programme.public_id),
            "completed_on": "2025-02-01",
            "certificate_issued_on": "2025-02-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    enrolment = Enrolment.objects.get()
    assert enrolment.completed_on == dt.date(2025, 2, 1)
    assert response.json()["pseudonym"] == peer_worker_a.pseudonym


def test_a_manager_cannot_write_into_another_organisation(role_a, manager_b, api_for):
    response = api_for(manager_b).post(
        reverse("api:peer-worker-list"),
        {
            "role": str(role_a.public_id),
            "full_name": "X",
            "pseudonym": "P-01-W41",
            "started": "2025-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "role" in response.json()
    assert not PeerWorker.objects.filter(pseudonym="P-01-W41").exists()


def test_session_cookie_writes_need_csrf(initiative_a, manager_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(manager_a)
    response = client.patch(
        reverse("api:initiative-detail", args=[initiative_a.public_id]),
        {"description": "csrf"},
        format="json",
    )
    assert response.status_code == 403
    assert b"CSRF" in response.content
    initiative_a.refresh_from_db()
    assert initiative_a.description != "csrf"


def test_csv_format_neutralises_formulas(role_a, manager_a, api_for):
    from tests.factories import PeerWorkerFactory

    PeerWorkerFactory(role=role_a, full_name="=HYPERLINK(1)", pseudonym="P-01-W50")
    response = api_for(manager_a).get(reverse("api:peer-worker-list"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in response.content.decode()
