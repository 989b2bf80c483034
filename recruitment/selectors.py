"""Reads for recruitment: lists, the pipeline board and the dashboard figures.

Every function runs a fixed number of queries, whatever the number of applications. Medians are
taken in Python from one ordered column fetched in a single query (portable across SQLite and
PostgreSQL); counts are aggregated in the database.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.expressions import Window
from django.db.models.functions import Lead
from django.utils import timezone

from cases.models import LivedExperienceCriterion, PeerWorker
from peerwork.lib.dates import not_ended_by
from recruitment.models import (
    ACTIVE_STAGES,
    NON_APPOINTMENT_REASONS,
    PEER_PERSPECTIVES,
    PIPELINE,
    WITHDRAWAL_REASONS,
    Application,
    Campaign,
    CampaignStatus,
    Interview,
    PanelMember,
    Route,
    Stage,
    StageChange,
    reason_label,
)


def _peer_on_panel(campaign_ref: str = "pk") -> Exists:
    return Exists(
        PanelMember.objects.filter(
            interview__application__campaign=OuterRef(campaign_ref),
            perspective__in=list(PEER_PERSPECTIVES),
        )
    )


def _interviewed(campaign_ref: str = "pk") -> Exists:
    return Exists(Interview.objects.filter(application__campaign=OuterRef(campaign_ref)))


def campaign_has_peer_on_panel(campaign: Campaign) -> bool:
    """Derived from the recorded panels: a peer worker or service user sat on one."""
    return PanelMember.objects.filter(
        interview__application__campaign=campaign, perspective__in=list(PEER_PERSPECTIVES)
    ).exists()


def campaigns_with_counts(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Campaigns with their role and initiative, and counts of applications by state."""
    return campaigns.select_related("role", "role__initiative").annotate(
        n_applications=Count("applications", distinct=True),
        n_in_progress=Count(
            "applications", filter=Q(applications__stage__in=list(ACTIVE_STAGES)), distinct=True
        ),
        n_appointed=Count(
            "applications", filter=Q(applications__stage=Stage.APPOINTED), distinct=True
        ),
        has_peer_on_panel=_peer_on_panel(),
    )


def campaigns_for_manager(user) -> QuerySet[Campaign]:
    return campaigns_with_counts(Campaign.objects.managed_by(user)).order_by("-opened", "title")


def campaign_applications(campaign: Campaign) -> list[Application]:
    return list(
        campaign.applications.only(
            "public_id",
            "full_name",
            "stage",
            "end_reason",
            "received",
            "erased",
            "campaign_id",
            "version",
        ).order_by("received", "pk")
    )


def role_peer_workers(campaign: Campaign) -> list[PeerWorker]:
    """Current and future peer workers in the campaign's role (not those who have left)."""
    today = timezone.localdate()
    return list(
        PeerWorker.objects.filter(role_id=campaign.role_id)
        .filter(not_ended_by(today))
        .order_by("started", "full_name")
    )


@dataclass
class BoardColumn:
    stage: str
    label: str
    applications: list[Application]


def pipeline_board(campaign: Campaign) -> list[BoardColumn]:
    """One column per stage, in pipeline order, then the ended ones. One query."""
    by_stage: dict[str, list[Application]] = {stage: [] for stage in Stage.values}
    for application in campaign_applications(campaign):
        by_stage[application.stage].append(application)
    return [
        BoardColumn(stage=stage.value, label=str(stage.label), applications=by_stage[stage])
        for stage in Stage
    ]


def application_history(application: Application) -> list[StageChange]:
    return list(application.stage_changes.select_related("changed_by").order_by("changed_at", "pk"))


def application_interviews(application: Application) -> list[Interview]:
    """Interviews with their panel and each panel member's scores (three queries)."""
    return list(
        application.interviews.prefetch_related(
            Prefetch("panel", queryset=PanelMember.objects.order_by("pk")),
            "panel__scores",
        ).order_by("held_on", "pk")
    )


# --- Dashboard ----------------------------------------------------------------------------


@dataclass
class Share:
    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.count / self.total, 1) if self.total else None


@dataclass
class StageFigure:
    stage: str
    label: str
    reached: int
    current: int
    median_days: float | None
    stays: int


@dataclass
class ReasonFigure:
    reason: str
    label: str
    count: int


@dataclass
class Dashboard:
    campaigns: int
    vacancies: int
    applications: int
    appointed: int
    stages: list[StageFigure]
    median_days_to_appointment: float | None
    appointments_measured: int
    withdrawal_reasons: list[ReasonFigure]
    non_appointment_reasons: list[ReasonFigure]
    peer_on_panel: Share
    lived_experience_essential: Share
    campaign_rows: list[Campaign] = field(default_factory=list)

    @property
    def withdrawn(self) -> int:
        return sum(reason.count for reason in self.withdrawal_reasons)

    @property
    def not_appointed(self) -> int:
        return sum(reason.count for reason in self.non_appointment_reasons)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def recruitment_dashboard(campaigns: QuerySet[Campaign]) -> Dashboard:
    """The dashboard figures for a set of campaigns (drafts are left out). Six queries.

    - funnel: applications that ever reached each pipeline stage, and those there now;
    - median days from the campaign's opening to each appointment;
    - median days spent in each stage, over completed stays (moves out of the stage);
    - withdrawal and non-appointment reasons;
    - share of campaigns that held interviews with a peer (peer worker or service user) on
      the panel, and share of campaigns with lived experience as an essential criterion.
    """
    campaigns = campaigns.exclude(status=CampaignStatus.DRAFT)
    campaign_ids = campaigns.values("pk")

    # 1. Campaign-level counts.
    campaign_figures = campaigns.aggregate(
        total=Count("pk"),
        vacancies=Sum("vacancies"),
        interviewed=Count("pk", filter=Q(_interviewed())),
        peer_on_panel=Count("pk", filter=Q(_interviewed()) & Q(_peer_on_panel())),
        essential=Count(
            "pk", filter=Q(lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL)
        ),
    )

    # 2. Where applications are now, and why those that ended did.
    applications = Application.objects.filter(campaign__in=campaign_ids)
    reasons = [*WITHDRAWAL_REASONS, *NON_APPOINTMENT_REASONS]
    application_figures = applications.aggregate(
        total=Count("pk"),
        **{f"now_{stage}": Count("pk", filter=Q(stage=stage)) for stage in Stage.values},
        **{f"reason_{reason}": Count("pk", filter=Q(end_reason=reason)) for reason in reasons},
    )

    # 3. How far applications got: every stage an application has reached is in its history.
    changes = StageChange.objects.filter(application__campaign__in=campaign_ids)
    reached = changes.aggregate(
        **{
            f"reached_{stage}": Count("application", filter=Q(to_stage=stage), distinct=True)
            for stage in PIPELINE
        }
    )

    # 4. Days from opening to appointment.
    appointments = changes.filter(to_stage=Stage.APPOINTED).values_list(
        "application__campaign__opened", "changed_at"
    )
    days_to_appointment = [
        (timezone.localtime(changed_at).date() - opened).days for opened, changed_at in appointments
    ]

    # 5. Days in each stage: the time from entering a stage to the next move.
    stays = (
        changes.annotate(
            left_at=Window(
                Lead("changed_at"),
                partition_by=[F("application_id")],
                order_by=[F("changed_at").asc(), F("pk").asc()],
            )
        )
        .values_list("to_stage", "changed_at", "left_at")
        .order_by()
    )
    days_in_stage: dict[str, list[float]] = {stage: [] for stage in PIPELINE}
    for stage, entered, left in stays:
        if left is not None and stage in days_in_stage:
            days_in_stage[stage].append((left - entered).total_seconds() / 86400)

    # 6. One row per campaign for the table.
    campaign_rows = list(campaigns_with_counts(campaigns).order_by("-opened", "title"))

    stages = [
        StageFigure(
            stage=stage.value,
            label=str(stage.label),
            reached=reached[f"reached_{stage}"],
            current=application_figures[f"now_{stage}"],
            median_days=_median(days_in_stage[stage]),
            stays=len(days_in_stage[stage]),
        )
        for stage in PIPELINE
    ]

    def reason_figures(codes) -> list[ReasonFigure]:
        return [
            ReasonFigure(
                reason=code,
                label=reason_label(code),
                count=application_figures[f"reason_{code}"],
            )
            for code in codes
        ]

    return Dashboard(
        campaigns=campaign_figures["total"],
        vacancies=campaign_figures["vacancies"] or 0,
        applications=application_figures["total"],
        appointed=application_figures[f"now_{Stage.APPOINTED}"],
        stages=stages,
        median_days_to_appointment=_median([float(days) for days in days_to_appointment]),
        appointments_measured=len(days_to_appointment),
        withdrawal_reasons=reason_figures(WITHDRAWAL_REASONS),
        non_appointment_reasons=reason_figures(NON_APPOINTMENT_REASONS),
        peer_on_panel=Share(campaign_figures["peer_on_panel"], campaign_figures["interviewed"]),
        lived_experience_essential=Share(campaign_figures["essential"], campaign_figures["total"]),
        campaign_rows=campaign_rows,
    )


def campaigns_for_organisation(organisation) -> QuerySet[Campaign]:
    return Campaign.objects.for_organisation(organisation)


def campaigns_for_initiative(initiative) -> QuerySet[Campaign]:
    return Campaign.objects.for_initiative(initiative)


def manager_overview(user) -> dict[str, int]:
    """Counts for the home panel: open campaigns and applications in progress. One query."""
    return Campaign.objects.managed_by(user).aggregate(
        open_campaigns=Count("pk", filter=Q(status=CampaignStatus.OPEN), distinct=True),
        in_progress=Count(
            "applications", filter=Q(applications__stage__in=list(ACTIVE_STAGES)), distinct=True
        ),
    )


def open_campaigns_for_manager(user, *, limit: int = 10) -> list[Campaign]:
    """Open campaigns the user manages, longest open first, with applications in progress.
    One query."""
    return list(
        Campaign.objects.managed_by(user)
        .filter(status=CampaignStatus.OPEN)
        .select_related("role__initiative")
        .annotate(
            in_progress=Count("applications", filter=Q(applications__stage__in=list(ACTIVE_STAGES)))
        )
        .order_by("opened", "pk")[:limit]
    )


# --- For research -------------------------------------------------------------------------


@dataclass
class ResearchFigures:
    """Recruitment figures safe for researchers: counts of people below the suppression
    threshold are None, and so are medians taken over fewer people than that."""

    campaigns: int
    reached: dict[str, int | None]
    median_days_to_appointment: float | None
    median_days_in_stage: dict[str, float | None]
    withdrawal_reasons: dict[str, int | None]
    non_appointment_reasons: dict[str, int | None]
    peer_on_panel: Share
    lived_experience_essential: Share


def research_figures(
    campaigns: QuerySet[Campaign], *, threshold: int | None = None
) -> ResearchFigures:
    """Aggregated, suppressed recruitment figures (no names, no per-campaign rows).

    Campaign shares are counts of campaigns, not people, so they are not suppressed.
    """
    from django.conf import settings

    threshold = threshold or settings.PEERWORK_SUPPRESSION_THRESHOLD
    dashboard = recruitment_dashboard(campaigns)

    def count(value: int) -> int | None:
        return value if value >= threshold else None

    return ResearchFigures(
        campaigns=dashboard.campaigns,
        reached={figure.stage: count(figure.reached) for figure in dashboard.stages},
        median_days_to_appointment=dashboard.median_days_to_appointment
        if dashboard.appointments_measured >= threshold
        else None,
        median_days_in_stage={
            figure.stage: figure.median_days if figure.stays >= threshold else None
            for figure in dashboard.stages
        },
        withdrawal_reasons={r.reason: count(r.count) for r in dashboard.withdrawal_reasons},
        non_appointment_reasons={
            r.reason: count(r.count) for r in dashboard.non_appointment_reasons
        },
        peer_on_panel=dashboard.peer_on_panel,
        lived_experience_essential=dashboard.lived_experience_essential,
    )


def peer_on_panel_by_initiative(initiative_ids: list[int]) -> dict[int, Share]:
    """Per initiative: of its campaigns with interviews, how many had a peer worker or service
    user on a panel (one query). Initiatives without interviewed campaigns are left out.

    Counts of campaigns, not people: nothing here needs suppressing.
    """
    rows = (
        Campaign.objects.filter(role__initiative_id__in=initiative_ids)
        .order_by()
        .values("role__initiative_id")
        .annotate(
            interviewed=Count("pk", filter=Q(_interviewed())),
            with_peer=Count("pk", filter=Q(_interviewed()) & Q(_peer_on_panel())),
        )
    )
    return {
        row["role__initiative_id"]: Share(count=row["with_peer"], total=row["interviewed"])
        for row in rows
        if row["interviewed"]
    }


# --- Practice profiles --------------------------------------------------------------------


@dataclass(frozen=True)
class RecruitmentPractice:
    """How an initiative recruited, from its campaigns opened on or before a day."""

    campaigns: int
    routes: tuple[str, ...]  # ``Route`` values used by at least one campaign
    interviewed: int  # campaigns with at least one interview
    peer_on_panel: int  # ... of which a panel had a peer worker or service user
    lived_experience_essential: int  # campaigns whose selection made lived experience essential
    criteria_coproduced: int


def recruitment_practice_by_initiative(
    *, on: dt.date, initiative_ids: Iterable[int] | None = None
) -> dict[int, RecruitmentPractice]:
    """Each initiative's recruitment practice up to ``on`` (one query)."""
    campaigns = Campaign.objects.filter(opened__lte=on)
    if initiative_ids is not None:
        campaigns = campaigns.filter(role__initiative_id__in=list(initiative_ids))
    route_counts = {
        f"route_{route.value}": Count("pk", filter=Q(route=route.value)) for route in Route
    }
    rows = (
        campaigns.order_by()
        .values("role__initiative_id")
        .annotate(
            n=Count("pk"),
            interviewed=Count("pk", filter=Q(_interviewed())),
            peer_on_panel=Count("pk", filter=Q(_interviewed()) & Q(_peer_on_panel())),
            essential=Count(
                "pk", filter=Q(lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL)
            ),
            coproduced=Count("pk", filter=Q(is_criteria_coproduced=True)),
            **route_counts,
        )
    )
    return {
        row["role__initiative_id"]: RecruitmentPractice(
            campaigns=row["n"],
            routes=tuple(route.value for route in Route if row[f"route_{route.value}"]),
            interviewed=row["interviewed"],
            peer_on_panel=row["peer_on_panel"],
            lived_experience_essential=row["essential"],
            criteria_coproduced=row["coproduced"],
        )
        for row in rows
    }
