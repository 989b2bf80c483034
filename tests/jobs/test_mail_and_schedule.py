"""E-mail leaves through a task; the worker's daily schedule enqueues each task once a day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.utils import timezone

from jobs.models import ScheduledRun
from jobs.schedule import run_due, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_via_tasks(settings):
    settings.EMAIL_BACKEND = "jobs.mail.TaskEmailBackend"
    settings.PEERWORK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_send_mail_is_delivered_by_the_task(mail_via_tasks):
    sent = send_mail("Training due", "Two courses are due.", None, ["manager@example.org"])
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.subject, message.body, message.to) == (
        "Training due",
        "Two courses are due.",
        ["manager@example.org"],
    )


def test_alternatives_attachments_and_headers_survive_the_queue(mail_via_tasks):
    message = EmailMultiAlternatives(
        "Digest",
        "Plain",
        "from@example.org",
        ["to@example.org"],
        cc=["cc@example.org"],
        headers={"X-Peerwork": "digest"},
    )
    message.attach_alternative("<p>Rich</p>", "text/html")
    message.attach("figures.csv", b"a,b\n1,2\n", "text/csv")
    message.send()
    delivered = mail.outbox[0]
    assert delivered.alternatives[0][0] == "<p>Rich</p>"
    assert delivered.attachments[0][0] == "figures.csv"
    assert delivered.attachments[0][1] in (b"a,b\n1,2\n", "a,b\n1,2\n")
    assert delivered.cc == ["cc@example.org"]
    assert delivered.extra_headers["X-Peerwork"] == "digest"


def test_a_message_without_recipients_is_not_queued(mail_via_tasks):
    assert EmailMultiAlternatives("Nobody", "x", "from@example.org", []).send() == 0
    assert mail.outbox == []


def _at(hour: int, minute: int) -> dt.datetime:
    today = timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(today, dt.time(hour, minute)))


def test_a_daily_task_is_enqueued_once_after_its_time():
    assert "purge_expired_jobs" not in run_due(now=_at(2, 59))
    assert "purge_expired_jobs" in run_due(now=_at(3, 1))
    assert "purge_expired_jobs" not in run_due(now=_at(9, 0))
    assert ScheduledRun.objects.filter(name="purge_expired_jobs").count() == 1


def test_the_schedule_can_move_or_switch_off_a_task(settings):
    settings.PEERWORK_SCHEDULE = ["purge_expired_jobs=04:30"]
    entry = next(entry for entry in schedule() if entry.name == "purge_expired_jobs")
    assert entry.at == dt.time(4, 30)
    settings.PEERWORK_SCHEDULE = ["purge_expired_jobs=off"]
    assert "purge_expired_jobs" not in {entry.name for entry in schedule()}
