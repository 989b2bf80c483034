"""The home page opens on what needs doing for each persona, each item linking to where it is
resolved; its query count is pinned and does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import EventKind, SessionEvent, SessionStatus
from tests.factories import ImplementationMilestoneFactory, PeerWorkerFactory
from tests.recruitment.factories import CampaignFactory
from tests.supervision.factories import ActionFactory, ArrangementFactory, SessionFactory
from tests.training.factories import RequiredTrainingFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _position(body: str, text: str) -> int:
    assert text in body, text
    return body.index(text)


@pytest.fixture
def arrangement(peer_worker_a, supervisor_a, org_a):
    """Supervision of peer_a by supervisor_a, a session overdue since ten days ago."""
    return ArrangementFactory(
        peer_worker=peer_worker_a,
        supervisor=supervisor_a,
        supervisor_organisation=org_a,
        started=TODAY - dt.timedelta(days=38),
        frequency_days=28,
    )


def _returned(arrangement, peer, supervisor, comment: str, days_ago: int = 5):
    session = SessionFactory(
        arrangement=arrangement,
        author=peer,
        status=SessionStatus.RETURNED,
        held_on=TODAY - dt.timedelta(days=days_ago),
    )
    SessionEvent.objects.create(
        session=session, actor=supervisor, kind=EventKind.RETURNED, comment=comment
    )
    return session


def test_supervisor_sees_signatures_then_overdue_supervisees_then_overdue_actions(
    arrangement, peer_a, supervisor_a, client_for
):
    submitted = SessionFactory(
        arrangement=arrangement, author=peer_a, status=SessionStatus.SUBMITTED
    )
    ActionFactory(
        session=submitted, text="Visit the recovery college", due_on=TODAY - dt.timedelta(days=1)
    )
    body = client_for(supervisor_a).get(reverse("home")).content.decode()

    todo = _position(body, "What needs doing")
    sign = _position(body, "Records waiting for your signature")
    overdue = _position(body, "Overdue supervisees")
    actions = _position(body, "Overdue actions of your supervisees")
    panel = _position(body, 'id="supervision-panel-heading"')
    assert todo < sign < overdue < actions < panel
    assert reverse("supervision:session-detail", args=[submitted.public_id]) in body
    assert f"?arrangement={arrangement.public_id}" in body  # record the overdue session
    assert "Visit the recovery college" in body


def test_supervisor_with_nothing_waiting_is_told_so(arrangement, supervisor_a, client_for):
    arrangement.next_due_on = TODAY + dt.timedelta(days=5)
    arrangement.save()
    body = client_for(supervisor_a).get(reverse("home")).content.decode()
    assert "Nothing waits for your signature." in body
    assert "Every supervisee is up to date." in body
    assert "No agreed action is overdue." in body


@pytest.mark.parametrize(
    ("due_in", "booked_in", "expected", "not_expected"),
    [
        (-10, 5, "Supervision is overdue (due by", "Next session due by"),
        (-10, None, "Supervision is overdue: a session was due by", "booked for"),
        (10, 5, "Next session booked for", "overdue"),
        (10, None, "Next session due by", "booked for"),
    ],
)
def test_peer_worker_reads_one_supervision_status_never_a_contradiction(
    arrangement, peer_a, client_for, due_in, booked_in, expected, not_expected
):
    arrangement.next_due_on = TODAY + dt.timedelta(days=due_in)
    arrangement.save()
    if booked_in is not None:
        SessionFactory(
            arrangement=arrangement,
            author=peer_a,
            status=SessionStatus.SIGNED,
            next_session_on=TODAY + dt.timedelta(days=booked_in),
        )
    body = client_for(peer_a).get(reverse("home")).content.decode()
    status = body[_position(body, "My supervision") : _position(body, "Records waiting for me")]
    assert expected in status
    assert not_expected not in status.split("</h3>", 1)[1]


def test_returned_records_come_first_with_the_supervisors_comment(
    arrangement, peer_a, supervisor_a, client_for
):
    draft = SessionFactory(
        arrangement=arrangement,
        author=peer_a,
        status=SessionStatus.DRAFT,
        held_on=TODAY - dt.timedelta(days=20),
    )
    returned = _returned(arrangement, peer_a, supervisor_a, "Please add the course date.")
    body = client_for(peer_a).get(reverse("home")).content.decode()
    first = _position(body, reverse("supervision:session-detail", args=[returned.public_id]))
    second = _position(body, reverse("supervision:session-detail", args=[draft.public_id]))
    assert first < second
    assert "Returned to you: session of" in body
    assert "Comment: Please add the course date." in body


def test_manager_sees_late_milestones_training_campaigns_and_coverage(
    manager_a, initiative_a, role_a, peer_worker_a, client_for
):
    late = ImplementationMilestoneFactory(
        initiative=initiative_a, planned=TODAY - dt.timedelta(days=30), achieved=None
    )
    ImplementationMilestoneFactory(
        initiative=initiative_a,
        custom_title="Achieved late, not a to-do",
        milestone_type=None,
        planned=TODAY - dt.timedelta(days=30),
        achieved=TODAY - dt.timedelta(days=3),
    )
    RequiredTrainingFactory(role=role_a)
    campaign = CampaignFactory(
        role=role_a,
        title="Ward peers 2026",
        opened=TODAY - dt.timedelta(days=12),
        closes_on=TODAY + dt.timedelta(days=9),
    )
    body = client_for(manager_a).get(reverse("home")).content.decode()

    assert _position(body, "What needs doing") < _position(body, 'id="home-initiatives"')
    assert f"Alderbank ward peers: {late.title}" in body
    assert "Achieved late, not a to-do" not in body
    assert "0 overdue, 1 never completed, of 1 required" in body
    assert "Open 12 days" in body
    assert reverse("recruitment:campaign-board", args=[campaign.public_id]) in body
    assert "0 of 1 peer workers in post have supervision" in body
    assert "1 without an arrangement" in body


def test_manager_of_another_organisation_sees_none_of_it(
    manager_b, initiative_a, role_a, peer_worker_a, client_for
):
    ImplementationMilestoneFactory(initiative=initiative_a, planned=TODAY - dt.timedelta(days=30))
    CampaignFactory(role=role_a, title="Ward peers 2026")
    body = client_for(manager_b).get(reverse("home")).content.decode()
    assert "Alderbank" not in body and "Ward peers 2026" not in body
    assert "No milestone is late." in body


def _grow(initiative, role, supervisor, org, count: int):
    for index in range(count):
        worker = PeerWorkerFactory(role=role, full_name=f"Worker {index}")
        other = ArrangementFactory(
            peer_worker=worker, supervisor=supervisor, supervisor_organisation=org
        )
        session = SessionFactory(
            arrangement=other, author=supervisor, status=SessionStatus.SUBMITTED
        )
        ActionFactory(session=session, due_on=TODAY - dt.timedelta(days=2))
        ImplementationMilestoneFactory(initiative=initiative, planned=TODAY - dt.timedelta(days=9))
        CampaignFactory(
            role=role,
            opened=TODAY - dt.timedelta(days=index),
            closes_on=TODAY + dt.timedelta(days=30),
        )


@pytest.mark.parametrize("extra", [0, 6])
def test_home_query_counts_are_pinned(
    extra,
    arrangement,
    manager_a,
    supervisor_a,
    peer_a,
    initiative_a,
    role_a,
    org_a,
    client_for,
    django_assert_num_queries,
):
    _returned(arrangement, peer_a, supervisor_a, "Please add the date.")
    RequiredTrainingFactory(role=role_a)
    _grow(initiative_a, role_a, supervisor_a, org_a, extra)
    clients = {user: client_for(user) for user in (manager_a, supervisor_a, peer_a)}
    for client in clients.values():
        client.get(reverse("home"))  # warm the session
    # Supervisor: session, user, memberships (cached for the request); records to sign,
    # overdue supervisees, overdue actions; the worker-home arrangements (none, for the
    # panel); two more for the panels of other apps.
    with django_assert_num_queries(8):
        clients[supervisor_a].get(reverse("home"))
    # Peer worker: session, user, memberships; arrangements, records waiting, open actions,
    # booked date; managed organisations; posts (cases panel).
    with django_assert_num_queries(9):
        clients[peer_a].get(reverse("home"))
    # Manager: session, user, memberships; to-do: late milestones, open campaigns, managed
    # initiatives, renewal intervals, compliance counts, supervision coverage; panels:
    # initiatives and their settings (cases), posts, recruitment counts, arrangements.
    with django_assert_num_queries(14):
        clients[manager_a].get(reverse("home"))
