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
    from research.comparison import extra

    extra.build_synthetic(initiatives, roles, workers, rng)
    return len(initiatives)
