"""The phone-first session form: records, refusals that keep input, and stale-save refusal."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from supervision.models import SessionAction, SessionStatus, SupervisionSession, SupervisionTopic
from tests.supervision.factories import SessionFactory


def _post_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "held_on": (today - dt.timedelta(days=1)).isoformat(),
        "duration_minutes": "60",
        "mode": "video",
        "topics": [str(SupervisionTopic.objects.get(slug="boundaries").pk)],
        "shared_summary": "We worked out what to share on the ward.",
        "reflection": "A reflection I typed on my phone.",
        "next_session_on": "",
        "supervision_type": "",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-text": "Ask to join the team meeting",
        "actions-0-owner": "peer_worker",
        "actions-0-due_on": (today + dt.timedelta(days=14)).isoformat(),
    }
    data.update(overrides)
    return data


def test_peer_worker_records_and_submits_a_session(arrangement_a, peer_a, client_for):
    client = client_for(peer_a)
    page = client.get(reverse("supervision:session-create"))
    assert 'class="form-check-tiles"' in page.content.decode()
    response = client.post(
        reverse("supervision:session-create"),
        _post_data(arrangement=str(arrangement_a.pk), submit="1"),
    )
    session = SupervisionSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:session-detail", args=[session.public_id])
    assert session.status == SessionStatus.SUBMITTED
    assert session.author == peer_a
    assert session.private_reflection == "A reflection I typed on my phone."
    assert session.supervision_type == arrangement_a.supervision_type
    assert list(session.topics.values_list("slug", flat=True)) == ["boundaries"]
    assert SessionAction.objects.get().text == "Ask to join the team meeting"


def test_validation_errors_keep_everything_typed(arrangement_a, peer_a, client_for):
    response = client_for(peer_a).post(
        reverse("supervision:session-create"),
        _post_data(
            arrangement=str(arrangement_a.pk),
            duration_minutes="600",
            **{"actions-0-due_on": "2020-01-01"},
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "cannot last more than 8 hours" in body
    assert "due before the session" in body
    assert "We worked out what to share on the ward." in body
    assert "A reflection I typed on my phone." in body
    assert "Ask to join the team meeting" in body
    assert not SupervisionSession.objects.exists()


def test_a_date_more_than_a_week_ahead_is_refused(arrangement_a, peer_a, client_for):
    ahead = (timezone.localdate() + dt.timedelta(days=8)).isoformat()
    response = client_for(peer_a).post(
        reverse("supervision:session-create"),
        _post_data(arrangement=str(arrangement_a.pk), held_on=ahead),
    )
    assert "more than a week in the future" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_duration_of_zero_is_refused(arrangement_a, peer_a, client_for):
    response = client_for(peer_a).post(
        reverse("supervision:session-create"),
        _post_data(arrangement=str(arrangement_a.pk), duration_minutes="0"),
    )
    assert "at least 1" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_supervisor_cannot_record_for_a_worker_they_do_not_supervise(
    arrangement_a, other_supervisor_a, client_for
):
    response = client_for(other_supervisor_a).post(
        reverse("supervision:session-create"), _post_data(arrangement=str(arrangement_a.pk))
    )
    assert response.status_code == 200
    assert "no supervision arrangement with this peer worker" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_second_save_of_a_draft_is_refused_and_both_texts_are_shown(
    arrangement_a, peer_a, supervisor_a, client_for
):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a, shared_summary="Original")
    url = reverse("supervision:session-update", args=[session.public_id])
    version = session.version
    first = client_for(peer_a).post(
        url,
        _post_data(
            version=str(version),
            supervision_type="managerial",
            shared_summary="PEER-TEXT saved first",
        ),
    )
    assert first.status_code == 302
    second = client_for(supervisor_a).post(
        url,
        _post_data(
            version=str(version),
            supervision_type="managerial",
            shared_summary="SUPERVISOR-TEXT saved second",
        ),
    )
    body = second.content.decode()
    assert second.status_code == 200
    assert "changed by someone else" in body
    assert "SUPERVISOR-TEXT saved second" in body  # their own text, kept in the form
    assert "PEER-TEXT saved first" in body  # the saved text, shown beside it
    assert SupervisionSession.objects.get(pk=session.pk).shared_summary == "PEER-TEXT saved first"

    # Having merged, the supervisor can save on top of the current version.
    third = client_for(supervisor_a).post(
        url,
        _post_data(
            version=str(version + 1), supervision_type="managerial", shared_summary="Merged text"
        ),
    )
    assert third.status_code == 302
    assert SupervisionSession.objects.get(pk=session.pk).shared_summary == "Merged text"


def test_edit_form_offers_the_viewers_own_reflection_only(
    arrangement_a, peer_a, supervisor_a, client_for
):
    session = SessionFactory(
        arrangement=arrangement_a,
        author=peer_a,
        private_reflection="PEER-ONLY",
        counterpart_reflection="SUPERVISOR-ONLY",
    )
    url = reverse("supervision:session-update", args=[session.public_id])
    peer_body = client_for(peer_a).get(url).content.decode()
    supervisor_body = client_for(supervisor_a).get(url).content.decode()
    assert "PEER-ONLY" in peer_body and "SUPERVISOR-ONLY" not in peer_body
    assert "SUPERVISOR-ONLY" in supervisor_body and "PEER-ONLY" not in supervisor_body


def test_signed_record_edit_page_redirects(arrangement_a, peer_a, client_for):
    session = SessionFactory(arrangement=arrangement_a, author=peer_a, status=SessionStatus.SIGNED)
    response = client_for(peer_a).get(
        reverse("supervision:session-update", args=[session.public_id])
    )
    assert response.status_code == 302


def test_a_submission_asking_for_thousands_of_action_rows_is_refused_unbuilt(
    arrangement_a, peer_a, client_for
):
    # The row count is the client's to say: the formset builds at most absolute_max rows.
    response = client_for(peer_a).post(
        reverse("supervision:session-create"),
        _post_data(arrangement=str(arrangement_a.pk), **{"actions-TOTAL_FORMS": "99999"}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please submit at most 30 forms." in body
    assert body.count('name="actions-59-text"') == 1
    assert 'name="actions-60-text"' not in body
    assert not SupervisionSession.objects.exists()
