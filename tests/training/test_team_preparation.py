"""Team preparation per host team, and whether it came before the first peer worker."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import InitiativeFactory, PeerWorkerFactory, PeerWorkerRoleFactory, TeamFactory
from tests.training.factories import (
    ColleagueFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingProgrammeFactory,
)
from training.models import Attendance, Audience, Category
from training.selectors import team_preparation_by_initiative


@pytest.fixture
def hosted_role(role_a, team_a):
    role_a.host_team = team_a
    role_a.save()
    return role_a


def prepare(programme, team, name, on, *, completed=True):
    session = SessionFactory(programme=programme, starts_on=on)
    return EnrolmentFactory(
        session=session,
        colleague=ColleagueFactory(team=team, full_name=name),
        attendance=Attendance.ATTENDED if completed else Attendance.ABSENT,
        completed_on=on if completed else None,
    )


def test_team_prepared_before_its_first_peer_worker_started(
    hosted_role, team_a, team_programme_a, initiative_a
):
    PeerWorkerFactory(role=hosted_role, started=dt.date(2025, 3, 1))
    PeerWorkerFactory(role=hosted_role, started=dt.date(2025, 6, 1))
    prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 2, 10))
    prepare(team_programme_a, team_a, "Bob Ward", dt.date(2025, 4, 10))  # after the start

    [team] = team_preparation_by_initiative()[initiative_a.pk].teams

    assert team.team_name == "Alder Ward"
    assert team.colleagues_completed == 2
    assert team.colleagues_completed_before_start == 1
    assert team.first_completed == dt.date(2025, 2, 10)
    assert team.first_peer_worker_started == dt.date(2025, 3, 1)
    assert team.prepared_before_start is True


def test_completing_on_the_start_day_counts_as_before(
    hosted_role, team_a, team_programme_a, initiative_a
):
    PeerWorkerFactory(role=hosted_role, started=dt.date(2025, 3, 1))
    prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 3, 1))
    [team] = team_preparation_by_initiative()[initiative_a.pk].teams
    assert team.prepared_before_start is True


def test_team_prepared_only_after_the_start_is_not_prepared_before(
    hosted_role, team_a, team_programme_a, initiative_a
):
    PeerWorkerFactory(role=hosted_role, started=dt.date(2025, 3, 1))
    prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 3, 2))
    summary = team_preparation_by_initiative()[initiative_a.pk]
    [team] = summary.teams
    assert team.is_prepared is True
    assert team.prepared_before_start is False
    assert (summary.host_teams, summary.teams_prepared, summary.teams_prepared_before_start) == (
        1,
        1,
        0,
    )


def test_absent_colleagues_and_other_programmes_do_not_count(
    hosted_role, team_a, team_programme_a, initiative_a, org_a
):
    PeerWorkerFactory(role=hosted_role, started=dt.date(2025, 3, 1))
    prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 2, 1), completed=False)
    peer_course = TrainingProgrammeFactory(
        organisation=org_a, audience=Audience.PEER_WORKERS, category=Category.PEER_SPECIFIC
    )
    prepare(peer_course, team_a, "Bob Ward", dt.date(2025, 2, 1))
    [team] = team_preparation_by_initiative()[initiative_a.pk].teams
    assert team.colleagues_completed == 0
    assert team.prepared_before_start is False


def test_a_colleague_completing_twice_counts_once(
    hosted_role, team_a, team_programme_a, initiative_a
):
    PeerWorkerFactory(role=hosted_role, started=dt.date(2025, 3, 1))
    first = prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 2, 1))
    again = SessionFactory(programme=team_programme_a, starts_on=dt.date(2025, 5, 1))
    EnrolmentFactory(
        session=again,
        colleague=first.colleague,
        attendance=Attendance.ATTENDED,
        completed_on=dt.date(2025, 5, 1),
    )
    [team] = team_preparation_by_initiative()[initiative_a.pk].teams
    assert team.colleagues_completed == 1


def test_team_without_peer_workers_yet_has_no_verdict(
    hosted_role, team_a, team_programme_a, initiative_a
):
    prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 2, 1))
    [team] = team_preparation_by_initiative()[initiative_a.pk].teams
    assert team.first_peer_worker_started is None
    assert team.prepared_before_start is None


def test_one_query_for_every_initiative(
    hosted_role, team_a, team_programme_a, initiative_a, org_a, django_assert_num_queries
):
    PeerWorkerFactory(role=hosted_role, started=dt.date(2025, 3, 1))
    prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 2, 1))
    with django_assert_num_queries(1):
        small = team_preparation_by_initiative()
    for number in range(4):
        initiative = InitiativeFactory(partners=[(org_a, "lead")])
        team = TeamFactory(organisation=org_a)
        role = PeerWorkerRoleFactory(initiative=initiative, employer=org_a, host_team=team)
        PeerWorkerFactory(role=role, started=dt.date(2025, 3, 1))
        prepare(team_programme_a, team, f"Colleague {number}", dt.date(2025, 4, 1))
    with django_assert_num_queries(1):
        larger = team_preparation_by_initiative()
    assert len(small) == 1
    assert len(larger) == 5


def test_a_new_initiative_is_judged_by_its_own_first_start_in_the_team(
    hosted_role, team_a, team_programme_a, org_a
):
    # The team hosted a peer worker of an earlier initiative since 2023.
    PeerWorkerFactory(role=hosted_role, started=dt.date(2023, 1, 9))
    later = InitiativeFactory(partners=[(org_a, "lead"), (org_a, "employer")])
    new_role = PeerWorkerRoleFactory(initiative=later, employer=org_a, host_team=team_a)
    prepare(team_programme_a, team_a, "Ann Ward", dt.date(2025, 2, 1))
    prepare(team_programme_a, team_a, "Bob Ward", dt.date(2025, 2, 1))

    [team] = team_preparation_by_initiative([later.pk])[later.pk].teams
    assert team.first_peer_worker_started is None  # nobody of *this* initiative yet
    assert team.is_prepared is True

    PeerWorkerFactory(role=new_role, started=dt.date(2025, 3, 1))
    summary = team_preparation_by_initiative([later.pk])[later.pk]
    assert summary.teams[0].first_peer_worker_started == dt.date(2025, 3, 1)
    assert (summary.teams_prepared, summary.teams_prepared_before_start) == (1, 1)
