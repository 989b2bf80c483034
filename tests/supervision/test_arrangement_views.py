"""Managers set up supervision arrangements; bad combinations are refused."""

from __future__ import annotations

from django.urls import reverse

from supervision.models import SupervisionArrangement


def _data(peer_worker, membership, **overrides):
    data = {
        "peer_worker": str(peer_worker.pk),
        "supervisor": str(membership.pk),
        "supervision_type": "peer",
        "supervisor_has_lived_experience": "on",
        "frequency_days": "28",
        "started": "2025-01-06",
        "ended": "",
    }
    data.update(overrides)
    return data


def test_manager_creates_an_arrangement(manager_a, supervisor_a, peer_worker_a, client_for):
    membership = supervisor_a.memberships.get()
    response = client_for(manager_a).post(
        reverse("supervision:arrangement-create"), _data(peer_worker_a, membership)
    )
    assert response.status_code == 302
    arrangement = SupervisionArrangement.objects.get()
    assert arrangement.supervisor == supervisor_a
    assert arrangement.supervisor_has_lived_experience
    assert str(arrangement.next_due_on) == "2025-02-03"


def test_manager_cannot_use_a_supervisor_outside_the_initiative(
    manager_a, peer_worker_a, supervisor_b, client_for
):
    membership = supervisor_b.memberships.get()
    response = client_for(manager_a).post(
        reverse("supervision:arrangement-create"), _data(peer_worker_a, membership)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SupervisionArrangement.objects.exists()


def test_end_before_start_is_refused_and_input_kept(
    manager_a, supervisor_a, peer_worker_a, client_for
):
    membership = supervisor_a.memberships.get()
    response = client_for(manager_a).post(
        reverse("supervision:arrangement-create"),
        _data(peer_worker_a, membership, ended="2024-12-01", frequency_days="42"),
    )
    body = response.content.decode()
    assert "cannot be before the start date" in body
    assert 'value="42"' in body
    assert not SupervisionArrangement.objects.exists()


def test_other_organisations_manager_cannot_pick_our_workers(
    manager_b, peer_worker_a, supervisor_a, client_for
):
    membership = supervisor_a.memberships.get()
    response = client_for(manager_b).post(
        reverse("supervision:arrangement-create"), _data(peer_worker_a, membership)
    )
    assert response.status_code == 200
    assert not SupervisionArrangement.objects.exists()
