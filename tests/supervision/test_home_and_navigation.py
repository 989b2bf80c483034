"""The peer worker's home panel and the navigation entries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from supervision.models import SessionStatus
from tests.supervision.factories import ActionFactory, SessionFactory


def test_peer_worker_home_shows_next_session_waiting_records_and_open_actions(
    arrangement_a, peer_a, supervisor_a, client_for
):
    today = timezone.localdate()
    returned = SessionFactory(
        arrangement=arrangement_a,
        author=peer_a,
        status=SessionStatus.RETURNED,
        held_on=today - dt.timedelta(days=10),
        next_session_on=today + dt.timedelta(days=5),
    )
    ActionFactory(session=returned, text="Phone the recovery college")
    ActionFactory(session=returned, text="Finished thing", is_done=True)
    body = client_for(peer_a).get(reverse("home")).content.decode()
    booked = (today + dt.timedelta(days=5)).strftime("%-d %b %Y")
    assert f"the next session is booked for {booked}" in body
    assert "Returned to you: session of" in body
    assert "Phone the recovery college" in body
    assert "Finished thing" not in body
    assert 'href="/supervision/"' in body  # navigation


def test_supervisor_home_counts_records_waiting_for_signature(
    arrangement_a, peer_a, supervisor_a, client_for
):
    SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.SUBMITTED)
    body = client_for(supervisor_a).get(reverse("home")).content.decode()
    waiting = body[body.index("Records waiting for your signature") :]
    assert '<span class="badge text-bg-dark">1</span>' in waiting[:200]
    assert reverse("supervision:supervisor-dashboard") in body


def test_researcher_gets_no_supervision_panel_or_navigation(researcher, client_for):
    body = client_for(researcher).get(reverse("home")).content.decode()
    assert "/supervision/" not in body
