"""supervision_digest: supervisors get overdue supervisees and pending sign-offs, workers
their overdue actions; a second run the same day sends nothing new."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.core.management import call_command

from supervision.models import DigestSent, SessionStatus
from tests.supervision.factories import ActionFactory, SessionFactory


def _scenario(arrangement_a, peer_a):
    # next_due_on is 2024-03-29 (no signed session), so the arrangement is overdue; one record
    # waits for the supervisor; one action of the worker is overdue.
    session = SessionFactory(
        arrangement=arrangement_a,
        author=peer_a,
        held_on=dt.date(2025, 5, 1),
        status=SessionStatus.SUBMITTED,
    )
    ActionFactory(session=session, text="Book the course", due_on=dt.date(2025, 5, 20))
    ActionFactory(session=session, text="Already done", due_on=dt.date(2025, 5, 20), is_done=True)


@time_machine.travel(dt.datetime(2025, 6, 15, 7, 0), tick=False)
def test_digest_is_sent_once_per_day(arrangement_a, peer_a, supervisor_a):
    _scenario(arrangement_a, peer_a)
    call_command("supervision_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {supervisor_a.email, peer_a.email}
    supervisor_mail = by_recipient[supervisor_a.email].body
    assert "Overdue supervisees" in supervisor_mail and peer_a.full_name in supervisor_mail
    assert "waiting for your signature" in supervisor_mail
    worker_mail = by_recipient[peer_a.email].body
    assert "Book the course" in worker_mail and "Already done" not in worker_mail
    # No record content in e-mails.
    assert "Shared summary" not in supervisor_mail + worker_mail
    assert "Private reflection" not in supervisor_mail + worker_mail

    call_command("supervision_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(day=dt.date(2025, 6, 15)).count() == 2


def test_next_day_sends_again(arrangement_a, peer_a):
    _scenario(arrangement_a, peer_a)
    with time_machine.travel(dt.datetime(2025, 6, 15, 7, 0), tick=False):
        call_command("supervision_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with time_machine.travel(dt.datetime(2025, 6, 16, 7, 0), tick=False):
        call_command("supervision_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 4


def test_nothing_to_say_sends_nothing(arrangement_a):
    arrangement_a.ended = dt.date(2024, 4, 1)
    arrangement_a.save()
    with time_machine.travel(dt.datetime(2025, 6, 15, 7, 0), tick=False):
        call_command("supervision_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
