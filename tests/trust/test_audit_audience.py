"""The audit views show nobody a value they may not read in the app.

For each persona, what the supervision record's own page shows is compared with what the
audit log shows them (the record histories, ``/audit/`` and the admin): a shared summary,
an action, an addendum or a workflow comment reaches the log's readers only if they are a
party to the record. Administrators are not parties to supervision: they see that the
summary changed, never what it says, and cannot find it by searching either.
"""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from peerwork.lib.audit import change_rows
from supervision.models import SessionAction, SupervisionSession
from tests.supervision.factories import ActionFactory, SessionFactory
from tests.trust.helpers import client_as

pytestmark = pytest.mark.django_db

SUMMARY = "Talked through the zebrafinch incident on the ward"
ACTION = "Ring the quokka helpline before Friday"


@pytest.fixture
def record(peer_worker_a, peer_a, supervisor_a, org_a, field_keys):
    from tests.supervision.factories import ArrangementFactory

    arrangement = ArrangementFactory(peer_worker=peer_worker_a, supervisor=supervisor_a)
    session = SessionFactory(arrangement=arrangement, author=peer_a, shared_summary="First draft")
    session.shared_summary = SUMMARY
    session.save()
    ActionFactory(session=session, text=ACTION)
    return session


@pytest.fixture
def field_keys(settings):
    from cryptography.fernet import Fernet

    settings.PEERWORK_FIELD_KEYS = [Fernet.generate_key().decode()]


def _entries(model) -> list[LogEntry]:
    return list(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)))


def _log_text_for(viewer) -> str:
    rows = [
        row
        for model in (SupervisionSession, SessionAction)
        for entry in _entries(model)
        for row in change_rows(entry, viewer)
    ]
    return " ".join(" ".join(row) for row in rows)


def test_each_persona_reads_in_the_log_only_what_the_record_page_shows_them(
    record, peer_a, supervisor_a, manager_a, manager_b, researcher, administrator
):
    page = reverse("supervision:session-detail", args=[record.public_id])
    compared = {}
    for persona in (peer_a, supervisor_a, manager_a, manager_b, researcher, administrator):
        response = client_as(persona).get(page)
        in_app = response.status_code == 200 and SUMMARY in response.content.decode()
        in_log = SUMMARY in _log_text_for(persona)
        action_in_log = ACTION in _log_text_for(persona)
        compared[persona.email] = (in_app, in_log, action_in_log)
        assert in_log <= in_app, f"{persona.email} reads in the log what the app hides"
        assert action_in_log <= in_app
    # The parties read the record and its history; nobody else reads either.
    assert compared == {
        peer_a.email: (True, True, True),
        supervisor_a.email: (True, True, True),
        manager_a.email: (False, False, False),
        manager_b.email: (False, False, False),
        researcher.email: (False, False, False),
        administrator.email: (False, False, False),
    }
    # The log still says the summary changed.
    assert "[redacted]" in _log_text_for(administrator)


def test_audit_page_and_admin_show_administrators_no_summary(record, administrator):
    client = client_as(administrator)
    audit_page = client.get(reverse("audit:log"), {"model": "", "text": ""}).content.decode()
    listing = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    [update] = [e for e in _entries(SupervisionSession) if e.action == LogEntry.Action.UPDATE]
    detail = client.get(reverse("admin:auditlog_logentry_change", args=[update.pk]))

    assert detail.status_code == 200
    for html in (audit_page, listing, detail.content.decode()):
        assert SUMMARY not in html and ACTION not in html
        assert "zebrafinch" not in html
    assert "[redacted]" in detail.content.decode()
    assert "[redacted]" in audit_page


def test_searching_the_log_does_not_reveal_which_summary_holds_a_word(record, administrator):
    client = client_as(administrator)
    found = client.get(reverse("audit:log"), {"text": "zebrafinch"})
    admin_found = client.get(reverse("admin:auditlog_logentry_changelist"), {"q": "quokka"})

    assert found.status_code == 200
    assert found.context["page"].paginator.count == 0
    assert admin_found.context["cl"].result_count == 0
