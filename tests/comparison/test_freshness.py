"""Profiles stay fresh: the current quarter follows every write once it commits, a closed
quarter is frozen and changes only through an explicit, logged rebuild."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.core.management import CommandError, call_command

from comparison.models import PracticeProfile
from comparison.services import FrozenQuarterError, profiles_freeze, profiles_rebuild
from tests.comparison.scenes import CURRENT_QUARTER, TODAY, initiative_in, staff, with_role

pytestmark = pytest.mark.django_db

CLOSED_QUARTER = dt.date(2025, 1, 1)


@pytest.fixture
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def initiative(clock, django_capture_on_commit_callbacks):
    # Committed before the test begins, as a separate request would have committed it.
    with django_capture_on_commit_callbacks(execute=True):
        initiative = initiative_in("voluntary", code="P-31", name="Harbour Peers")
        with_role(initiative, workers=3)
    profiles_rebuild(force=True)
    return initiative


def _profile(initiative, quarter):
    return PracticeProfile.objects.get(initiative=initiative, quarter=quarter)


def test_a_write_refreshes_the_current_quarter_once_it_commits(
    initiative, django_capture_on_commit_callbacks
):
    role = initiative.roles.get()
    assert _profile(initiative, CURRENT_QUARTER).headcount == 3

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff(role, 2, started=dt.date(2025, 4, 7))
    # Nothing has changed before the commit ...
    assert _profile(initiative, CURRENT_QUARTER).headcount == 3
    for callback in callbacks:
        callback()
    # ... and afterwards the current quarter counts the two new starters.
    current = _profile(initiative, CURRENT_QUARTER)
    assert (current.headcount, current.starters) == (5, 2)


def test_a_back_dated_write_marks_the_closed_quarter_stale_and_leaves_it_unchanged(
    initiative, django_capture_on_commit_callbacks
):
    role = initiative.roles.get()
    before = _profile(initiative, CLOSED_QUARTER)
    assert before.frozen is not None and not before.is_stale

    with django_capture_on_commit_callbacks(execute=True):
        staff(role, 1, started=dt.date(2025, 2, 3))

    after = _profile(initiative, CLOSED_QUARTER)
    assert after.is_stale
    assert after.headcount == before.headcount
    assert after.computed == before.computed
    # Quarters before the back-dated start are untouched.
    assert not _profile(initiative, dt.date(2024, 10, 1)).is_stale


def test_rebuilding_a_frozen_quarter_is_refused_without_force(initiative):
    with pytest.raises(FrozenQuarterError, match="2025 Q1"):
        profiles_rebuild(quarters=[CLOSED_QUARTER])
    with pytest.raises(CommandError, match="frozen"):
        call_command("profiles_rebuild", "--quarter", "2025-Q1")


def test_a_forced_rebuild_prints_and_logs_what_changed(initiative, caplog, capsys):
    role = initiative.roles.get()
    staff(role, 1, started=dt.date(2025, 2, 3))  # back-dated: the frozen Q1 says 3
    assert _profile(initiative, CLOSED_QUARTER).headcount == 3

    with caplog.at_level(logging.INFO, logger="peerwork.comparison"):
        call_command("profiles_rebuild", "--quarter", "2025-Q1", "--force")

    printed = capsys.readouterr().out
    assert "changed: P-31 2025 Q1 headcount: 3 → 4" in printed
    assert "P-31 2025 Q1 headcount: 3 → 4" in caplog.text
    rebuilt = _profile(initiative, CLOSED_QUARTER)
    assert (rebuilt.headcount, rebuilt.is_stale) == (4, False)
    assert rebuilt.frozen is not None


def test_a_rebuild_of_an_unknown_quarter_or_initiative_says_so(initiative):
    with pytest.raises(CommandError, match="not a quarter"):
        call_command("profiles_rebuild", "--quarter", "2025-5")
    with pytest.raises(CommandError, match="P-99"):
        call_command("profiles_rebuild", "--initiative", "P-99", "--force")


def test_freezing_closes_quarters_as_time_passes_and_publishes_the_closed_year(clock):
    initiative = initiative_in("statutory", code="P-32", name="Quayside Peers")
    with_role(initiative, workers=2)
    profiles_rebuild()
    assert _profile(initiative, CURRENT_QUARTER).frozen is None

    clock.move_to(dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC))
    report = profiles_freeze()

    assert report.quarters == 3  # 2025 Q2, Q3 and Q4 were open or missing
    closed = PracticeProfile.objects.filter(initiative=initiative, quarter__year=2025)
    assert closed.count() == 4
    assert all(profile.frozen is not None for profile in closed)
    assert 2025 in report.years
    # Running it again the same day does nothing.
    again = profiles_freeze()
    assert (again.quarters, again.years) == (0, [])


def test_a_rolled_back_write_refreshes_nothing(initiative, django_capture_on_commit_callbacks):
    from django.db import transaction

    role = initiative.roles.get()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        staff(role, 1, started=dt.date(2025, 2, 3))
        raise RuntimeError("the request failed")
    assert callbacks == []
    assert not _profile(initiative, CLOSED_QUARTER).is_stale


def test_only_a_signed_session_refreshes_who_is_on_time(
    initiative, django_capture_on_commit_callbacks
):
    from supervision.models import SessionStatus
    from tests.supervision.factories import ArrangementFactory, SessionFactory

    worker = initiative.roles.get().peer_workers.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        arrangement = ArrangementFactory(
            peer_worker=worker, started=dt.date(2025, 1, 6), frequency_days=28
        )
    assert _profile(initiative, CURRENT_QUARTER).supervision_on_time == 0

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session = SessionFactory(arrangement=arrangement, held_on=dt.date(2025, 5, 1))
        session.status = SessionStatus.SUBMITTED
        session.author_signed_at = dt.datetime(2025, 5, 2, 9, 0, tzinfo=dt.UTC)
        session.save()
    assert callbacks == []  # drafts and submissions change nothing a profile reads

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session.status = SessionStatus.SIGNED
        session.counterpart_signed_at = dt.datetime(2025, 5, 3, 9, 0, tzinfo=dt.UTC)
        session.save()
    assert len(callbacks) == 1
    current = _profile(initiative, CURRENT_QUARTER)
    assert (current.supervision_on_time, current.supervision_people) == (1, 1)
