"""The training_reminders command: per manager, grouped by initiative, once a day."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from cases.models import MembershipRole, PartnerPart
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
    UserFactory,
)
from tests.training.factories import RequiredTrainingFactory, TrainingProgrammeFactory, complete
from training.models import ReminderLog

LONDON = ZoneInfo("Europe/London")


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(7), tzinfo=LONDON), tick=False)


@pytest.fixture
def due_items(org_a, role_a, initiative_a, manager_a, manager_b):
    programme = TrainingProgrammeFactory(organisation=org_a, title="Safeguarding")
    RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=12)
    overdue = PeerWorkerFactory(role=role_a, full_name="Olly Overdue")
    complete(overdue, programme, dt.date(2025, 1, 1))
    due_soon = PeerWorkerFactory(role=role_a, full_name="Dana Duesoon")
    complete(due_soon, programme, dt.date(2025, 3, 20))
    fine = PeerWorkerFactory(role=role_a, full_name="Fran Fine")
    complete(fine, programme, dt.date(2026, 1, 1))
    second = InitiativeFactory(
        name="Alderbank community peers", partners=[(org_a, PartnerPart.LEAD)]
    )
    second_role = PeerWorkerRoleFactory(initiative=second, employer=org_a)
    RequiredTrainingFactory(role=second_role, programme=programme, renewal_months=None)
    PeerWorkerFactory(role=second_role, full_name="Mo Missing")
    return programme


def run() -> str:
    out = StringIO()
    call_command("training_reminders", stdout=out)
    return out.getvalue()


def test_each_manager_gets_what_is_due_or_overdue_grouped_by_initiative(due_items, manager_a):
    with at(dt.date(2026, 3, 15)):
        output = run()
    assert "sent: 1" in output
    [email] = mail.outbox
    assert email.to == [manager_a.email]
    assert "Alderbank ward peers (P-01)" in email.body
    assert "Olly Overdue: Safeguarding — Overdue" in email.body
    assert "Dana Duesoon: Safeguarding — Due within 30 days" in email.body
    assert "Fran Fine" not in email.body
    # Missing training is not "due or overdue", so the second initiative has nothing to say.
    assert "Mo Missing" not in email.body
    assert "community peers" not in email.body


def test_managers_of_other_organisations_get_nothing_about_a(due_items, manager_b):
    with at(dt.date(2026, 3, 15)):
        run()
    assert all(manager_b.email not in email.to for email in mail.outbox)


def test_running_twice_on_the_same_day_sends_nothing_new(due_items, manager_a):
    with at(dt.date(2026, 3, 15)):
        run()
        output = run()
    assert "sent: 0" in output
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.filter(recipient=manager_a, day=dt.date(2026, 3, 15)).count() == 1


def test_the_next_day_sends_again(due_items):
    with at(dt.date(2026, 3, 15)):
        run()
    with at(dt.date(2026, 3, 16)):
        run()
    assert len(mail.outbox) == 2


def test_every_manager_of_a_partner_organisation_is_told(due_items, org_a):
    other = UserFactory(email="second.manager@example.org")
    MembershipFactory(user=other, organisation=org_a, role=MembershipRole.SERVICE_MANAGER)
    supervisor = UserFactory(email="not.a.manager@example.org")
    MembershipFactory(user=supervisor, organisation=org_a, role=MembershipRole.SUPERVISOR)
    with at(dt.date(2026, 3, 15)):
        run()
    assert sorted(email.to[0] for email in mail.outbox) == [
        "manager.a@example.org",
        "second.manager@example.org",
    ]


def test_nothing_due_sends_nothing(org_a, role_a, manager_a):
    programme = TrainingProgrammeFactory(organisation=org_a)
    RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=12)
    complete(PeerWorkerFactory(role=role_a), programme, dt.date(2026, 1, 1))
    with at(dt.date(2026, 3, 15)):
        output = run()
    assert "sent: 0" in output
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
