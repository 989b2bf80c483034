"""The consent bridge: a peer worker offers passages of their own shared summaries, sees what
they shared and withdraws it; withdrawal removes it from corpus, matrices and exports."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qualitative import selectors
from qualitative.models import (
    Coding,
    IntervieweeGroup,
    ResearchProject,
    Source,
    SupervisionOffer,
)
from qualitative.services import SharedSession, replacement_add
from tests.factories import MembershipFactory, PeerWorkerFactory, UserFactory
from tests.qualitative.factories import code, theme

pytestmark = pytest.mark.django_db

SUMMARY = (
    "Pat talked about the ward round where staff spoke over the peer worker. "
    "We agreed Pat will raise this with the ward manager at Harrogate."
)
PRIVATE = "I felt like quitting after that ward round and cried in the car."
PASSAGE = "Pat talked about the ward round where staff spoke over the peer worker."
SESSION_ID = uuid.UUID("11111111-2222-4333-8444-555555555555")


@pytest.fixture
def sessions(monkeypatch, peer_worker_a):
    """Supervision sessions as the supervision app exposes them to research.

    The private reflection exists on the record but the bridge only ever reads the shared
    summary; the tests prove that text outside it cannot be offered.
    """
    store = {
        peer_worker_a.pk: [SharedSession(SESSION_ID, dt.date(2025, 5, 2), SUMMARY)],
    }

    def fake(peer_worker):
        return store.get(peer_worker.pk, [])

    monkeypatch.setattr(selectors, "shared_sessions_for", fake)
    return store


def _offer(client, passage=PASSAGE, action="confirm"):
    return client.post(
        reverse("qualitative:sharing-offer", args=[SESSION_ID]),
        {"passage": passage, "action": action},
    )


def test_preview_shows_exactly_the_pseudonymised_text(client_for, peer_a, peer_worker_a, sessions):
    replacement_add(
        project=ResearchProject.objects.get(receives_supervision_offers=True),
        term="Harrogate",
        replacement="[town]",
    )
    response = _offer(client_for(peer_a), passage=SUMMARY, action="preview")
    html = response.content.decode()
    assert "Exactly this will be shared" in html
    assert "[P-01-W01] talked about the ward round" in html
    assert "at [town]." in html
    assert not SupervisionOffer.objects.exists() and not Source.objects.exists()


def test_offer_records_consent_and_adds_a_pseudonymised_source(
    client_for, peer_a, peer_worker_a, sessions
):
    response = _offer(client_for(peer_a))
    assert response.status_code == 302
    offer = SupervisionOffer.objects.get()
    source = offer.source
    assert offer.peer_worker == peer_worker_a and offer.offered_by == peer_a
    assert offer.session_public_id == SESSION_ID and offer.session_date == dt.date(2025, 5, 2)
    assert offer.offered is not None and offer.withdrawn is None
    assert source.interviewee_group == IntervieweeGroup.SUPERVISION_RECORD
    assert source.initiative == peer_worker_a.role.initiative
    assert (
        source.text
        == "[P-01-W01] talked about the ward round where staff spoke over the peer worker."
    )
    assert "Pat" not in source.text


def test_private_reflection_can_never_be_offered(client_for, peer_a, peer_worker_a, sessions):
    for action in ("preview", "confirm"):
        response = _offer(client_for(peer_a), passage=PRIVATE, action=action)
        assert response.status_code == 400
        assert "Only words from the shared summary" in response.content.decode()
    assert not SupervisionOffer.objects.exists()
    assert not Source.objects.filter(text__icontains="quitting").exists()


def test_text_stitched_from_summary_and_other_words_is_refused(
    client_for, peer_a, peer_worker_a, sessions
):
    response = _offer(client_for(peer_a), passage=PASSAGE + " " + PRIVATE)
    assert response.status_code == 400
    assert not SupervisionOffer.objects.exists()


def test_another_workers_session_is_not_found(client_for, peer_worker_a, sessions, org_a):
    other = UserFactory(email="other.peer@example.org")
    MembershipFactory(user=other, organisation=org_a, role="peer_worker")
    PeerWorkerFactory(role=peer_worker_a.role, user=other)
    assert _offer(client_for(other)).status_code == 404
    assert (
        client_for(other).get(reverse("qualitative:sharing-offer", args=[SESSION_ID])).status_code
        == 404
    )


def test_worker_sees_what_they_shared(client_for, peer_a, peer_worker_a, sessions):
    client = client_for(peer_a)
    _offer(client)
    html = client.get(reverse("qualitative:sharing")).content.decode()
    assert "talked about the ward round" in html
    assert "Withdraw" in html


def _everything_a_researcher_can_get(client, project, initiative, theme_obj) -> str:
    pages = [
        client.get(reverse("qualitative:corpus")).content,
        client.get(reverse("qualitative:matrix"), {"level": 1}).content,
        client.get(
            reverse("qualitative:cell-excerpts", args=[initiative.public_id, theme_obj.public_id])
        ).content,
        client.get(reverse("qualitative:project-detail", args=[project.public_id])).content,
        client.get(reverse("qualitative:export-codings-csv")).content,
    ]
    xlsx = load_workbook(io.BytesIO(client.get(reverse("qualitative:export-codings-xlsx")).content))
    pages.append(
        " ".join(str(cell.value) for row in xlsx.active.iter_rows() for cell in row).encode()
    )
    qdpx = zipfile.ZipFile(
        io.BytesIO(
            client.get(reverse("qualitative:export-project-qdpx", args=[project.public_id])).content
        )
    )
    pages.extend(qdpx.read(name) for name in qdpx.namelist())
    return b"\n".join(pages).decode()


def test_withdrawal_removes_text_and_codings_everywhere_at_once(
    client_for, peer_a, peer_worker_a, researcher, sessions
):
    worker = client_for(peer_a)
    _offer(worker)
    offer = SupervisionOffer.objects.get()
    code(offer.source, "staff spoke over the peer worker", [theme("team-integration")], researcher)
    project = offer.source.project
    initiative = offer.source.initiative
    research = client_for(researcher)
    before = _everything_a_researcher_can_get(
        research, project, initiative, theme("team-integration")
    )
    assert before.count("staff spoke over the peer worker") >= 5

    response = worker.post(reverse("qualitative:sharing-withdraw", args=[offer.public_id]))

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.withdrawn is not None and offer.source is None
    assert not Source.objects.filter(interviewee_group=IntervieweeGroup.SUPERVISION_RECORD).exists()
    assert not Coding.objects.exists()
    after = _everything_a_researcher_can_get(
        research, project, initiative, theme("team-integration")
    )
    assert "spoke over" not in after and "ward round" not in after
    worker_page = worker.get(reverse("qualitative:sharing")).content.decode()
    # The worker's own session list still shows their summary; what was shared no longer does.
    shared_section = worker_page.split('id="sessions-heading"')[0]
    assert "withdrawn" in shared_section and "spoke over" not in shared_section


def test_only_the_worker_can_withdraw(
    client_for, peer_a, peer_worker_a, researcher, manager_a, sessions
):
    _offer(client_for(peer_a))
    offer = SupervisionOffer.objects.get()
    url = reverse("qualitative:sharing-withdraw", args=[offer.public_id])
    # Nobody else learns the offer exists.
    assert client_for(researcher).post(url).status_code == 404
    assert client_for(manager_a).post(url).status_code == 404
    other = UserFactory(email="other.peer@example.org")
    PeerWorkerFactory(role=peer_worker_a.role, user=other)
    assert client_for(other).post(url).status_code == 404
    offer.refresh_from_db()
    assert offer.withdrawn is None


def test_other_people_named_on_the_record_are_replaced(
    client_for, peer_a, peer_worker_a, monkeypatch
):
    session = SharedSession(
        SESSION_ID,
        None,
        "Suki Supervisor and Pat agreed: Suki will check the rota.",
        (("Suki Supervisor", "[supervisor]"),),
    )
    monkeypatch.setattr(selectors, "shared_sessions_for", lambda peer_worker: [session])
    _offer(client_for(peer_a), passage=session.shared_summary)
    assert SupervisionOffer.objects.get().source.text == (
        "[supervisor] and [P-01-W01] agreed: [supervisor] will check the rota."
    )


def test_deleting_the_peer_worker_removes_what_they_shared(
    client_for, peer_a, peer_worker_a, researcher, sessions
):
    _offer(client_for(peer_a))
    source = SupervisionOffer.objects.get().source
    code(source, "staff spoke over the peer worker", [theme("team-integration")], researcher)
    peer_worker_a.delete()
    assert not SupervisionOffer.objects.exists()
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not Coding.objects.exists()


def test_withdrawn_text_is_not_kept_in_the_audit_log(client_for, peer_a, peer_worker_a, sessions):
    from auditlog.models import LogEntry

    worker = client_for(peer_a)
    _offer(worker)
    offer = SupervisionOffer.objects.get()
    worker.post(reverse("qualitative:sharing-withdraw", args=[offer.public_id]))
    source_entries = LogEntry.objects.filter(content_type__model="source")
    assert source_entries.count() == 2  # created, then deleted on withdrawal
    assert "[redacted]" in str(source_entries.first().changes)
    logged = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    assert "spoke over" not in logged


def test_erasing_the_person_withdraws_what_they_shared(peer_a, peer_worker_a, client_for, sessions):
    from qualitative.erasure import erase_research_offers

    _offer(client_for(peer_a))
    report = erase_research_offers(user=peer_a, peer_workers=[peer_worker_a], stdout=None)
    offer = SupervisionOffer.objects.get()
    assert offer.withdrawn is not None and offer.source is None
    assert len(report) == 1 and str(offer.public_id) in report[0]
    assert not Source.objects.filter(interviewee_group=IntervieweeGroup.SUPERVISION_RECORD).exists()


def test_researcher_reading_a_shared_passage_is_logged(
    client_for, peer_a, peer_worker_a, researcher, sessions
):
    from auditlog.models import LogEntry

    _offer(client_for(peer_a))
    source = SupervisionOffer.objects.get().source
    client_for(researcher).get(reverse("qualitative:source-detail", args=[source.public_id]))
    read = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(source.pk)).get()
    assert read.actor == researcher
