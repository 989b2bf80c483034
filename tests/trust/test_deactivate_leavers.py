"""Accounts of peer workers who left more than the configured period ago are deactivated."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from cases.models import MembershipRole
from tests.factories import MembershipFactory, PeerWorkerFactory, UserFactory

TODAY = dt.date(2025, 6, 30)


def leaver(role, *, ended, email):
    user = UserFactory(email=email)
    MembershipFactory(user=user, organisation=role.employer, role=MembershipRole.PEER_WORKER)
    PeerWorkerFactory(
        role=role,
        user=user,
        started=dt.date(2023, 1, 1),
        ended=ended,
        leaving_reason="other_job" if ended else "",
    )
    return user


def run(*args) -> str:
    out = StringIO()
    with time_machine.travel(dt.datetime(2025, 6, 30, 12, 0), tick=False):
        call_command("deactivate_leavers", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_only_long_gone_leavers_without_a_current_post_are_deactivated(role_a, settings):
    settings.PEERWORK_LEAVER_DEACTIVATE_DAYS = 90
    gone = leaver(role_a, ended=TODAY - dt.timedelta(days=91), email="gone@example.org")
    recent = leaver(role_a, ended=TODAY - dt.timedelta(days=89), email="recent@example.org")
    current = leaver(role_a, ended=None, email="current@example.org")
    moved_post = leaver(role_a, ended=TODAY - dt.timedelta(days=400), email="moved@example.org")
    PeerWorkerFactory(role=role_a, user=moved_post, started=dt.date(2024, 6, 1))
    promoted = leaver(role_a, ended=TODAY - dt.timedelta(days=400), email="promoted@example.org")
    promoted.memberships.update(role=MembershipRole.SUPERVISOR)

    output = run()

    states = {
        user.email: type(user).objects.get(pk=user.pk).is_active
        for user in (gone, recent, current, moved_post, promoted)
    }
    assert states == {
        "gone@example.org": False,
        "recent@example.org": True,
        "current@example.org": True,
        "moved@example.org": True,
        "promoted@example.org": True,
    }
    assert "1 leaver accounts deactivated" in output
    # Idempotent.
    assert "0 leaver accounts deactivated" in run()


@pytest.mark.django_db
def test_period_is_configurable_and_dry_run_changes_nothing(role_a):
    user = leaver(role_a, ended=TODAY - dt.timedelta(days=20), email="left@example.org")
    output = run("--days", "10", "--dry-run")
    assert "would deactivate" in output
    user.refresh_from_db()
    assert user.is_active
    run("--days", "10")
    user.refresh_from_db()
    assert not user.is_active
