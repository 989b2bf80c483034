"""The record page: workflow buttons, the read log, reflections."""

from __future__ import annotations

from django.urls import reverse

from supervision.models import EventKind, SessionRead, SessionStatus, SupervisionSession
from tests.supervision.factories import SessionFactory


def test_reading_shared_content_is_logged_and_shown_to_the_worker(
    arrangement_a, peer_a, supervisor_a, client_for
):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a)
    client_for(supervisor_a).get(reverse("supervision:session-detail", args=[session.public_id]))
    read = SessionRead.objects.get()
    assert (read.reader, read.session) == (supervisor_a, session)

    log = client_for(peer_a).get(reverse("supervision:read-log")).content.decode()
    assert supervisor_a.full_name in log


def test_metadata_views_are_not_logged_as_reads(arrangement_a, peer_a, manager_a, client_for):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a)
    response = client_for(manager_a).get(
        reverse("supervision:session-detail", args=[session.public_id])
    )
    assert response.status_code == 200
    assert not SessionRead.objects.exists()


def test_supervisor_returns_with_a_comment_via_the_page(
    arrangement_a, peer_a, supervisor_a, client_for
):
    session = SessionFactory(
        arrangement=arrangement_a, author=peer_a, status=SessionStatus.SUBMITTED
    )
    client_for(supervisor_a).post(
        reverse("supervision:session-return", args=[session.public_id]),
        {"comment": "Add the action."},
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.RETURNED
    body = client_for(peer_a).get(reverse("supervision:session-detail", args=[session.public_id]))
    assert "Add the action." in body.content.decode()


def test_author_posting_sign_is_refused_with_a_message(arrangement_a, peer_a, client_for):
    session = SessionFactory(
        arrangement=arrangement_a, author=peer_a, status=SessionStatus.SUBMITTED
    )
    response = client_for(peer_a).post(
        reverse("supervision:session-sign", args=[session.public_id]), follow=True
    )
    assert "cannot sign it as the other party" in response.content.decode()
    assert SupervisionSession.objects.get(pk=session.pk).status == SessionStatus.SUBMITTED
    assert not session.events.filter(kind=EventKind.SIGNED).exists()


def test_supervisor_signs_and_the_record_is_locked(arrangement_a, peer_a, supervisor_a, client_for):
    session = SessionFactory(
        arrangement=arrangement_a, author=peer_a, status=SessionStatus.SUBMITTED
    )
    client_for(supervisor_a).post(reverse("supervision:session-sign", args=[session.public_id]))
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    body = client_for(peer_a).get(reverse("supervision:session-detail", args=[session.public_id]))
    assert "Add addendum" in body.content.decode()


def test_each_party_saves_a_private_reflection(arrangement_a, peer_a, supervisor_a, client_for):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a, private_reflection="")
    url = reverse("supervision:session-reflection", args=[session.public_id])
    client_for(supervisor_a).post(url, {"reflection": "Supervisor thinking"})
    client_for(peer_a).post(url, {"reflection": "Peer thinking"})
    session = SupervisionSession.objects.get(pk=session.pk)
    assert session.private_reflection == "Peer thinking"
    assert session.counterpart_reflection == "Supervisor thinking"


def test_other_supervisor_cannot_save_a_reflection(
    arrangement_a, peer_a, other_supervisor_a, client_for
):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a, private_reflection="Kept")
    response = client_for(other_supervisor_a).post(
        reverse("supervision:session-reflection", args=[session.public_id]), {"reflection": "x"}
    )
    assert response.status_code == 403
    assert SupervisionSession.objects.get(pk=session.pk).private_reflection == "Kept"


def test_actions_can_be_ticked_off_on_an_editable_record_only(arrangement_a, peer_a, client_for):
    from tests.supervision.factories import ActionFactory

    draft = SessionFactory(arrangement=arrangement_a, author=peer_a)
    action = ActionFactory(session=draft)
    client_for(peer_a).post(
        reverse("supervision:action-toggle", args=[action.public_id]), {"is_done": "1"}
    )
    action.refresh_from_db()
    assert action.is_done

    signed = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.SIGNED)
    locked = ActionFactory(session=signed)
    response = client_for(peer_a).post(
        reverse("supervision:action-toggle", args=[locked.public_id]), {"is_done": "1"}, follow=True
    )
    locked.refresh_from_db()
    assert not locked.is_done
    assert "review the action in the next record" in response.content.decode()


def test_ticking_an_action_off_follows_next_as_a_url_only(arrangement_a, peer_a, client_for):
    from tests.supervision.factories import ActionFactory

    action = ActionFactory(session=SessionFactory(arrangement=arrangement_a, author=peer_a))
    url = reverse("supervision:action-toggle", args=[action.public_id])
    client = client_for(peer_a)
    # A bare word is a relative URL, not a view name to reverse.
    assert client.post(url, {"is_done": "1", "next": "-3543"})["Location"] == "-3543"
    response = client.post(url, {"is_done": "0", "next": "https://evil.example/"})
    assert response["Location"] == reverse(
        "supervision:session-detail", args=[action.session.public_id]
    )


def test_new_record_form_lists_actions_it_will_carry_forward(arrangement_a, peer_a, client_for):
    from tests.supervision.factories import ActionFactory

    earlier = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.SIGNED)
    ActionFactory(session=earlier, text="Still to do from last time")
    body = client_for(peer_a).get(reverse("supervision:session-create")).content.decode()
    assert "Still to do from last time" in body


def test_the_other_party_cannot_submit_from_the_edit_form(
    arrangement_a, peer_a, supervisor_a, client_for
):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a)
    page = client_for(supervisor_a).get(
        reverse("supervision:session-update", args=[session.public_id])
    )
    assert "Save and send for sign-off" not in page.content.decode()
