"""A peer worker's own training record."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests.factories import PeerWorkerFactory
from tests.training.factories import complete


def test_peer_worker_sees_their_certificates_and_required_training(
    peer_a, peer_worker_a, programme_a, requirement_a, client_for
):
    complete(peer_worker_a, programme_a, dt.date(2025, 1, 10), expires=dt.date(2026, 1, 10))
    content = client_for(peer_a).get(reverse("training:my-training")).content.decode()
    assert "Peer support foundations" in content
    assert "10 Jan 2026" in content
    assert "Leave feedback" in content


def test_peer_worker_does_not_see_others_training(
    peer_a, peer_worker_a, role_a, programme_a, client_for
):
    other = PeerWorkerFactory(role=role_a, full_name="Someone Else")
    complete(other, programme_a, dt.date(2025, 1, 10))
    content = client_for(peer_a).get(reverse("training:my-training")).content.decode()
    assert "Someone Else" not in content
    assert "You have not been enrolled in any training yet." in content


def test_someone_without_a_post_is_told_so(manager_a, client_for):
    content = client_for(manager_a).get(reverse("training:my-training")).content.decode()
    assert "no peer worker post" in content
