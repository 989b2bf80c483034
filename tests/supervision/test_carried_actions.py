"""Carried-forward actions come only from submitted or signed records, and the person sees
each one in the new record's form, where they can mark it done or drop it before saving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import SessionAction, SessionStatus, SupervisionSession, SupervisionTopic
from tests.formparse import main_form_data
from tests.supervision.factories import ActionFactory, ArrangementFactory, SessionFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("supervision:session-create")


def _fill(data: dict, **values) -> dict:
    today = timezone.localdate()
    data.update(
        {
            "held_on": [(today - dt.timedelta(days=1)).isoformat()],
            "duration_minutes": ["60"],
            "mode": ["video"],
            "topics": [str(SupervisionTopic.objects.get(slug="boundaries").pk)],
            "shared_summary": ["Talked about the ward round."],
        }
    )
    data.update({key: [value] for key, value in values.items()})
    return data


def _row(data: dict, text: str) -> str:
    """The form prefix (``actions-N``) of the action row showing ``text``."""
    [prefix] = [key.removesuffix("-text") for key, value in data.items() if value == [text]]
    return prefix


def test_a_drafts_open_actions_are_never_carried(arrangement_a, peer_a, client_for):
    draft = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.DRAFT)
    ActionFactory(session=draft, text="Half-written action in a draft")

    page = client_for(peer_a).get(CREATE).content.decode()
    new = services.session_create(
        actor=peer_a,
        arrangement=arrangement_a,
        held_on=timezone.localdate(),
        duration_minutes=30,
        mode="video",
    )

    assert "Half-written action in a draft" not in page
    assert not new.actions.exists()


def test_submitted_and_signed_records_actions_are_shown_as_editable_rows(
    arrangement_a, peer_a, client_for
):
    signed = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.SIGNED)
    submitted = SessionFactory(
        arrangement=arrangement_a, author=peer_a, status=SessionStatus.SUBMITTED
    )
    ActionFactory(session=signed, text="Book the peer network meeting")
    ActionFactory(session=submitted, text="Read the lone working policy")
    ActionFactory(session=signed, text="Already done", is_done=True)

    page = client_for(peer_a).get(CREATE).content.decode()
    data = main_form_data(page)

    texts = [value for key, [value] in data.items() if key.endswith("-text") and value]
    assert sorted(texts) == ["Book the peer network meeting", "Read the lone working policy"]
    assert "Mark each one done, or drop it" in page
    for text in texts:
        prefix = _row(data, text)
        assert data[f"{prefix}-carried_from"]  # each row names the action it carries
        assert f'name="{prefix}-is_done"' in page and f'name="{prefix}-DELETE"' in page


def test_marking_one_done_and_dropping_another_before_submitting(arrangement_a, peer_a, client_for):
    signed = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.SIGNED)
    keep = ActionFactory(session=signed, text="Book the peer network meeting")
    drop = ActionFactory(session=signed, text="Ask about the parking permit")
    client = client_for(peer_a)
    data = _fill(main_form_data(client.get(CREATE).content.decode()), submit="1")
    data[f"{_row(data, keep.text)}-is_done"] = ["on"]
    data[f"{_row(data, drop.text)}-DELETE"] = ["on"]

    response = client.post(CREATE, data)

    assert response.status_code == 302
    record = SupervisionSession.objects.exclude(pk=signed.pk).get()
    assert record.status == SessionStatus.SUBMITTED
    [carried] = record.actions.all()
    assert (carried.text, carried.is_done, carried.carried_from) == (keep.text, True, keep)
    drop.refresh_from_db()
    assert not drop.is_done and not hasattr(drop, "carried_into")  # still open where it was


def test_choosing_another_arrangement_shows_its_open_actions_before_saving(
    arrangement_a, peer_a, supervisor_a, client_for
):
    other = ArrangementFactory(
        peer_worker=arrangement_a.peer_worker, supervisor=supervisor_a, supervision_type="peer"
    )
    earlier = SessionFactory(arrangement=other, author=peer_a, status=SessionStatus.SIGNED)
    action = ActionFactory(session=earlier, text="Action of the other arrangement")
    client = client_for(peer_a)
    data = _fill(
        main_form_data(
            client.get(f"{CREATE}?arrangement={arrangement_a.public_id}").content.decode()
        ),
        arrangement=str(other.pk),
    )

    response = client.post(CREATE, data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "This arrangement has open actions from earlier records" in body
    assert action.text in body
    assert SupervisionSession.objects.count() == 1  # nothing saved yet
    again = client.post(CREATE, _fill(main_form_data(body), arrangement=str(other.pk)))
    assert again.status_code == 302
    assert SessionAction.objects.get(carried_from=action).session.arrangement == other


def test_an_action_done_meanwhile_is_refused_and_nothing_is_saved(
    arrangement_a, peer_a, client_for
):
    signed = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.SIGNED)
    action = ActionFactory(session=signed, text="Book the peer network meeting")
    client = client_for(peer_a)
    data = _fill(main_form_data(client.get(CREATE).content.decode()))
    action.is_done = True
    action.save()

    response = client.post(CREATE, data)

    assert response.status_code == 200
    assert "can no longer be carried forward" in response.content.decode()
    assert SupervisionSession.objects.count() == 1
