"""A synthetic landscape of initiatives for benchmarks and query-count tests.

Bulk inserts, deterministic (``random.Random(seed)``), names that are obviously made up.
Call it again with a larger ``count`` to grow an existing landscape: only the missing
initiatives are added.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases.models import (
    Context,
    Contract,
    Employment,
    Initiative,
    InitiativePartner,
    InitiativeStatus,
    LeavingReason,
    LivedExperienceCriterion,
    Organisation,
    OrganisationKind,
    PartnerPart,
    PayBand,
    PeerWorker,
    PeerWorkerRole,
    Region,
    RoleFunction,
    Sector,
    ServiceSetting,
    SharingExpectation,
    YesNoUnknown,
)
from recruitment.models import (
    Application,
    Campaign,
    CampaignStatus,
    Interview,
    PanelMember,
    Perspective,
    Route,
)
from supervision.models import SupervisionArrangement, SupervisionType
from training.models import (
    Attendance,
    Audience,
    Category,
    Enrolment,
    Mode,
    RequiredTraining,
    Session,
    TrainingProgramme,
)

PREFIX = "Synthetic"
FIRST_CODE = 1000


def _existing() -> int:
    return Initiative.objects.filter(name__startswith=f"{PREFIX} initiative").count()


@transaction.atomic
def build_landscape(count: int, *, seed: int = 7) -> int:
    """Make sure ``count`` synthetic initiatives exist; returns how many were added."""
    start = _existing()
    if start >= count:
        return 0
    rng = random.Random(seed + start)
    today = timezone.localdate()
    settings = list(ServiceSetting.objects.all())
    functions = list(RoleFunction.objects.all())
    regions = list(Region)
    contexts = list(Context)
    reasons = [value for value in LeavingReason.values if value]

    specs = []
    organisations = []
    for index in range(start, count):
        context = contexts[index % 3]
        sectors = {
            Context.STATUTORY: [Sector.STATUTORY],
            Context.VOLUNTARY: [Sector.VOLUNTARY],
            Context.PARTNERSHIP: [Sector.STATUTORY, Sector.VOLUNTARY],
        }[context]
        region = rng.choice(regions)
        own = [
            Organisation(
                name=f"{PREFIX} organisation {index:05d}-{position}",
                sector=sector,
                kind=OrganisationKind.NHS_TRUST
                if sector == Sector.STATUTORY
                else OrganisationKind.CHARITY,
                region=region,
            )
            for position, sector in enumerate(sectors)
        ]
        organisations += own
        specs.append((index, context, own))
    Organisation.objects.bulk_create(organisations)

    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                name=f"{PREFIX} initiative {index:05d}",
                research_code=f"P-{FIRST_CODE + index}",
                context=context,
                status=InitiativeStatus.ACTIVE,
                started=today - dt.timedelta(days=rng.randint(400, 2000)),
            )
            for index, context, _own in specs
        ]
    )
    partners, setting_links, roles = [], [], []
    SettingLink = Initiative.settings.through
    for initiative, (_index, _context, own) in zip(initiatives, specs, strict=True):
        partners.append(
            InitiativePartner(initiative=initiative, organisation=own[0], part=PartnerPart.LEAD)
        )
        partners.append(
            InitiativePartner(
                initiative=initiative, organisation=own[-1], part=PartnerPart.EMPLOYER
            )
        )
        for setting in rng.sample(settings, k=rng.randint(1, 2)):
            setting_links.append(SettingLink(initiative=initiative, servicesetting=setting))
        for position in range(2):
            is_volunteer = own[-1].sector == Sector.VOLUNTARY and position == 1
            roles.append(
                PeerWorkerRole(
                    initiative=initiative,
                    title=f"Peer role {position + 1}",
                    employer=own[-1],
                    employment=Employment.VOLUNTEER
                    if is_volunteer
                    else rng.choice([Employment.PAID, Employment.PAID, Employment.SESSIONAL]),
                    pay_band=PayBand.NONE
                    if is_volunteer
                    else rng.choice([PayBand.BAND_3, PayBand.BAND_4]),
                    pay_parity=rng.choice(YesNoUnknown.values),
                    hours_per_week=Decimal(rng.choice([6, 15, 18.75, 22.5, 30, 37.5])),
                    has_flexible_hours=rng.random() < 0.5,
                    contract=Contract.VOLUNTEER
                    if is_volunteer
                    else rng.choice([Contract.PERMANENT, Contract.FIXED_TERM]),
                    lived_experience_criterion=rng.choice(LivedExperienceCriterion.values),
                    is_jd_coproduced=rng.random() < 0.6,
                    has_peer_line_manager=rng.random() < 0.3,
                    plans_peer_supervision=rng.random() < 0.6,
                    plans_managerial_supervision=True,
                    plans_clinical_supervision=rng.random() < 0.5,
                    plans_group_supervision=rng.random() < 0.5,
                    sharing_expectation=rng.choice(SharingExpectation.values),
                    has_clinical_record_access=rng.random() < 0.5,
                    attends_team_meetings=rng.random() < 0.7,
                    funded_headcount=rng.randint(2, 6),
                    funded_wte=Decimal("2.00"),
                )
            )
    InitiativePartner.objects.bulk_create(partners)
    SettingLink.objects.bulk_create(setting_links)
    roles = PeerWorkerRole.objects.bulk_create(roles)
    FunctionLink = PeerWorkerRole.functions.through
    FunctionLink.objects.bulk_create(
        [
            FunctionLink(peerworkerrole=role, rolefunction=function)
            for role in roles
            for function in rng.sample(functions, k=rng.randint(1, 2))
        ]
    )
    workers = []
    for role in roles:
        for position in range(rng.randint(1, role.funded_headcount + 1)):
            started = today - dt.timedelta(days=rng.randint(30, 1200))
            ended, reason = None, ""
            if rng.random() < 0.3:
                ended = min(started + dt.timedelta(days=rng.randint(20, 700)), today)
                reason = rng.choice(reasons)
            workers.append(
                PeerWorker(
                    role=role,
                    full_name=f"{PREFIX} person {role.pk}-{position}",
                    pseudonym=f"S{role.pk}-{position}",
                    started=started,
                    ended=ended,
                    leaving_reason=reason,
                )
            )
    PeerWorker.objects.bulk_create(workers)
    _build_other_apps(roles, workers, rng)
    return len(initiatives)


def _build_other_apps(roles, workers, rng) -> None:
    """Recruitment, training and supervision rows for the benchmark.

    Per role: a campaign with one interviewed applicant; per initiative: a peer-specific
    programme that its roles require and most of its workers completed; per worker in post: a
    supervision arrangement. Bulk inserts only.
    """
    _synthetic_recruitment(roles, workers, rng)
    _synthetic_training(roles, workers, rng)
    _synthetic_supervision(roles, workers, rng)


def _synthetic_recruitment(roles, workers, rng) -> None:
    today = timezone.localdate()
    campaigns = []
    for role in roles:
        opened = today - dt.timedelta(days=rng.randint(60, 700))
        is_filled = rng.random() < 0.7
        campaigns.append(
            Campaign(
                role=role,
                title=f"Synthetic campaign {role.pk}",
                route=rng.choice(Route.values),
                opened=opened,
                closes_on=opened + dt.timedelta(days=28),
                is_criteria_coproduced=rng.random() < 0.5,
                lived_experience_criterion=rng.choice(LivedExperienceCriterion.values),
                status=CampaignStatus.FILLED if is_filled else CampaignStatus.CLOSED,
                closed_on=opened + dt.timedelta(days=rng.randint(20, 55)),
            )
        )
    campaigns = Campaign.objects.bulk_create(campaigns)
    applications = Application.objects.bulk_create(
        [
            Application(
                campaign=campaign,
                full_name=f"Synthetic applicant {campaign.pk}",
                received=campaign.opened + dt.timedelta(days=3),
            )
            for campaign in campaigns
        ]
    )
    interviews = Interview.objects.bulk_create(
        [
            Interview(application=application, held_on=application.received + dt.timedelta(days=14))
            for application in applications
        ]
    )
    panel = []
    for interview in interviews:
        panel.append(
            PanelMember(interview=interview, name="Chair", perspective=Perspective.MANAGER)
        )
        if rng.random() < 0.5:
            panel.append(
                PanelMember(
                    interview=interview,
                    name="Expert by experience",
                    perspective=Perspective.PEER_WORKER,
                )
            )
    PanelMember.objects.bulk_create(panel)


def _synthetic_training(roles, workers, rng) -> None:
    today = timezone.localdate()
    first_role = {}
    for role in roles:
        first_role.setdefault(role.initiative_id, role)
    programmes = TrainingProgramme.objects.bulk_create(
        [
            TrainingProgramme(
                organisation_id=role.employer_id,
                title=f"Synthetic peer training {initiative_id}",
                provider_name="Synthetic provider",
                audience=Audience.PEER_WORKERS,
                category=Category.PEER_SPECIFIC,
                total_hours=Decimal(rng.choice([12, 24, 36])),
                **(
                    {"is_accredited": True, "accredited_by": "Synthetic board"}
                    if rng.random() < 0.4
                    else {}
                ),
            )
            for initiative_id, role in first_role.items()
        ]
    )
    by_initiative = dict(zip(first_role, programmes, strict=True))
    sessions = Session.objects.bulk_create(
        [
            Session(
                programme=programme,
                starts_on=today - dt.timedelta(days=rng.randint(30, 400)),
                mode=Mode.IN_PERSON,
                place="Synthetic venue",
            )
            for programme in programmes
        ]
    )
    session_of = {
        programme.pk: session for programme, session in zip(programmes, sessions, strict=True)
    }
    RequiredTraining.objects.bulk_create(
        [
            RequiredTraining(
                role=role,
                programme=by_initiative[role.initiative_id],
                renewal_months=rng.choice([None, 12, 24]),
            )
            for role in roles
        ]
    )
    role_initiative = {role.pk: role.initiative_id for role in roles}
    enrolments = []
    for worker in workers:
        if rng.random() < 0.75:
            session = session_of[by_initiative[role_initiative[worker.role_id]].pk]
            enrolments.append(
                Enrolment(
                    session=session,
                    peer_worker=worker,
                    attendance=Attendance.ATTENDED,
                    completed_on=session.starts_on,
                )
            )
    Enrolment.objects.bulk_create(enrolments)


def _synthetic_supervision(roles, workers, rng) -> None:
    today = timezone.localdate()
    supervisor, _created = User.objects.get_or_create(
        email="synthetic-supervisor@example.invalid", defaults={"full_name": "Synthetic supervisor"}
    )
    employer = {role.pk: role.employer_id for role in roles}
    SupervisionArrangement.objects.bulk_create(
        [
            SupervisionArrangement(
                peer_worker=worker,
                supervisor=supervisor,
                supervisor_organisation_id=employer[worker.role_id],
                supervision_type=rng.choice(SupervisionType.values),
                supervisor_has_lived_experience=rng.random() < 0.4,
                frequency_days=28,
                started=worker.started,
                ended=worker.ended,
                next_due_on=today + dt.timedelta(days=rng.randint(-30, 28)),
            )
            for worker in workers
        ]
    )
