"""Compliance states at their boundaries, with time frozen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import PeerWorkerFactory
from tests.training.factories import RequiredTrainingFactory, TrainingProgrammeFactory, complete
from training.models import ComplianceStatus
from training.selectors import (
    add_months,
    compliance_cells,
    compliance_rate_by_initiative,
    due_on,
)

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 3, 15)


def frozen(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=LONDON), tick=False)


def status_of(peer_worker, programme) -> str:
    [cell] = [
        cell
        for cell in compliance_cells(peer_worker_ids=[peer_worker.pk])
        if cell.programme_id == programme.pk
    ]
    return cell.status


@pytest.fixture
def required(role_a, org_a):
    programme = TrainingProgrammeFactory(organisation=org_a, title="Safeguarding")
    RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=12)
    return programme


@pytest.mark.parametrize(
    ("completed_on", "expected"),
    [
        (dt.date(2025, 3, 14), ComplianceStatus.OVERDUE),  # due yesterday
        (dt.date(2025, 3, 15), ComplianceStatus.DUE_SOON),  # due today
        (dt.date(2025, 4, 14), ComplianceStatus.DUE_SOON),  # due in exactly 30 days
        (dt.date(2025, 4, 15), ComplianceStatus.COMPLIANT),  # due in 31 days
    ],
)
def test_renewal_interval_boundaries(required, role_a, completed_on, expected):
    peer_worker = PeerWorkerFactory(role=role_a)
    complete(peer_worker, required, completed_on)
    with frozen(TODAY):
        assert status_of(peer_worker, required) == expected


def test_no_completion_is_missing(required, role_a):
    peer_worker = PeerWorkerFactory(role=role_a)
    with frozen(TODAY):
        assert status_of(peer_worker, required) == ComplianceStatus.MISSING


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        (dt.date(2026, 3, 14), ComplianceStatus.OVERDUE),
        (dt.date(2026, 3, 15), ComplianceStatus.DUE_SOON),
        (dt.date(2026, 4, 14), ComplianceStatus.DUE_SOON),
        (dt.date(2026, 4, 15), ComplianceStatus.COMPLIANT),
    ],
)
def test_certificate_expiry_boundaries_when_it_comes_before_renewal(
    required, role_a, expires, expected
):
    peer_worker = PeerWorkerFactory(role=role_a)
    complete(peer_worker, required, dt.date(2026, 1, 5), expires=expires)
    with frozen(TODAY):
        assert status_of(peer_worker, required) == expected


def test_without_renewal_or_expiry_a_completion_never_falls_due(role_a, org_a):
    programme = TrainingProgrammeFactory(organisation=org_a)
    RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=None)
    peer_worker = PeerWorkerFactory(role=role_a)
    complete(peer_worker, programme, dt.date(2015, 1, 1))
    with frozen(TODAY):
        assert status_of(peer_worker, programme) == ComplianceStatus.COMPLIANT


def test_the_latest_completion_counts(required, role_a):
    peer_worker = PeerWorkerFactory(role=role_a)
    complete(peer_worker, required, dt.date(2024, 3, 1))
    complete(peer_worker, required, dt.date(2026, 2, 1))
    with frozen(TODAY):
        assert status_of(peer_worker, required) == ComplianceStatus.COMPLIANT


def test_month_end_renewal_clamps_to_the_last_day_of_the_month(role_a, org_a):
    programme = TrainingProgrammeFactory(organisation=org_a)
    RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=1)
    peer_worker = PeerWorkerFactory(role=role_a)
    complete(peer_worker, programme, dt.date(2026, 1, 31))  # due 28 February 2026
    with frozen(dt.date(2026, 2, 28)):
        assert status_of(peer_worker, programme) == ComplianceStatus.DUE_SOON
    with frozen(dt.date(2026, 3, 1)):
        assert status_of(peer_worker, programme) == ComplianceStatus.OVERDUE


def test_database_status_agrees_with_due_dates_across_month_ends(role_a, org_a):
    """Sweep completion dates around month ends for several intervals; the status computed in
    the database must match the one derived from the due date in Python."""
    today = dt.date(2026, 3, 1)
    soon = today + dt.timedelta(days=30)
    expectations = {}
    for months in (1, 6, 12):
        programme = TrainingProgrammeFactory(organisation=org_a, title=f"Every {months}")
        RequiredTrainingFactory(role=role_a, programme=programme, renewal_months=months)
        reference = add_months(today, -months)
        for shift in range(-3, 34, 3):
            completed_on = reference + dt.timedelta(days=shift)
            peer_worker = PeerWorkerFactory(role=role_a, started=dt.date(2020, 1, 1))
            complete(peer_worker, programme, completed_on)
            due = due_on(completed_on, None, months)
            expected = (
                ComplianceStatus.OVERDUE
                if due < today
                else ComplianceStatus.DUE_SOON
                if due <= soon
                else ComplianceStatus.COMPLIANT
            )
            expectations[(peer_worker.pk, programme.pk)] = expected
    with frozen(today):
        cells = compliance_cells()
    got = {
        (cell.peer_worker_id, cell.programme_id): cell.status
        for cell in cells
        if (cell.peer_worker_id, cell.programme_id) in expectations
    }
    assert got == expectations
    assert set(got.values()) == set(ComplianceStatus) - {ComplianceStatus.MISSING}


def test_only_current_peer_workers_are_counted(required, role_a):
    PeerWorkerFactory(role=role_a, started=dt.date(2024, 1, 1), ended=dt.date(2025, 1, 1))
    PeerWorkerFactory(role=role_a, started=dt.date(2026, 6, 1))  # not started yet
    current = PeerWorkerFactory(role=role_a, started=dt.date(2024, 1, 1))
    with frozen(TODAY):
        cells = compliance_cells()
    assert {cell.peer_worker_id for cell in cells} == {current.pk}


def test_rate_by_initiative_counts_each_status(required, role_a, initiative_a):
    for completed_on in (dt.date(2025, 3, 14), dt.date(2025, 3, 15), dt.date(2025, 12, 1)):
        complete(PeerWorkerFactory(role=role_a), required, completed_on)
    PeerWorkerFactory(role=role_a)  # missing
    with frozen(TODAY):
        summary = compliance_rate_by_initiative()[initiative_a.pk]
    assert (
        summary.required,
        summary.compliant,
        summary.due_soon,
        summary.overdue,
        summary.missing,
    ) == (4, 1, 1, 1, 1)
    assert summary.rate == 50.0


def test_rate_by_initiative_takes_two_queries_whatever_the_data(
    required, role_a, django_assert_num_queries
):
    # 1. distinct renewal intervals  2. counts grouped by initiative
    with django_assert_num_queries(2):
        compliance_rate_by_initiative()
    for _n in range(5):
        complete(PeerWorkerFactory(role=role_a), required, dt.date(2025, 6, 1))
    with django_assert_num_queries(2):
        compliance_rate_by_initiative()


def test_next_booked_session_is_shown_for_a_missing_item(required, role_a):
    from tests.training.factories import EnrolmentFactory, SessionFactory

    peer_worker = PeerWorkerFactory(role=role_a)
    EnrolmentFactory(
        session=SessionFactory(programme=required, starts_on=dt.date(2026, 4, 2)),
        peer_worker=peer_worker,
    )
    with frozen(TODAY):
        [cell] = compliance_cells(peer_worker_ids=[peer_worker.pk])
    assert cell.status == ComplianceStatus.MISSING
    assert cell.next_booked == dt.date(2026, 4, 2)
