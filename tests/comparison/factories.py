"""A small, known landscape for the comparison tests, and a parser for its tables.

Today is frozen at 2025-06-30 (``TODAY``). Four initiatives:

- P-01 statutory (Sa, London, inpatient): role r1, 4 funded, 4 workers in post since 2024-01-01
- P-02 statutory (Sb, North West, CMHT): role r2, 2 funded, 2 workers from 2024-01-01, one
  left on 2024-03-01 (health)
- P-03 voluntary (Va, London, drop-in): roles r3 (paid, 3 funded) and r4 (volunteer, 2
  funded); r3 has 3 workers from 2024-01-01, one left 2024-10-01 (another job); r4 one worker
  from 2025-03-01
- P-04 partnership (Sa lead/host, Va employer, inpatient): role r5, 3 funded, 3 workers from
  2024-01-01, one left 2024-02-01 (role mismatch)

Recruitment: P-01 an open-advert campaign (lived experience essential, criteria co-produced,
peer on the panel, filled in 60 days); P-02 an informal one (desirable, not co-produced, no
peer on the panel, filled in 30 days); P-03 a targeted one (essential, co-produced), still open.

Training: programme A (peer-specific, 30 h, accredited), B (peer-specific, 10 h), T (team
preparation). P-01's four workers completed A (one in May 2024, which r1 requires yearly, so
overdue); P-03's w7 did B, w8 did A and B; P-04's w11 did A (r5 requires A; w12 has not). r3
requires B. Host teams: r1 → T1 (prepared on 2023-12-01, before its first start), r2 → T2
(prepared after), r5 → T3 (never).

Supervision (arrangements active on 30 June 2025): P-01 four managerial (on time) and one peer
for w1 (overdue); P-02 one managerial (on time); P-03 three peer (on time); P-04 w11 clinical
(overdue) and w12 peer (on time).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

from cases.models import (
    Contract,
    Employment,
    LeavingReason,
    LivedExperienceCriterion,
    PartnerPart,
    PayBand,
    Region,
    RoleFunction,
    Sector,
    ServiceSetting,
    SharingExpectation,
    YesNoUnknown,
)
from tests.factories import (
    InitiativeFactory,
    OrganisationFactory,
    PeerWorkerFactory,
    PeerWorkerRoleFactory,
)

TODAY = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)
START = dt.date(2024, 1, 1)

ROLE_DEFAULTS = {
    "employment": Employment.PAID,
    "pay_band": PayBand.BAND_3,
    "pay_parity": YesNoUnknown.YES,
    "hours_per_week": Decimal("30"),
    "has_flexible_hours": False,
    "contract": Contract.PERMANENT,
    "lived_experience_criterion": LivedExperienceCriterion.ESSENTIAL,
    "is_jd_coproduced": True,
    "has_peer_line_manager": False,
    "plans_peer_supervision": True,
    "plans_managerial_supervision": True,
    "plans_clinical_supervision": True,
    "plans_group_supervision": False,
    "sharing_expectation": SharingExpectation.CAUTIOUS,
    "has_clinical_record_access": True,
    "attends_team_meetings": True,
    "funded_headcount": 1,
    "funded_wte": Decimal("1.00"),
}


def role(initiative, employer, title, *, functions=(), **fields):
    created = PeerWorkerRoleFactory(
        initiative=initiative, employer=employer, title=title, **{**ROLE_DEFAULTS, **fields}
    )
    if functions:
        created.functions.set(functions)
    return created


def workers(role_, count, *, started=START, ended=None, reason=""):
    return [
        PeerWorkerFactory(role=role_, started=started, ended=ended, leaving_reason=reason)
        for _ in range(count)
    ]


def known_landscape() -> dict:
    settings = {s.slug: s for s in ServiceSetting.objects.all()}
    one_to_one = RoleFunction.objects.get(slug="one-to-one")
    groups = RoleFunction.objects.get(slug="groups")
    sa = OrganisationFactory(
        name="Saltmarsh NHS Trust", sector=Sector.STATUTORY, region=Region.LONDON
    )
    sb = OrganisationFactory(
        name="Stonebridge NHS Trust", sector=Sector.STATUTORY, region=Region.NORTH_WEST
    )
    va = OrganisationFactory(
        name="Valley Voices Charity", sector=Sector.VOLUNTARY, region=Region.LONDON
    )

    p01 = InitiativeFactory(
        name="Saltmarsh ward peers",
        research_code="P-01",
        partners=[(sa, PartnerPart.LEAD), (sa, PartnerPart.EMPLOYER)],
    )
    p01.settings.set([settings["inpatient"]])
    r1 = role(p01, sa, "Peer support worker", funded_headcount=4, functions=[one_to_one])
    workers(r1, 4)

    p02 = InitiativeFactory(
        name="Stonebridge community peers",
        research_code="P-02",
        partners=[(sb, PartnerPart.LEAD), (sb, PartnerPart.EMPLOYER)],
    )
    p02.settings.set([settings["cmht"]])
    r2 = role(
        p02,
        sb,
        "Peer support worker",
        employment=Employment.PAID,
        pay_band=PayBand.BAND_4,
        pay_parity=YesNoUnknown.NO,
        hours_per_week=Decimal("20"),
        has_flexible_hours=True,
        contract=Contract.FIXED_TERM,
        lived_experience_criterion=LivedExperienceCriterion.DESIRABLE,
        is_jd_coproduced=False,
        plans_peer_supervision=False,
        plans_clinical_supervision=False,
        has_clinical_record_access=False,
        sharing_expectation=SharingExpectation.WORKER_CHOICE,
        funded_headcount=2,
        functions=[one_to_one],
    )
    workers(r2, 1)
    workers(r2, 1, ended=dt.date(2024, 3, 1), reason=LeavingReason.HEALTH)

    p03 = InitiativeFactory(
        name="Valley Voices drop-in",
        research_code="P-03",
        partners=[(va, PartnerPart.LEAD), (va, PartnerPart.EMPLOYER)],
    )
    p03.settings.set([settings["voluntary-community"]])
    voluntary = {
        "has_flexible_hours": True,
        "has_peer_line_manager": True,
        "plans_clinical_supervision": False,
        "has_clinical_record_access": False,
        "attends_team_meetings": False,
        "sharing_expectation": SharingExpectation.ENCOURAGED,
    }
    r3 = role(
        p03,
        va,
        "Peer support worker",
        pay_band=PayBand.OTHER,
        pay_grade_other="Charity grade C",
        pay_parity=YesNoUnknown.UNKNOWN,
        hours_per_week=Decimal("15"),
        funded_headcount=3,
        functions=[groups],
        **voluntary,
    )
    r4 = role(
        p03,
        va,
        "Volunteer peer supporter",
        employment=Employment.VOLUNTEER,
        pay_band=PayBand.NONE,
        pay_parity=YesNoUnknown.NO,
        hours_per_week=Decimal("6"),
        contract=Contract.VOLUNTEER,
        plans_managerial_supervision=False,
        plans_group_supervision=True,
        funded_headcount=2,
        functions=[groups],
        **voluntary,
    )
    workers(r3, 2)
    workers(r3, 1, ended=dt.date(2024, 10, 1), reason=LeavingReason.OTHER_JOB)
    workers(r4, 1, started=dt.date(2025, 3, 1))

    p04 = InitiativeFactory(
        name="Saltmarsh and Valley partnership",
        research_code="P-04",
        partners=[(sa, PartnerPart.LEAD), (sa, PartnerPart.HOST), (va, PartnerPart.EMPLOYER)],
    )
    p04.settings.set([settings["inpatient"]])
    r5 = role(
        p04,
        va,
        "Peer support worker",
        hours_per_week=Decimal("37.5"),
        plans_group_supervision=True,
        sharing_expectation=SharingExpectation.WORKER_CHOICE,
        funded_headcount=3,
        functions=[one_to_one],
    )
    workers(r5, 2)
    workers(r5, 1, ended=dt.date(2024, 2, 1), reason=LeavingReason.ROLE_MISMATCH)
    landscape = {
        "organisations": [sa, sb, va],
        "initiatives": [p01, p02, p03, p04],
        "roles": [r1, r2, r3, r4, r5],
    }
    _recruitment(r1, r2, r3)
    _training(sa, sb, va, r1, r2, r3, r5, settings["inpatient"])
    _supervision(sa, r1, r2, r3, r4, r5)
    return landscape


def _current(role_):
    return list(role_.peer_workers.filter(ended__isnull=True).order_by("pk"))


def _recruitment(r1, r2, r3) -> None:
    from recruitment.models import CampaignStatus, Perspective, Route
    from tests.recruitment.factories import (
        ApplicationFactory,
        CampaignFactory,
        InterviewFactory,
        PanelMemberFactory,
    )

    opened = dt.date(2025, 1, 6)
    c1 = CampaignFactory(
        role=r1,
        route=Route.OPEN_ADVERT,
        is_criteria_coproduced=True,
        status=CampaignStatus.FILLED,
        opened=opened,
        closed_on=opened + dt.timedelta(days=60),
    )
    c2 = CampaignFactory(
        role=r2,
        route=Route.INFORMAL,
        is_criteria_coproduced=False,
        lived_experience_criterion=LivedExperienceCriterion.DESIRABLE,
        status=CampaignStatus.FILLED,
        opened=opened,
        closed_on=opened + dt.timedelta(days=30),
    )
    CampaignFactory(role=r3, route=Route.TARGETED, is_criteria_coproduced=True, opened=opened)
    first = InterviewFactory(application=ApplicationFactory(campaign=c1))
    PanelMemberFactory(interview=first, perspective=Perspective.MANAGER)
    PanelMemberFactory(interview=first, perspective=Perspective.PEER_WORKER)
    second = InterviewFactory(application=ApplicationFactory(campaign=c2))
    PanelMemberFactory(interview=second, perspective=Perspective.MANAGER)


def _training(sa, sb, va, r1, r2, r3, r5, inpatient) -> None:
    from tests.factories import TeamFactory
    from tests.training.factories import (
        ColleagueFactory,
        EnrolmentFactory,
        RequiredTrainingFactory,
        SessionFactory,
        TrainingProgrammeFactory,
    )
    from training.models import Attendance, Audience, Category

    a = TrainingProgrammeFactory(
        organisation=sa,
        category=Category.PEER_SPECIFIC,
        total_hours=Decimal("30"),
        is_accredited=True,
        accredited_by="Board",
    )
    b = TrainingProgrammeFactory(
        organisation=va, category=Category.PEER_SPECIFIC, total_hours=Decimal("10")
    )
    t = TrainingProgrammeFactory(
        organisation=sa,
        audience=Audience.TEAM_COLLEAGUES,
        category=Category.OTHER,
        total_hours=Decimal("3"),
    )
    a_2025, b_2025 = SessionFactory(programme=a), SessionFactory(programme=b)
    a_2024 = SessionFactory(programme=a, starts_on=dt.date(2024, 5, 1))

    def completed(session, day=dt.date(2025, 1, 10), **person):
        EnrolmentFactory(
            session=session, attendance=Attendance.ATTENDED, completed_on=day, **person
        )

    w1, w2, w3, w4 = _current(r1)
    for worker in (w1, w2, w3):
        completed(a_2025, peer_worker=worker)
    completed(a_2024, dt.date(2024, 5, 1), peer_worker=w4)
    w7, w8 = _current(r3)
    completed(b_2025, peer_worker=w7)
    completed(b_2025, peer_worker=w8)
    completed(a_2025, peer_worker=w8)
    w11, _w12 = _current(r5)
    completed(a_2025, peer_worker=w11)
    RequiredTrainingFactory(role=r1, programme=a, renewal_months=12)
    RequiredTrainingFactory(role=r5, programme=a, renewal_months=12)
    RequiredTrainingFactory(role=r3, programme=b, renewal_months=None)

    teams = []
    for organisation, role_ in ((sa, r1), (sb, r2), (sa, r5)):
        team = TeamFactory(organisation=organisation, setting=inpatient)
        role_.host_team = team
        role_.save(update_fields=["host_team"])
        teams.append(team)
    early = SessionFactory(programme=t, starts_on=dt.date(2023, 12, 1))
    late = SessionFactory(programme=t, starts_on=dt.date(2024, 2, 1))
    completed(early, dt.date(2023, 12, 1), colleague=ColleagueFactory(team=teams[0]))
    completed(late, dt.date(2024, 2, 1), colleague=ColleagueFactory(team=teams[1]))


def _supervision(sa, r1, r2, r3, r4, r5) -> None:
    from supervision.models import SupervisionType
    from tests.supervision.factories import ArrangementFactory

    on_time, overdue = dt.date(2025, 7, 15), dt.date(2025, 6, 1)

    def arrangement(worker, kind, due, *, lived=False):
        ArrangementFactory(
            peer_worker=worker,
            supervisor_organisation=sa,
            supervision_type=kind,
            supervisor_has_lived_experience=lived,
            next_due_on=due,
        )

    w1, w2, w3, w4 = _current(r1)
    for worker in (w1, w2, w3, w4):
        arrangement(worker, SupervisionType.MANAGERIAL, on_time)
    arrangement(w1, SupervisionType.PEER, overdue, lived=True)
    arrangement(_current(r2)[0], SupervisionType.MANAGERIAL, on_time)
    for worker in [*_current(r3), *_current(r4)]:
        arrangement(worker, SupervisionType.PEER, on_time, lived=True)
    w11, w12 = _current(r5)
    arrangement(w11, SupervisionType.CLINICAL, overdue)
    arrangement(w12, SupervisionType.PEER, on_time, lived=True)


class _TableParser(HTMLParser):
    """Reads the comparison table: ``{(dimension, category): [cell texts]}`` and columns."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[tuple[str, str], list[str]] = {}
        self.columns: list[str] = []
        self._row: tuple[str, str] | None = None
        self._cell: list[str] | None = None
        self._status = ""
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr" and "data-dimension" in attributes:
            self._row = (attributes["data-dimension"], attributes.get("data-category", ""))
            self.rows[self._row] = []
        elif tag == "th" and "data-column" in attributes:
            self.columns.append(attributes["data-column"])
        elif tag == "td" and self._row is not None and "data-status" in attributes:
            self._cell = []
            self._status = attributes["data-status"]

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.rows[self._row].append("—" if self._status == "no data" else text)
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse_comparison_table(html: str) -> tuple[list[str], dict[tuple[str, str], list[str]]]:
    parser = _TableParser()
    parser.feed(html)
    return parser.columns, parser.rows
