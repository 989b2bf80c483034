"""Erasure on request: identifying data goes, anonymous facts and the audit record stay."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cases.models import PeerWorker
from peerwork.lib import erasure
from tests.factories import PASSWORD, PeerWorkerFactory
from tests.trust.helpers import totp_device, verified_client


def run(*args) -> str:
    out = StringIO()
    call_command("erase_person", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_erase_by_email_anonymises_account_and_peer_worker_keeping_facts(peer_worker_a, peer_a):
    totp_device(peer_a)
    peer_a.full_name = "Pat Peerworker"
    peer_a.save()
    output = run("--email", "peer.a@example.org")

    peer_a.refresh_from_db()
    assert peer_a.email == f"erased-{peer_a.public_id}@erased.invalid"
    assert peer_a.full_name == "Erased person"
    assert not peer_a.has_usable_password() and not peer_a.is_active
    assert not peer_a.staticdevice_set.exists() and not peer_a.totpdevice_set.exists()
    peer_worker_a.refresh_from_db()
    assert peer_worker_a.full_name == "Erased (P-01-W01)"
    # Anonymous facts stay.
    assert peer_worker_a.started == dt.date(2024, 3, 1)
    assert peer_worker_a.role_id is not None and peer_a.memberships.count() == 1
    assert "account" in output and "peer worker P-01-W01: name removed" in output
    assert "Pat" not in output


@pytest.mark.django_db
def test_erasure_is_recorded_and_scrubs_earlier_values_from_the_log(
    peer_worker_a, peer_a, administrator
):
    run("--pseudonym", "P-01-W01", "--actor", administrator.email)
    text = " ".join(
        f"{entry.object_repr} {entry.changes} {entry.actor_email}"
        for entry in LogEntry.objects.all()
    )
    assert "Pat Peerworker" not in text
    assert "peer.a@example.org" not in text
    summary = LogEntry.objects.filter(changes__has_key="erasure").get()
    assert summary.actor == administrator
    assert any("P-01-W01" in line for line in summary.additional_data["erased"])
    # The fact that the name changed is still there.
    assert (
        LogEntry.objects.get_for_object(peer_worker_a)
        .filter(changes__has_key="full_name", action=LogEntry.Action.UPDATE)
        .exists()
    )


@pytest.mark.django_db
def test_erase_peer_worker_without_account_by_public_id(role_a):
    worker = PeerWorkerFactory(role=role_a, full_name="Quinn Example", pseudonym="P-01-W09")
    output = run("--peer-worker", str(worker.public_id))
    worker.refresh_from_db()
    assert worker.full_name == "Erased (P-01-W09)"
    assert "P-01-W09" in output


@pytest.mark.django_db
def test_dry_run_changes_nothing(peer_worker_a, peer_a):
    output = run("--email", peer_a.email, "--dry-run")
    assert "dry run" in output
    peer_a.refresh_from_db()
    assert peer_a.is_active and peer_a.email == "peer.a@example.org"
    assert PeerWorker.objects.get(pk=peer_worker_a.pk).full_name == "Pat Peerworker"


@pytest.mark.django_db
def test_unknown_person_is_refused():
    with pytest.raises(CommandError):
        run("--email", "nobody@example.org")
    with pytest.raises(CommandError):
        run("--pseudonym", "NOPE")
    with pytest.raises(CommandError):
        run("--peer-worker", "not-a-uuid")
    with pytest.raises(CommandError):
        run()


@pytest.mark.django_db
def test_erased_person_cannot_sign_in(peer_a):
    run("--email", peer_a.email)
    assert not Client().login(username=peer_a.email, password=PASSWORD)


@pytest.mark.django_db
def test_other_apps_register_erasers_that_run_in_the_same_transaction(peer_a, monkeypatch):
    calls = []

    def erase_colleague_notes(*, user, peer_workers, stdout):
        calls.append((user, list(peer_workers)))
        return ["training: 2 colleague records erased"]

    monkeypatch.setattr(erasure, "_erasers", [*erasure._erasers])
    erasure.register_eraser(erase_colleague_notes)
    erasure.register_eraser(erase_colleague_notes)  # idempotent
    output = run("--email", peer_a.email)
    assert len(calls) == 1 and calls[0][0] == peer_a
    assert "training: 2 colleague records erased" in output

    def failing(*, user, peer_workers, stdout):
        raise RuntimeError("boom")

    other = PeerWorkerFactory(full_name="Robin Example")
    erasure.register_eraser(failing)
    with pytest.raises(RuntimeError):
        run("--pseudonym", other.pseudonym)
    other.refresh_from_db()
    assert other.full_name == "Robin Example"  # nothing half-erased


@pytest.mark.django_db
def test_admin_action_asks_for_confirmation_then_erases(administrator, peer_a, peer_worker_a):
    client = verified_client(administrator)
    url = reverse("admin:accounts_user_changelist")
    response = client.post(url, {"action": "erase_personal_data", "_selected_action": [peer_a.pk]})
    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    assert User.objects.get(pk=peer_a.pk).is_active
    response = client.post(
        url, {"action": "erase_personal_data", "_selected_action": [peer_a.pk], "confirm": "yes"}
    )
    assert response.status_code == 302
    peer_a.refresh_from_db()
    assert not peer_a.is_active and peer_a.full_name == "Erased person"


@pytest.mark.django_db
def test_erasers_that_accept_email_run_for_people_without_an_account(monkeypatch):
    seen = []

    def erase_applicants(*, user, peer_workers, email, stdout):
        seen.append((user, email))
        return [f"recruitment: applicant records for that address erased ({len(seen)})"]

    monkeypatch.setattr(erasure, "_erasers", [*erasure._erasers])
    erasure.register_eraser(erase_applicants)
    output = run("--email", "Applicant@Example.org")
    assert seen == [(None, "Applicant@Example.org")]
    assert "applicant records" in output
