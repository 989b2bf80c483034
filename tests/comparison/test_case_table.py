"""The case table reproduces a published cross-case table of three sites, entered as a
service manager would enter them; the expected rows are written out in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from cases import services as case_services
from cases.models import Contract, Employment, PartnerPart, PayBand, RoleFunction, Sector
from comparison import selectors
from comparison.models import PracticeDeclaration
from comparison.services import profiles_rebuild
from recruitment.models import Perspective, Route
from supervision.models import SupervisionType
from tests.factories import InitiativeFactory, OrganisationFactory, PeerWorkerFactory, TeamFactory
from tests.recruitment.factories import (
    ApplicationFactory,
    CampaignFactory,
    InterviewFactory,
    PanelMemberFactory,
)
from tests.supervision.factories import ArrangementFactory
from tests.training.factories import (
    ColleagueFactory,
    EnrolmentFactory,
    SessionFactory,
    TrainingProgrammeFactory,
    complete,
)
from training.models import Attendance, Audience, Category, LivedExperienceDelivery

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2020, 5, 1, 12, 0)


@pytest.fixture
def sites():
    with time_machine.travel(NOW, tick=False):
        charity = OrganisationFactory(name="Hillside Voices", sector=Sector.VOLUNTARY)
        trust = OrganisationFactory(name="Riverside NHS Trust", sector=Sector.STATUTORY)
        college = OrganisationFactory(name="Bridge Recovery College", sector=Sector.VOLUNTARY)

        # Site A: a user-led group's peer supporters, volunteers at first, later paid.
        a = InitiativeFactory(
            research_code="P-21",
            started=dt.date(2019, 3, 1),
            partners=[(charity, PartnerPart.LEAD)],
        )
        role_a = case_services.role_save(
            role=_unsaved(
                a,
                charity,
                "Peer supporter",
                employment=Employment.VOLUNTEER,
                pay_band=PayBand.NONE,
                contract=Contract.VOLUNTEER,
                hours_per_week=Decimal("6"),
                has_peer_line_manager=True,
            ),
            functions=RoleFunction.objects.filter(slug="groups"),
            terms_from=dt.date(2019, 3, 1),
        )
        _change_terms(
            role_a,
            dt.date(2020, 1, 6),
            employment=Employment.PAID,
            pay_band=PayBand.BAND_3,
            contract=Contract.PERMANENT,
            hours_per_week=Decimal("18.75"),
        )
        course = TrainingProgrammeFactory(
            organisation=charity,
            title="Peer support course",
            session_count=12,
            total_hours=Decimal("36"),
            lived_experience_delivery=LivedExperienceDelivery.CO_DELIVERED,
        )
        worker = PeerWorkerFactory(role=role_a, started=dt.date(2019, 3, 1))
        complete(worker, course, dt.date(2019, 5, 1))
        PracticeDeclaration.objects.create(
            initiative=a,
            aims=["empowerment", "coping"],
            role_modes={"groups": "leads"},
            informal_recruitment=["group_member"],
            ongoing_support=["informal_one_to_one"],
            formal_supervision="no",
        )

        # Site B: an NHS trust's ward peer workers.
        b = InitiativeFactory(
            research_code="P-22", started=dt.date(2018, 9, 1), partners=[(trust, PartnerPart.LEAD)]
        )
        team = TeamFactory(organisation=trust, name="Ward 4")
        role_b = case_services.role_save(
            role=_unsaved(
                b,
                trust,
                "Peer support worker",
                employment=Employment.PAID,
                pay_band=PayBand.BAND_4,
                contract=Contract.PERMANENT,
                hours_per_week=Decimal("37.5"),
                has_peer_line_manager=False,
                host_team=team,
            ),
            functions=RoleFunction.objects.filter(slug="one-to-one"),
            terms_from=dt.date(2018, 9, 1),
        )
        campaign = CampaignFactory(role=role_b, route=Route.OPEN_ADVERT, opened=dt.date(2018, 9, 3))
        interview = InterviewFactory(
            application=ApplicationFactory(campaign=campaign), held_on=dt.date(2018, 10, 1)
        )
        PanelMemberFactory(interview=interview, perspective=Perspective.PEER_WORKER)
        induction = TrainingProgrammeFactory(
            organisation=trust,
            title="Peer worker induction",
            is_induction=True,
            category=Category.OTHER,
            session_count=1,
            total_hours=Decimal("3"),
        )
        preparation = TrainingProgrammeFactory(
            organisation=trust,
            title="Working with peer workers",
            audience=Audience.TEAM_COLLEAGUES,
        )
        EnrolmentFactory(
            session=SessionFactory(programme=preparation, starts_on=dt.date(2018, 10, 15)),
            colleague=ColleagueFactory(team=team),
            attendance=Attendance.ATTENDED,
            completed_on=dt.date(2018, 10, 15),
        )
        worker_b = PeerWorkerFactory(role=role_b, started=dt.date(2018, 11, 5))
        complete(worker_b, induction, dt.date(2018, 11, 5))
        ArrangementFactory(
            peer_worker=worker_b,
            supervision_type=SupervisionType.MANAGERIAL,
            frequency_days=28,
            started=dt.date(2018, 11, 5),
        )
        PracticeDeclaration.objects.create(
            initiative=b,
            aims=["recovery", "admissions"],
            role_modes={"one-to-one": "one_to_one"},
            ongoing_support=["reflective_group"],
            team_preparation="training",
        )

        # Site C: a partnership's recovery college tutors, little on record.
        c = InitiativeFactory(
            research_code="P-23",
            started=dt.date(2019, 9, 1),
            partners=[(trust, PartnerPart.HOST), (college, PartnerPart.EMPLOYER)],
        )
        case_services.role_save(
            role=_unsaved(
                c,
                college,
                "Peer trainer",
                employment=Employment.SESSIONAL,
                pay_band=PayBand.OTHER,
                pay_grade_other="College sessional rate",
                contract=Contract.NOT_STATED,
                hours_per_week=None,
                has_peer_line_manager=None,
            ),
            functions=RoleFunction.objects.filter(slug="training"),
            terms_from=dt.date(2019, 9, 1),
        )
        PracticeDeclaration.objects.create(
            initiative=c,
            role_modes={"training": "co_facilitates"},
            informal_recruitment=["course_completer"],
            team_preparation="none",
        )
        profiles_rebuild(force=True)
    return a, b, c


def _unsaved(initiative, employer, title, **fields):
    from cases.models import PeerWorkerRole

    fields.setdefault("lived_experience_criterion", "essential")
    return PeerWorkerRole(initiative=initiative, employer=employer, title=title, **fields)


def _change_terms(role, effective_from, **terms):
    for name, value in terms.items():
        setattr(role, name, value)
    role.refresh_from_db(fields=["version"])
    case_services.role_save(
        role=role,
        functions=role.functions.all(),
        expected_version=role.version,
        terms_from=effective_from,
    )


EXPECTED = {
    "P-21": [
        "Peer supporter: Group facilitation (leads)",
        "Empowerment; Coping strategies",
        "A group member was invited; lived experience essential",
        "Volunteer (part-time, 6 h a week) from Mar 2019, then paid (AfC band 3, part-time, "
        "18.75 h a week, permanent) from Jan 2020",
        "Peer-specific course: 12 sessions, 36 hours, co-delivered by peers",
        "No formal supervision; Informal one-to-one support as needed",
        "Peer line manager",
        "Not known",
    ],
    "P-22": [
        "Peer support worker: One-to-one support (one-to-one)",
        "Personal recovery and self-care; Reducing admissions",
        "Campaigns: open advert; lived experience essential; peer on the panel in 1 of 1 "
        "interviewed campaigns",
        "Paid (AfC band 4, full-time, 37.5 h a week, permanent)",
        "Brief induction only (1 session, 3 hours)",
        "Formal supervision: managerial / line, every 28 days; Reflective practice group",
        "Line manager not in a peer role",
        "Team training before peer workers started; teams trained before the first peer "
        "worker started",
    ],
    "P-23": [
        "Peer trainer: Training / education (co-facilitates)",
        "Not known",
        "Completers of a course were invited; lived experience essential",
        "Sessional (College sessional rate, hours not stated)",
        "Not known",
        "Not known",
        "Not known",
        "No preparation",
    ],
}


def test_the_case_table_reproduces_the_three_sites_in_words(sites, researcher):
    selection = selectors.Selection(first=dt.date(2020, 1, 1), last=dt.date(2020, 1, 1))
    with time_machine.travel(NOW, tick=False):
        table = selectors.case_table(selection, researcher)

    rows = {row.research_code: [words.text for _label, words in row.words] for row in table.rows}
    assert table.headings == [
        "Peer worker role",
        "Aim of the service",
        "Recruitment",
        "Terms and conditions",
        "Training",
        "Ongoing support",
        "Line management",
        "Team preparation",
    ]
    assert rows == EXPECTED


def test_not_known_and_none_are_told_apart_in_the_case_table(sites, researcher):
    selection = selectors.Selection(first=dt.date(2020, 1, 1), last=dt.date(2020, 1, 1))
    with time_machine.travel(NOW, tick=False):
        table = selectors.case_table(selection, researcher)
    states = {
        row.research_code: [str(words.state) for _l, words in row.words] for row in table.rows
    }

    assert states["P-23"][1] == "no_data"  # aims not known
    assert states["P-23"][7] == "none"  # no team preparation, declared
    assert states["P-21"][5] == "value"  # informal support only


def test_the_by_initiative_view_names_each_sites_declared_and_derived_options(sites, researcher):
    selection = selectors.Selection(first=dt.date(2020, 1, 1), last=dt.date(2020, 1, 1))
    with time_machine.travel(NOW, tick=False):
        matrix = selectors.initiative_matrix(selection, researcher)
    codes = [column.label for column in matrix.columns]
    rows = {
        row.fact.key: dict(zip(codes, [cell.text for cell in row.cells], strict=True))
        for _group, rows in matrix.groups
        for row in rows
        if row.is_heading is False and row.option is None
    }
    headings = {
        row.fact.key: row
        for _group, rows in matrix.groups
        for row in rows
        if row.option is not None
    }

    assert rows["peer_on_panel"] == {"P-22": "yes", "P-21": "no data", "P-23": "no data"}
    assert rows["training_sessions"]["P-21"] == "12 sessions"
    assert {
        row.label: row.cells[codes.index("P-21")].text
        for _group, rows in matrix.groups
        for row in rows
        if row.fact.key == "aims" and row.option
    }["Empowerment"] == "yes"
    assert headings
