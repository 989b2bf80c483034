"""Privacy tiers, proved per persona and per surface.

Surfaces: the record page (private reflection and shared summary), the session list, the
subject-access exports (CSV and printable) and the Django admin. Personas: the author (the
peer worker), their supervisor, another supervisor at the same organisation, a manager of the
same organisation, a manager of another organisation, a researcher, an administrator.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from supervision.models import SessionStatus
from tests.supervision.factories import ActionFactory, SessionFactory

PEER_REFLECTION = "PEER-PRIVATE-my-voice-shook"
SUPERVISOR_REFLECTION = "SUPERVISOR-PRIVATE-check-workload"
SUMMARY = "SHARED-SUMMARY-boundaries-on-the-ward"
ACTION = "SHARED-ACTION-ask-for-team-meeting"

# persona: (record page status, sees summary, sees peer's reflection, sees supervisor's
#           reflection, list status, record in list, export status, export has summary,
#           export has peer's reflection)
MATRIX = {
    "peer_a": (200, True, True, False, 200, True, 200, True, True),
    "supervisor_a": (200, True, False, True, 200, True, 200, True, False),
    "other_supervisor_a": (403, False, False, False, 200, False, 200, False, False),
    "manager_a": (200, False, False, False, 200, False, 200, False, False),
    "manager_b": (404, False, False, False, 200, False, 200, False, False),
    "researcher": (404, False, False, False, 403, False, 403, False, False),
    "administrator": (200, False, False, False, 403, False, 403, False, False),
}


@pytest.fixture
def record(arrangement_a, peer_a):
    session = SessionFactory(
        arrangement=arrangement_a,
        author=peer_a,
        shared_summary=SUMMARY,
        private_reflection=PEER_REFLECTION,
        counterpart_reflection=SUPERVISOR_REFLECTION,
        status=SessionStatus.SIGNED,
    )
    ActionFactory(session=session, text=ACTION)
    return session


@pytest.fixture
def everyone(personas, other_supervisor_a):
    return {**personas, "other_supervisor_a": other_supervisor_a}


def _bodies(client, urls) -> dict[str, tuple[int, str]]:
    out = {}
    for name, url in urls.items():
        response = client.get(url)
        out[name] = (response.status_code, response.content.decode())
    return out


@pytest.mark.parametrize("persona", list(MATRIX))
def test_privacy_matrix(persona, everyone, record, client_for):
    (
        detail_status,
        sees_summary,
        sees_peer_reflection,
        sees_supervisor_reflection,
        list_status,
        in_list,
        export_status,
        export_summary,
        export_reflection,
    ) = MATRIX[persona]
    client = client_for(everyone[persona])
    responses = _bodies(
        client,
        {
            "detail": reverse("supervision:session-detail", args=[record.public_id]),
            "list": reverse("supervision:session-list"),
            "csv": reverse("supervision:export-csv"),
            "print": reverse("supervision:export-print"),
            "admin_list": reverse("admin:supervision_supervisionsession_changelist"),
            "admin_change": reverse(
                "admin:supervision_supervisionsession_change", args=[record.pk]
            ),
        },
    )
    detail_code, detail = responses["detail"]
    assert detail_code == detail_status
    assert (SUMMARY in detail) is sees_summary
    assert (ACTION in detail) is sees_summary
    assert (PEER_REFLECTION in detail) is sees_peer_reflection
    assert (SUPERVISOR_REFLECTION in detail) is sees_supervisor_reflection

    list_code, listing = responses["list"]
    assert list_code == list_status
    assert (str(record.public_id) in listing) is in_list

    for export in ("csv", "print"):
        code, body = responses[export]
        assert code == export_status
        assert (SUMMARY in body) is export_summary
        assert (PEER_REFLECTION in body) is export_reflection
        # A supervisor's export carries their own reflection, never the worker's.
        assert (SUPERVISOR_REFLECTION in body) is (persona == "supervisor_a")

    # No page, for anyone, shows a reflection that is not theirs; admin shows no content.
    for name, (_code, body) in responses.items():
        if persona != "peer_a":
            assert PEER_REFLECTION not in body, name
        if persona != "supervisor_a":
            assert SUPERVISOR_REFLECTION not in body, name
        if name.startswith("admin"):
            assert SUMMARY not in body and ACTION not in body

    admin_code = responses["admin_change"][0]
    assert admin_code == (200 if persona == "administrator" else 302)


def test_reflection_of_a_supervisor_authored_record_is_the_supervisors(
    arrangement_a, supervisor_a, peer_a, client_for
):
    session = SessionFactory(
        arrangement=arrangement_a,
        author=supervisor_a,
        private_reflection="SUPERVISOR-AUTHORED-PRIVATE",
        status=SessionStatus.SUBMITTED,
    )
    url = reverse("supervision:session-detail", args=[session.public_id])
    assert "SUPERVISOR-AUTHORED-PRIVATE" in client_for(supervisor_a).get(url).content.decode()
    assert "SUPERVISOR-AUTHORED-PRIVATE" not in client_for(peer_a).get(url).content.decode()
    csv_body = client_for(peer_a).get(reverse("supervision:export-csv")).content.decode()
    assert "SUPERVISOR-AUTHORED-PRIVATE" not in csv_body


def test_supervisor_of_an_ended_arrangement_no_longer_reads_the_record(
    arrangement_a, supervisor_a, client_for, record
):
    arrangement_a.ended = arrangement_a.started
    arrangement_a.save()
    response = client_for(supervisor_a).get(
        reverse("supervision:session-detail", args=[record.public_id])
    )
    assert response.status_code == 403
    assert SUMMARY not in response.content.decode()


def test_manager_sees_that_supervision_happened(manager_a, client_for, record):
    response = client_for(manager_a).get(reverse("supervision:oversight"))
    body = response.content.decode()
    assert response.status_code == 200
    assert record.arrangement.peer_worker.full_name in body
    assert SUMMARY not in body and ACTION not in body and PEER_REFLECTION not in body


def test_other_organisations_manager_sees_nothing_in_oversight(manager_b, client_for, record):
    body = client_for(manager_b).get(reverse("supervision:oversight")).content.decode()
    assert record.arrangement.peer_worker.full_name not in body


def test_admin_delete_confirmation_shows_no_content(administrator, client_for, record):
    url = f"/admin/supervision/supervisionarrangement/{record.arrangement.pk}/delete/"
    response = client_for(administrator).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert ACTION not in body and SUMMARY not in body and PEER_REFLECTION not in body
