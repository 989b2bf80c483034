"""Demo practice: what the demo initiatives' managers declare, one role whose terms changed
from volunteer to paid, and every quarter's profile built (registered by ComparisonConfig)."""

from __future__ import annotations

import datetime as dt
import random

from cases.models import Context, Contract, Employment, Initiative, PayBand, RoleTerms
from comparison.models import PracticeDeclaration
from comparison.services import profiles_rebuild
from comparison.vocabularies import (
    Aim,
    FormalSupervision,
    InformalRecruitment,
    RoleMode,
    SupportModel,
    TeamPreparation,
)

# How each context's demo initiatives describe themselves; a few leave things "not known".
DECLARATIONS = {
    Context.STATUTORY: {
        "aims": [Aim.RECOVERY, Aim.ADMISSIONS, Aim.TRANSITION],
        "informal_recruitment": [InformalRecruitment.OPEN_ADVERT],
        "ongoing_support": [SupportModel.REFLECTIVE_GROUP, SupportModel.TEAM_TRAINING],
        "formal_supervision": FormalSupervision.YES,
        "team_preparation": TeamPreparation.TRAINING,
    },
    Context.VOLUNTARY: {
        "aims": [Aim.EMPOWERMENT, Aim.INCLUSION, Aim.COPING],
        "informal_recruitment": [
            InformalRecruitment.GROUP_MEMBER,
            InformalRecruitment.WORD_OF_MOUTH,
            InformalRecruitment.OPEN_ADVERT,
        ],
        "ongoing_support": [SupportModel.INFORMAL_ONE_TO_ONE, SupportModel.PEER_NETWORK],
        "formal_supervision": "",
        "team_preparation": TeamPreparation.BRIEFING,
    },
    Context.PARTNERSHIP: {
        "aims": [Aim.RECOVERY, Aim.INCLUSION],
        "informal_recruitment": [
            InformalRecruitment.OPEN_ADVERT,
            InformalRecruitment.COURSE_COMPLETER,
        ],
        "ongoing_support": [SupportModel.PEER_NETWORK],
        "formal_supervision": FormalSupervision.YES,
        "team_preparation": TeamPreparation.ONGOING,
    },
}


def seed(*, stdout=None) -> None:
    rng = random.Random(11)  # noqa: S311 - demo data, not security
    for initiative in Initiative.objects.order_by("research_code"):
        if PracticeDeclaration.objects.filter(initiative=initiative).exists():
            continue
        if rng.random() < 0.2:
            continue  # a few initiatives have declared nothing yet
        values = dict(DECLARATIONS.get(initiative.context, {}))
        if not values:
            continue
        functions = list(
            initiative.roles.values_list("functions__slug", flat=True)
            .distinct()
            .exclude(functions__slug=None)
        )
        values["role_modes"] = {
            slug: rng.choice([RoleMode.LEADS, RoleMode.CO_FACILITATES, RoleMode.ONE_TO_ONE])
            for slug in functions
        } or None
        if rng.random() < 0.25:
            values["ongoing_support"] = None  # not known
        PracticeDeclaration.objects.create(initiative=initiative, **values)
    _volunteer_then_paid()
    report = profiles_rebuild(force=True)
    if stdout is not None:
        stdout.write(
            f"  comparison: {report.profiles} practice profiles over {report.quarters} quarters"
        )


def _volunteer_then_paid() -> None:
    """The first voluntary initiative's paid role began as a volunteer role."""
    initiative = (
        Initiative.objects.filter(context=Context.VOLUNTARY, started__isnull=False)
        .order_by("research_code")
        .first()
    )
    if initiative is None:
        return
    role = initiative.roles.filter(employment=Employment.PAID).order_by("title").first()
    if role is None or role.terms_history.count() > 1:
        return
    current = role.terms_history.order_by("effective_from").first()
    if current is None:
        return
    change = initiative.started + dt.timedelta(days=270)
    if change <= current.effective_from:
        return
    # The history: volunteer from the start, the current (paid) terms from nine months later.
    current.effective_from = change
    current.save(update_fields=["effective_from"])
    RoleTerms.objects.create(
        role=role,
        effective_from=initiative.started,
        employment=Employment.VOLUNTEER,
        pay_band=PayBand.NONE,
        pay_parity=role.pay_parity,
        contract=Contract.VOLUNTEER,
        hours_per_week=current.hours_per_week,
    )
