"""One supervisor for many peer workers, in one step and all or nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from supervision.models import SupervisionArrangement
from tests.factories import PeerWorkerFactory

pytestmark = pytest.mark.django_db


def _data(workers, membership, **overrides):
    data = {
        "peer_workers": [str(worker.pk) for worker in workers],
        "supervisor": str(membership.pk),
        "supervision_type": "managerial",
        "frequency_days": "28",
        "started": "2025-01-06",
        "ended": "",
    }
    data.update(overrides)
    return data


def test_one_supervisor_for_several_peer_workers(
    manager_a, supervisor_a, peer_worker_a, role_a, client_for
):
    others = [PeerWorkerFactory(role=role_a, pseudonym=f"P-01-W2{n}") for n in range(2)]
    workers = [peer_worker_a, *others]
    response = client_for(manager_a).post(
        reverse("supervision:arrangement-create-many"),
        _data(workers, supervisor_a.memberships.get()),
    )
    assert response.status_code == 302
    assert set(SupervisionArrangement.objects.values_list("peer_worker_id", flat=True)) == {
        worker.pk for worker in workers
    }
    assert set(SupervisionArrangement.objects.values_list("supervisor_id", flat=True)) == {
        supervisor_a.pk
    }


def test_a_refused_worker_saves_none(manager_a, supervisor_a, peer_worker_a, peer_a, client_for):
    # peer_a cannot supervise themselves: their own post is refused, so nobody is set up.
    from cases.models import Membership, MembershipRole

    membership = Membership.objects.get(user=peer_a)
    membership.role = MembershipRole.SUPERVISOR
    membership.save()
    other = PeerWorkerFactory(role=peer_worker_a.role, pseudonym="P-01-W31")
    response = client_for(manager_a).post(
        reverse("supervision:arrangement-create-many"),
        _data([peer_worker_a, other], membership),
    )
    assert response.status_code == 400
    assert "cannot supervise themselves" in response.content.decode()
    assert not SupervisionArrangement.objects.exists()
