"""Demo recruitment: campaigns in every state, applications at every stage, histories,
interviews with scored panels, and appointments that created peer workers.

Runs after cases.demo. Everything goes through the services (so the demo obeys the same rules
as the app), backdated with their ``at`` arguments. Idempotent: it stops if the first demo
campaign exists. Deterministic: one seeded random generator, dates relative to today.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from cases.demo import FIRST_NAMES, LAST_NAMES
from cases.models import (
    Initiative,
    LivedExperienceCriterion,
    Membership,
    MembershipRole,
    PartnerPart,
    PeerWorkerRole,
)
from recruitment import services
from recruitment.models import (
    Application,
    Campaign,
    CampaignStatus,
    EndReason,
    InterviewOutcome,
    LivedExperienceDeclared,
    Perspective,
    Route,
    Stage,
)

CRITERIA = [
    "Can draw on their own lived experience of mental health problems purposefully",
    "Listens and builds trust with people who use services",
    "Understands recovery and strengths-based practice",
    "Works well in a team and knows where the role's boundaries are",
]


@dataclass
class Plan:
    """An application's journey: the last pipeline stage it reaches, and how it ends."""

    reaches: str
    ends: str = ""  # Stage.WITHDRAWN / NOT_APPOINTED / APPOINTED, or "" (still in progress)
    reason: str = ""


# code, role title, campaign title, route, LE criterion, co-produced, vacancies,
# days since opening, final status, peer on panel, plans
CAMPAIGNS = [
    (
        "P-01",
        "Peer support worker",
        "Ward peer workers, last spring",
        Route.OPEN_ADVERT,
        LivedExperienceCriterion.ESSENTIAL,
        True,
        2,
        300,
        CampaignStatus.FILLED,
        True,
        [
            Plan(Stage.APPLIED, Stage.NOT_APPOINTED, EndReason.CRITERIA_NOT_MET),
            Plan(Stage.SHORTLISTED, Stage.WITHDRAWN, EndReason.OTHER_WORK),
            Plan(Stage.INTERVIEW, Stage.NOT_APPOINTED, EndReason.INTERVIEW),
            Plan(Stage.INTERVIEW, Stage.NOT_APPOINTED, EndReason.INTERVIEW),
            Plan(Stage.OFFERED, Stage.WITHDRAWN, EndReason.HEALTH),
            Plan(Stage.CHECKS, Stage.WITHDRAWN, EndReason.CHECK_DELAYS),
            Plan(Stage.CHECKS, Stage.APPOINTED),
            Plan(Stage.CHECKS, Stage.APPOINTED),
        ],
    ),
    (
        "P-01",
        "Peer support worker",
        "Ward peer workers, this autumn",
        Route.TARGETED,
        LivedExperienceCriterion.ESSENTIAL,
        True,
        2,
        45,
        CampaignStatus.OPEN,
        True,
        [
            Plan(Stage.APPLIED),
            Plan(Stage.APPLIED),
            Plan(Stage.SHORTLISTED),
            Plan(Stage.INTERVIEW),
            Plan(Stage.OFFERED),
            Plan(Stage.CHECKS),
            Plan(Stage.SHORTLISTED, Stage.WITHDRAWN, EndReason.CHANGED_MIND),
            Plan(Stage.APPLIED, Stage.NOT_APPOINTED, EndReason.CRITERIA_NOT_MET),
        ],
    ),
    (
        "P-02",
        "Peer support worker",
        "Early intervention peer worker",
        Route.INFORMAL,
        LivedExperienceCriterion.DESIRABLE,
        False,
        1,
        220,
        CampaignStatus.FILLED,
        False,
        [
            Plan(Stage.INTERVIEW, Stage.NOT_APPOINTED, EndReason.INTERVIEW),
            Plan(Stage.OFFERED, Stage.NOT_APPOINTED, EndReason.REFERENCES_CHECKS),
            Plan(Stage.CHECKS, Stage.APPOINTED),
        ],
    ),
    (
        "P-02",
        "Peer support worker",
        "Early intervention peer worker, next round",
        Route.OPEN_ADVERT,
        LivedExperienceCriterion.ESSENTIAL,
        True,
        1,
        0,
        CampaignStatus.DRAFT,
        False,
        [],
    ),
    (
        "P-03",
        "Peer support worker",
        "Crisis team peer workers",
        Route.INTERNAL,
        LivedExperienceCriterion.ESSENTIAL,
        False,
        2,
        160,
        CampaignStatus.CANCELLED,
        False,
        [
            Plan(Stage.SHORTLISTED, Stage.WITHDRAWN, EndReason.WITHDRAWN_OTHER),
            Plan(Stage.APPLIED),
        ],
    ),
    (
        "P-07",
        "Peer support worker",
        "Drop-in peer supporters",
        Route.TARGETED,
        LivedExperienceCriterion.ESSENTIAL,
        True,
        3,
        90,
        CampaignStatus.OPEN,
        True,
        [
            Plan(Stage.CHECKS, Stage.APPOINTED),
            Plan(Stage.INTERVIEW),
            Plan(Stage.SHORTLISTED),
            Plan(Stage.APPLIED),
            Plan(Stage.INTERVIEW, Stage.NOT_APPOINTED, EndReason.NOT_APPOINTED_OTHER),
        ],
    ),
    (
        "P-09",
        "Peer support worker",
        "Ward peers from Open Door",
        Route.OPEN_ADVERT,
        LivedExperienceCriterion.ESSENTIAL,
        True,
        2,
        400,
        CampaignStatus.CLOSED,
        True,
        [
            Plan(Stage.CHECKS, Stage.APPOINTED),
            Plan(Stage.OFFERED, Stage.WITHDRAWN, EndReason.OTHER_WORK),
            Plan(Stage.INTERVIEW, Stage.NOT_APPOINTED, EndReason.INTERVIEW),
        ],
    ),
]


def _manager_for(initiative: Initiative):
    lead = initiative.partners.filter(part=PartnerPart.LEAD).select_related("organisation").first()
    membership = (
        Membership.objects.filter(
            organisation=lead.organisation, role=MembershipRole.SERVICE_MANAGER
        )
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    return membership.user if membership else None


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A time on ``day``, never in the future."""
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0))), timezone.now())


def seed(*, stdout=None) -> None:
    if Campaign.objects.filter(title=CAMPAIGNS[0][2]).exists():
        return
    rng = random.Random(20150602)
    today = timezone.localdate()
    appointed = 0
    for (
        code,
        role_title,
        title,
        route,
        criterion,
        coproduced,
        vacancies,
        days_ago,
        status,
        peer_on_panel,
        plans,
    ) in CAMPAIGNS:
        initiative = Initiative.objects.get(research_code=code)
        role = PeerWorkerRole.objects.get(initiative=initiative, title=role_title)
        manager = _manager_for(initiative)
        opened = today - dt.timedelta(days=days_ago)
        campaign = services.campaign_create(
            role=role,
            by=manager,
            title=title,
            vacancies=vacancies,
            route=route,
            opened=opened,
            closes_on=opened + dt.timedelta(days=28),
            advert_channels="NHS Jobs; local peer network; recovery college newsletter",
            is_criteria_coproduced=coproduced,
            lived_experience_criterion=criterion,
            status=CampaignStatus.DRAFT if status == CampaignStatus.DRAFT else CampaignStatus.OPEN,
            criteria=CRITERIA if coproduced else CRITERIA[1:],
        )
        for plan in plans:
            appointed += _run(campaign, plan, manager, rng, opened, today, peer_on_panel)
        campaign.refresh_from_db()
        if status in (CampaignStatus.CLOSED, CampaignStatus.CANCELLED):
            services.campaign_update(
                campaign=campaign,
                loaded_version=campaign.version,
                title=campaign.title,
                vacancies=campaign.vacancies,
                route=campaign.route,
                opened=campaign.opened,
                closes_on=campaign.closes_on,
                advert_channels=campaign.advert_channels,
                is_criteria_coproduced=campaign.is_criteria_coproduced,
                lived_experience_criterion=campaign.lived_experience_criterion,
                status=status,
            )
        if campaign.status != CampaignStatus.OPEN or status != CampaignStatus.OPEN:
            # Ended campaigns ended a while ago: their last deadline plus a few weeks.
            ended_on = min(today, campaign.closes_on + dt.timedelta(days=60))
            Campaign.objects.filter(pk=campaign.pk, closed_on__isnull=False).update(
                closed_on=ended_on
            )
    if stdout is not None:
        stdout.write(
            f"  recruitment: {Campaign.objects.count()} campaigns, "
            f"{Application.objects.count()} applications, {appointed} appointments"
        )


def _run(campaign, plan: Plan, manager, rng, opened, today, peer_on_panel) -> int:
    received = opened + dt.timedelta(days=rng.randint(1, 20))
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    application = services.application_create(
        campaign=campaign,
        by=manager,
        full_name=name,
        email=f"{name.lower().replace(' ', '.')}@example.invalid",
        lived_experience=rng.choice(
            [LivedExperienceDeclared.YES] * 4 + [LivedExperienceDeclared.PREFER_NOT_TO_SAY]
        ),
        adjustments_requested=rng.choice(["", "", "Interview questions in advance"]),
        received=received,
        at=_at(received),
    )
    when = received
    pipeline = [Stage.APPLIED, Stage.SHORTLISTED, Stage.INTERVIEW, Stage.OFFERED, Stage.CHECKS]
    for stage in pipeline[1 : pipeline.index(plan.reaches) + 1]:
        when = min(when + dt.timedelta(days=rng.randint(3, 15)), today)
        application = services.application_move(
            application=application,
            to_stage=stage,
            by=manager,
            loaded_version=application.version,
            at=_at(when, 11),
        )
        if stage == Stage.INTERVIEW:
            _interview(application, when, peer_on_panel, rng, plan)
    when = min(when + dt.timedelta(days=rng.randint(3, 20)), today)
    if plan.ends == Stage.APPOINTED:
        services.application_appoint(
            application=application,
            by=manager,
            loaded_version=application.version,
            started=when + dt.timedelta(days=28),
            at=_at(when, 12),
            note="Checks cleared; start date agreed.",
        )
        return 1
    if plan.ends:
        services.application_move(
            application=application,
            to_stage=plan.ends,
            end_reason=plan.reason,
            by=manager,
            loaded_version=application.version,
            at=_at(when, 12),
        )
    return 0


def _interview(application, held_on, peer_on_panel, rng, plan: Plan) -> None:
    panel = [("Service manager", Perspective.MANAGER), ("Ward psychologist", Perspective.CLINICIAN)]
    if peer_on_panel:
        panel.append(("Senior peer worker", Perspective.PEER_WORKER))
    interview = services.interview_create(application=application, held_on=held_on, panel=panel)
    good = plan.ends == Stage.APPOINTED or plan.reaches in (Stage.OFFERED, Stage.CHECKS)
    scores = {
        (member.pk, criterion.pk): rng.randint(2, 4) if good else rng.randint(0, 2)
        for member in interview.panel.all()
        for criterion in application.campaign.criteria.all()
    }
    services.interview_score(
        interview=interview,
        outcome=InterviewOutcome.APPOINTABLE if good else InterviewOutcome.NOT_APPOINTABLE,
        scores=scores,
    )
