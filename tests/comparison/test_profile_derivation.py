"""Each fact of a practice profile, derived from small datasets whose answers are known."""

import datetime as dt
from decimal import Decimal

import pytest

from cases.models import Contract, Employment, PayBand, RoleTerms
from comparison.models import PracticeDeclaration
from comparison.profiles import derive
from recruitment.models import Perspective, Route
from supervision.models import SessionStatus, SupervisionType
from tests.factories import InitiativeFactory, PeerWorkerFactory, PeerWorkerRoleFactory, TeamFactory
from tests.recruitment.factories import (
    ApplicationFactory,
    CampaignFactory,
    InterviewFactory,
    PanelMemberFactory,
)
from tests.supervision.factories import ArrangementFactory
from tests.supervision.factories import SessionFactory as SupervisionSessionFactory
from tests.training.factories import (
    ColleagueFactory,
    EnrolmentFactory,
    RequiredTrainingFactory,
    SessionFactory,
    TrainingProgrammeFactory,
    complete,
)
from training.models import Attendance, Audience, Category, LivedExperienceDelivery

pytestmark = pytest.mark.django_db

Q1_2020 = dt.date(2020, 1, 1)
END_Q1_2020 = dt.date(2020, 3, 31)


def profile(initiative, quarter=Q1_2020, as_of=END_Q1_2020):
    return derive(quarter=quarter, as_of=as_of, initiative_ids=[initiative.pk])[initiative.pk]


def terms(role, effective_from, **values):
    defaults = {
        "employment": Employment.PAID,
        "pay_band": PayBand.BAND_3,
        "contract": Contract.PERMANENT,
        "hours_per_week": Decimal("37.5"),
    }
    return RoleTerms.objects.create(
        role=role, effective_from=effective_from, **{**defaults, **values}
    )


@pytest.fixture
def initiative():
    return InitiativeFactory(started=dt.date(2019, 1, 1))


# --- Terms ---------------------------------------------------------------------------------


def test_terms_changing_mid_quarter_are_the_terms_in_force_at_its_end(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative, title="Peer supporter")
    terms(
        role,
        dt.date(2019, 3, 1),
        employment=Employment.VOLUNTEER,
        pay_band=PayBand.NONE,
        contract=Contract.VOLUNTEER,
        hours_per_week=Decimal("6"),
    )
    terms(role, dt.date(2020, 2, 15), hours_per_week=Decimal("22.5"))

    values = profile(initiative)

    assert (values["employs_paid"], values["employs_volunteer"]) == (True, False)
    assert values["part_time"] is True
    assert values["terms_changed"] is True
    assert [(v["from"], v["employment"]) for v in values["roles"][0]["history"]] == [
        ("2019-03-01", "volunteer"),
        ("2020-02-15", "paid"),
    ]


def test_before_the_change_the_earlier_terms_are_in_force(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    terms(
        role,
        dt.date(2019, 3, 1),
        employment=Employment.VOLUNTEER,
        pay_band=PayBand.NONE,
        contract=Contract.VOLUNTEER,
    )
    terms(role, dt.date(2020, 2, 15))

    values = profile(initiative, dt.date(2019, 10, 1), dt.date(2019, 12, 31))

    assert (values["employs_paid"], values["employs_volunteer"]) == (False, True)
    assert values["terms_changed"] is False


def test_a_role_whose_terms_start_later_is_not_yet_in_force(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    terms(role, dt.date(2020, 6, 1))

    values = profile(initiative)

    assert values["roles"] == []
    assert values["employs_paid"] is None and values["part_time"] is None


def test_hours_not_stated_make_part_time_not_known_and_leave_people_out_of_the_wte(initiative):
    stated = PeerWorkerRoleFactory(initiative=initiative, hours_per_week=Decimal("37.5"))
    unstated = PeerWorkerRoleFactory(initiative=initiative, hours_per_week=None)
    PeerWorkerFactory(role=stated, started=dt.date(2019, 5, 1))
    PeerWorkerFactory(role=unstated, started=dt.date(2019, 5, 1))
    PeerWorkerFactory(role=unstated, started=dt.date(2019, 5, 1))

    values = profile(initiative)

    assert values["part_time"] is None
    assert values["headcount"] == 3
    assert values["wte"] == Decimal("1.00")
    assert values["wte_not_stated"] == 2


def test_part_time_is_false_only_when_every_role_states_full_time_hours(initiative):
    PeerWorkerRoleFactory(initiative=initiative, hours_per_week=Decimal("37.5"))

    assert profile(initiative)["part_time"] is False


def test_peer_line_manager_not_known_differs_from_no(initiative):
    PeerWorkerRoleFactory(initiative=initiative, has_peer_line_manager=None)
    assert profile(initiative)["peer_line_manager"] is None

    PeerWorkerRoleFactory(initiative=initiative, has_peer_line_manager=True)
    assert profile(initiative)["peer_line_manager"] is True


# --- Declared facts ------------------------------------------------------------------------


def test_informal_support_declared_is_in_the_profile(initiative):
    PracticeDeclaration.objects.create(
        initiative=initiative,
        ongoing_support=["informal_one_to_one"],
        aims=["recovery", "inclusion"],
        role_modes={"group-facilitation": "co_facilitates"},
    )

    values = profile(initiative)

    assert values["ongoing_support"] == {"informal_one_to_one": True}
    assert values["aims"] == {"recovery": True, "inclusion": True}
    assert values["role_modes"] == {"group-facilitation": "co_facilitates"}


def test_not_known_none_and_undeclared_are_three_different_things(initiative):
    assert profile(initiative)["ongoing_support"] is None  # nothing declared
    PracticeDeclaration.objects.create(initiative=initiative, ongoing_support=[])
    assert profile(initiative)["ongoing_support"] == {}  # none of these
    PracticeDeclaration.objects.filter(initiative=initiative).update(ongoing_support=None)
    assert profile(initiative)["ongoing_support"] is None  # not known


# --- Recruitment ---------------------------------------------------------------------------


def test_recruitment_routes_and_peer_on_the_panel(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    advert = CampaignFactory(role=role, route=Route.OPEN_ADVERT, opened=dt.date(2019, 4, 1))
    CampaignFactory(role=role, route=Route.INFORMAL, opened=dt.date(2019, 9, 1))
    CampaignFactory(role=role, route=Route.TARGETED, opened=dt.date(2020, 6, 1))  # after
    interview = InterviewFactory(application=ApplicationFactory(campaign=advert))
    PanelMemberFactory(interview=interview, perspective=Perspective.SERVICE_USER)

    values = profile(initiative)

    assert values["recruitment_routes"] == {"open_advert": True, "informal": True}
    assert values["campaigns"] == 2
    assert values["peer_on_panel"] is True
    assert (values["campaigns_interviewed"], values["campaigns_peer_panel"]) == (1, 1)


def test_without_interviews_peer_on_panel_is_no_data_and_without_campaigns_routes_are(initiative):
    values = profile(initiative)
    assert values["recruitment_routes"] is None and values["peer_on_panel"] is None

    CampaignFactory(role=PeerWorkerRoleFactory(initiative=initiative), opened=dt.date(2019, 4, 1))
    values = profile(initiative)
    assert values["recruitment_routes"] == {"open_advert": True}
    assert values["peer_on_panel"] is None


def test_a_declaration_that_contradicts_the_campaigns_is_a_conflict(initiative):
    CampaignFactory(
        role=PeerWorkerRoleFactory(initiative=initiative),
        route=Route.OPEN_ADVERT,
        opened=dt.date(2019, 4, 1),
    )
    PracticeDeclaration.objects.create(initiative=initiative, informal_recruitment=["group_member"])

    values = profile(initiative)

    assert values["conflicts"] == [
        {"fact": "recruitment", "records": "open_advert", "declared": ["group_member"]}
    ]
    assert values["recruitment_routes"] == {"open_advert": True}
    assert values["informal_recruitment"] == {"group_member": True}


# --- Training ------------------------------------------------------------------------------


def test_the_initial_peer_specific_course_describes_the_training(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    worker = PeerWorkerFactory(role=role, started=dt.date(2019, 5, 1))
    course = TrainingProgrammeFactory(
        session_count=12,
        total_hours=Decimal("36.0"),
        is_accredited=True,
        accredited_by="Open College Network",
        lived_experience_delivery=LivedExperienceDelivery.CO_DELIVERED,
    )
    later = TrainingProgrammeFactory(session_count=2, total_hours=Decimal("6.0"))
    complete(worker, course, dt.date(2019, 6, 1))
    complete(worker, later, dt.date(2019, 11, 1))

    values = profile(initiative)

    assert values["peer_training"] is True and values["induction_only"] is False
    assert (values["training_sessions"], values["training_hours"]) == (12, Decimal("36.0"))
    assert values["training_accredited"] is True and values["training_co_delivered"] is True


def test_a_brief_induction_only(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    worker = PeerWorkerFactory(role=role, started=dt.date(2019, 5, 1))
    induction = TrainingProgrammeFactory(
        is_induction=True, category=Category.OTHER, session_count=1
    )
    complete(worker, induction, dt.date(2019, 5, 2))

    values = profile(initiative)

    assert values["peer_training"] is False and values["induction_only"] is True
    assert values["training_sessions"] == 1


def test_required_peer_training_counts_before_anyone_attends(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    RequiredTrainingFactory(role=role, programme=TrainingProgrammeFactory(session_count=8))

    values = profile(initiative)

    assert values["peer_training"] is True and values["training_sessions"] == 8


def test_training_on_record_but_none_peer_specific_is_none_and_nothing_is_no_data(initiative):
    assert profile(initiative)["peer_training"] is None
    role = PeerWorkerRoleFactory(initiative=initiative)
    RequiredTrainingFactory(
        role=role, programme=TrainingProgrammeFactory(category=Category.GENERIC_MANDATORY)
    )
    values = profile(initiative)
    assert values["peer_training"] is False and values["induction_only"] is False


def test_training_completion_counts_completions_by_the_day(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    programme = TrainingProgrammeFactory()
    RequiredTrainingFactory(role=role, programme=programme)
    early = PeerWorkerFactory(role=role, started=dt.date(2019, 5, 1))
    late = PeerWorkerFactory(role=role, started=dt.date(2019, 5, 1))
    complete(early, programme, dt.date(2019, 7, 1))
    complete(late, programme, dt.date(2020, 5, 1))  # after the quarter

    values = profile(initiative)

    assert (values["training_completed"], values["training_required"]) == (1, 2)


def test_team_prepared_before_the_first_start(initiative):
    team = TeamFactory(organisation=initiative.partners.first().organisation)
    role = PeerWorkerRoleFactory(initiative=initiative, host_team=team)
    preparation = TrainingProgrammeFactory(audience=Audience.TEAM_COLLEAGUES)
    session = SessionFactory(programme=preparation, starts_on=dt.date(2019, 4, 1))
    EnrolmentFactory(
        session=session,
        colleague=ColleagueFactory(team=team),
        attendance=Attendance.ATTENDED,
        completed_on=dt.date(2019, 4, 1),
    )
    assert profile(initiative)["not_applicable"] == {"team_prepared": True}  # nobody started yet
    PeerWorkerFactory(role=role, started=dt.date(2019, 5, 1))

    values = profile(initiative)

    assert values["team_prepared"] is True and values["not_applicable"] == {}


# --- Supervision ---------------------------------------------------------------------------


def test_formal_supervision_types_frequency_and_who_is_on_time(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    on_time = PeerWorkerFactory(role=role, started=dt.date(2019, 5, 1))
    overdue = PeerWorkerFactory(role=role, started=dt.date(2019, 5, 1))
    current = ArrangementFactory(
        peer_worker=on_time,
        supervision_type=SupervisionType.PEER,
        frequency_days=28,
        started=dt.date(2019, 5, 1),
        supervisor_has_lived_experience=True,
    )
    SupervisionSessionFactory(
        arrangement=current, held_on=dt.date(2020, 3, 20), status=SessionStatus.SIGNED
    )
    lapsed = ArrangementFactory(
        peer_worker=overdue,
        supervision_type=SupervisionType.MANAGERIAL,
        frequency_days=56,
        started=dt.date(2019, 5, 1),
    )
    SupervisionSessionFactory(
        arrangement=lapsed, held_on=dt.date(2019, 12, 1), status=SessionStatus.SIGNED
    )
    SupervisionSessionFactory(
        arrangement=lapsed, held_on=dt.date(2020, 3, 25), status=SessionStatus.DRAFT
    )  # not signed: does not count

    values = profile(initiative)

    assert values["formal_supervision"] is True
    assert values["supervision_types"] == {"peer": True, "managerial": True}
    assert values["supervision_frequency_days"] == 42  # median of 28 and 56
    assert values["supervisor_lived_experience"] is True
    assert (values["supervision_on_time"], values["supervision_people"]) == (1, 2)


def test_informal_support_only(initiative):
    PeerWorkerFactory(
        role=PeerWorkerRoleFactory(initiative=initiative), started=dt.date(2019, 5, 1)
    )
    PracticeDeclaration.objects.create(
        initiative=initiative, formal_supervision="no", ongoing_support=["informal_one_to_one"]
    )

    values = profile(initiative)

    assert values["formal_supervision"] is False and values["supervision_types"] == {}
    assert values["ongoing_support"] == {"informal_one_to_one": True}
    assert values["conflicts"] == []


def test_declaring_no_formal_supervision_beside_arrangements_is_a_conflict(initiative):
    worker = PeerWorkerFactory(
        role=PeerWorkerRoleFactory(initiative=initiative), started=dt.date(2019, 5, 1)
    )
    ArrangementFactory(peer_worker=worker, started=dt.date(2019, 5, 1))
    PracticeDeclaration.objects.create(initiative=initiative, formal_supervision="no")

    values = profile(initiative)

    assert values["formal_supervision"] is True
    assert values["conflicts"] == [{"fact": "formal_supervision", "records": 1, "declared": "no"}]


# --- People --------------------------------------------------------------------------------


def test_headcount_starters_leavers_and_retention_cohorts(initiative):
    role = PeerWorkerRoleFactory(initiative=initiative)
    # Started in Q1 2019: their 12-month point falls in Q1 2020.
    PeerWorkerFactory(role=role, started=dt.date(2019, 1, 15))  # still in post
    PeerWorkerFactory(role=role, started=dt.date(2019, 2, 1), ended=dt.date(2019, 12, 31))  # left
    # Started in Q3 2019: 6-month point in Q1 2020.
    PeerWorkerFactory(
        role=role, started=dt.date(2019, 8, 1), ended=dt.date(2020, 2, 1)
    )  # stayed 6m
    PeerWorkerFactory(
        role=role, started=dt.date(2019, 9, 30), ended=dt.date(2020, 3, 29)
    )  # left a day early
    # A starter and a leaver in Q1 2020.
    PeerWorkerFactory(role=role, started=dt.date(2020, 2, 3))

    values = profile(initiative)

    assert values["headcount"] == 2  # the Jan 2019 and Feb 2020 starters
    assert values["starters"] == 1
    assert values["leavers"] == 2
    assert (values["retained_12"], values["cohort_12"]) == (1, 2)
    assert (values["retained_6"], values["cohort_6"]) == (1, 2)
    assert values["workers_recorded"] == 5
