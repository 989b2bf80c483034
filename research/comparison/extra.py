"""Dimensions computed from the recruitment, training and supervision apps.

Those apps are developed alongside research; their models are imported lazily, and each
group of dimensions registers only when the models it reads can be imported, so the
comparison works (with fewer rows) before they land and grows when they do.

Model names used (from the apps' committed models):
- recruitment: Campaign(role, route, opened, closed_on, status, is_criteria_coproduced,
  lived_experience_criterion), Interview(application), PanelMember(interview, perspective),
  Route, CampaignStatus, PEER_PERSPECTIVES;
- training: Enrolment(peer_worker, colleague, session, completed_on), Session(programme),
  TrainingProgramme(category, is_accredited, audience, total_hours), RequiredTraining(role),
  Audience, Category; and ``training.selectors.compliance_rate_by_initiative``;
- supervision: SupervisionArrangement(peer_worker, supervision_type,
  supervisor_has_lived_experience, next_due_on, started, ended), SupervisionType.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from research.comparison.filters import ComparisonFilters

_registered = False


def register_available() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    for register in (_register_recruitment, _register_training, _register_supervision):
        try:
            register()
        except ImportError:
            # The app's models have not landed on this branch yet.
            continue


# --- Recruitment --------------------------------------------------------------------------


def _register_recruitment() -> None:
    from cases.models import LivedExperienceCriterion
    from recruitment.models import (
        PEER_PERSPECTIVES,
        Campaign,
        CampaignStatus,
        Interview,
        PanelMember,
        Route,
    )
    from research.comparison.registry import (
        Dimension,
        Group,
        Kind,
        Source,
        register,
        register_source,
    )

    def campaigns(filters: ComparisonFilters) -> QuerySet:
        rows = Campaign.objects.filter(filters.in_period("opened"))
        if filters.role_function:
            rows = rows.filter(role__functions=filters.role_function)
        return rows.order_by()

    register_source(
        Source(
            "campaigns",
            campaigns,
            "role__initiative",
            "recruitment.Campaign (recruitment rounds opened in the period)",
        )
    )
    source_text = "recruitment.Campaign"
    routes = list(Route.choices)
    register(
        Dimension(
            key="recruitment_route",
            group=Group.RECRUITMENT,
            label=_("Recruitment route"),
            kind=Kind.DISTRIBUTION,
            description=_("Campaigns opened in the period by recruitment route."),
            source_text=f"{source_text}.route",
            is_person_level=False,
            counts=_("campaigns"),
            aggregates=lambda filters: {
                "campaigns": {
                    f"recruitment_route__{value}": Count("pk", filter=Q(route=value))
                    for value, _label in routes
                }
            },
            categories=[(value, label, f"recruitment_route__{value}") for value, label in routes],
            unit="%",
            order=10,
        )
    )

    def proportion(key, label, description, yes, *, of=None, field_text, order):
        def aggregates(filters):
            base = of if of is not None else Q()
            return {
                "campaigns": {
                    f"{key}__yes": Count("pk", filter=base & yes),
                    f"{key}__of": Count("pk", filter=base) if of is not None else Count("pk"),
                }
            }

        register(
            Dimension(
                key=key,
                group=Group.RECRUITMENT,
                label=label,
                kind=Kind.PROPORTION,
                description=description,
                source_text=field_text,
                is_person_level=False,
                counts=_("campaigns"),
                aggregates=aggregates,
                numerator=f"{key}__yes",
                denominator=f"{key}__of",
                unit="%",
                order=order,
            )
        )

    proportion(
        "campaign_lived_experience_essential",
        _("Lived experience essential (campaigns)"),
        _("Share of campaigns whose selection makes lived experience an essential criterion."),
        Q(lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL),
        field_text=f"{source_text}.lived_experience_criterion",
        order=25,
    )
    interviewed = Exists(Interview.objects.filter(application__campaign=OuterRef("pk")))
    peer_panel = Exists(
        PanelMember.objects.filter(
            interview__application__campaign=OuterRef("pk"), perspective__in=list(PEER_PERSPECTIVES)
        )
    )
    proportion(
        "peer_on_panel",
        _("Peer on the interview panel"),
        _("Share of campaigns with interviews in which a panel had a peer worker or service user."),
        Q(peer_panel),
        of=Q(interviewed),
        field_text="recruitment.PanelMember.perspective (via Interview, Application)",
        order=30,
    )
    proportion(
        "criteria_coproduced",
        _("Selection criteria co-produced"),
        _(
            "Share of campaigns whose selection criteria were written with people with lived experience."
        ),
        Q(is_criteria_coproduced=True),
        field_text=f"{source_text}.is_criteria_coproduced",
        order=35,
    )
    register(
        Dimension(
            key="days_to_fill",
            group=Group.RECRUITMENT,
            label=_("Days to fill (median)"),
            kind=Kind.MEDIAN,
            description=_("Median days from a campaign's opening to the day it was marked filled."),
            source_text=f"{source_text}.opened/closed_on (status filled)",
            is_person_level=False,
            counts=_("filled campaigns"),
            median_of=("campaigns", "days_to_fill"),
            median_filter=lambda filters: Q(status=CampaignStatus.FILLED, closed_on__isnull=False),
            median_annotations=lambda filters: {
                "days_to_fill": ExpressionWrapper(
                    F("closed_on") - F("opened"), output_field=DurationField()
                )
            },
            median_transform=_days,
            unit=" days",
            order=50,
        )
    )


def _days(value: Any) -> float:
    if isinstance(value, timedelta):
        return value.days
    return float(value)


# --- Training -----------------------------------------------------------------------------


def _register_training() -> None:
    from cases.models import PeerWorker
    from research.comparison.registry import (
        Dimension,
        Group,
        Kind,
        Source,
        register,
        register_source,
    )
    from training.models import Audience, Category, Enrolment, RequiredTraining

    def current_workers(filters: ComparisonFilters) -> QuerySet:
        as_of = filters.as_of
        rows = PeerWorker.objects.filter(
            Q(ended__isnull=True) | Q(ended__gte=as_of), started__lte=as_of
        )
        if filters.role_function:
            rows = rows.filter(role__functions=filters.role_function)
        return rows.order_by()

    register_source(
        Source(
            "current_workers",
            current_workers,
            "role__initiative",
            "cases.PeerWorker in post at the end of the period",
        )
    )
    peer_hours = (
        Enrolment.objects.filter(
            peer_worker=OuterRef("pk"),
            completed_on__isnull=False,
            session__programme__category=Category.PEER_SPECIFIC,
        )
        .order_by()
        .values("peer_worker")
        .annotate(hours=Sum("session__programme__total_hours"))
        .values("hours")
    )
    register(
        Dimension(
            key="peer_training_hours",
            group=Group.TRAINING,
            label=_("Peer-specific training hours per worker (median)"),
            kind=Kind.MEDIAN,
            description=_(
                "Median, over peer workers in post at the end of the period, of the hours of "
                "peer-specific training they completed (each completion counts the programme's hours)."
            ),
            source_text="training.Enrolment.completed_on; training.TrainingProgramme.category/total_hours",
            is_person_level=True,
            counts=_("peer workers"),
            median_of=("current_workers", "peer_training_hours"),
            median_annotations=lambda filters: {
                "peer_training_hours": Coalesce(
                    Subquery(peer_hours),
                    Value(0),
                    output_field=DecimalField(max_digits=8, decimal_places=1),
                )
            },
            unit=" h",
            order=10,
        )
    )
    accredited = Exists(
        Enrolment.objects.filter(
            peer_worker=OuterRef("pk"),
            completed_on__isnull=False,
            session__programme__is_accredited=True,
        )
    )
    register(
        Dimension(
            key="accredited_training",
            group=Group.TRAINING,
            label=_("Completed accredited training"),
            kind=Kind.PROPORTION,
            description=_(
                "Share of peer workers in post who completed at least one accredited programme."
            ),
            source_text="training.Enrolment.completed_on; training.TrainingProgramme.is_accredited",
            is_person_level=True,
            counts=_("peer workers"),
            aggregates=lambda filters: {
                "current_workers": {
                    "accredited_training__yes": Count("pk", filter=Q(accredited)),
                    "accredited_training__of": Count("pk"),
                }
            },
            numerator="accredited_training__yes",
            denominator="accredited_training__of",
            unit="%",
            order=20,
        )
    )

    # Team preparation: for each role with a host team, was any colleague of that team
    # through team-preparation training on or before the team's first peer worker started?
    first_start = (
        PeerWorker.objects.filter(role__host_team=OuterRef("host_team"))
        .order_by("started")
        .values("started")[:1]
    )
    team_prepared = Exists(
        Enrolment.objects.filter(
            colleague__team=OuterRef("host_team"),
            completed_on__isnull=False,
            session__programme__audience=Audience.TEAM_COLLEAGUES,
            completed_on__lte=OuterRef("team_first_start"),
        )
    )
    register(
        Dimension(
            key="team_prepared_before_start",
            group=Group.TRAINING,
            label=_("Team prepared before the first peer worker started"),
            kind=Kind.PROPORTION,
            description=_(
                "Share of roles whose host team had a colleague complete team-preparation "
                "training on or before the team's first peer worker started (roles with a host "
                "team in which a peer worker has started)."
            ),
            source_text="training.Enrolment (colleagues, audience team colleagues); cases.PeerWorker.started",
            is_person_level=False,
            counts=_("roles"),
            aliases=lambda filters: {"roles": {"team_first_start": Subquery(first_start)}},
            aggregates=lambda filters: {
                "roles": {
                    "team_prepared__yes": Count(
                        "pk", filter=Q(team_first_start__isnull=False) & Q(team_prepared)
                    ),
                    "team_prepared__of": Count("pk", filter=Q(team_first_start__isnull=False)),
                }
            },
            numerator="team_prepared__yes",
            denominator="team_prepared__of",
            unit="%",
            order=30,
        )
    )

    from training import selectors as training_selectors

    if hasattr(training_selectors, "compliance_rate_by_initiative"):

        def compliance(initiative_ids: list[int], filters: ComparisonFilters) -> dict[int, dict]:
            summaries = training_selectors.compliance_rate_by_initiative(
                initiative_ids, on=filters.as_of
            )
            return {
                pk: {"compliance__valid": summary.valid, "compliance__required": summary.required}
                for pk, summary in summaries.items()
            }

        register_source(
            Source(
                "compliance",
                None,
                "role__initiative",
                "training.selectors.compliance_rate_by_initiative",
                per_initiative=compliance,
            )
        )
        required = Exists(RequiredTraining.objects.filter(role=OuterRef("role")))
        register(
            Dimension(
                key="training_compliance",
                group=Group.TRAINING,
                label=_("Training compliance"),
                kind=Kind.PROPORTION,
                description=_(
                    "Share of required training items (peer worker × required programme) that are "
                    "valid (compliant or due within 30 days) at the end of the period; n counts items."
                ),
                source_text="training.selectors.compliance_rate_by_initiative; training.RequiredTraining",
                is_person_level=True,
                counts=_("required items"),
                aggregates=lambda filters: {
                    "compliance": {},
                    "current_workers": {"compliance__people": Count("pk", filter=Q(required))},
                },
                numerator="compliance__valid",
                denominator="compliance__required",
                people_from="compliance__people",
                unit="%",
                order=40,
            )
        )


# --- Supervision --------------------------------------------------------------------------


def _register_supervision() -> None:
    from research.comparison.registry import (
        Dimension,
        Group,
        Kind,
        Source,
        register,
        register_source,
    )
    from supervision.models import SupervisionArrangement, SupervisionType

    def arrangements(filters: ComparisonFilters) -> QuerySet:
        as_of = filters.as_of
        rows = SupervisionArrangement.objects.filter(
            Q(ended__isnull=True) | Q(ended__gte=as_of), started__lte=as_of
        )
        if filters.role_function:
            rows = rows.filter(peer_worker__role__functions=filters.role_function)
        return rows.order_by()

    register_source(
        Source(
            "arrangements",
            arrangements,
            "peer_worker__role__initiative",
            "supervision.SupervisionArrangement active at the end of the period",
        )
    )
    people = {"supervision__people": Count("peer_worker", distinct=True)}
    types = list(SupervisionType.choices)
    register(
        Dimension(
            key="supervision_types",
            group=Group.SUPERVISION,
            label=_("Supervision types in place"),
            kind=Kind.DISTRIBUTION,
            description=_("Active supervision arrangements at the end of the period, by type."),
            source_text="supervision.SupervisionArrangement.supervision_type",
            is_person_level=True,
            counts=_("arrangements"),
            aggregates=lambda filters: {
                "arrangements": {
                    **people,
                    **{
                        f"supervision_types__{value}": Count("pk", filter=Q(supervision_type=value))
                        for value, _label in types
                    },
                }
            },
            categories=[(value, label, f"supervision_types__{value}") for value, label in types],
            people_from="supervision__people",
            unit="%",
            order=5,
        )
    )
    register(
        Dimension(
            key="supervisor_lived_experience",
            group=Group.SUPERVISION,
            label=_("Supervisor with lived experience"),
            kind=Kind.PROPORTION,
            description=_(
                "Share of active supervision arrangements whose supervisor has lived experience."
            ),
            source_text="supervision.SupervisionArrangement.supervisor_has_lived_experience",
            is_person_level=True,
            counts=_("arrangements"),
            aggregates=lambda filters: {
                "arrangements": {
                    **people,
                    "supervisor_lived__yes": Count(
                        "pk", filter=Q(supervisor_has_lived_experience=True)
                    ),
                    "supervisor_lived__of": Count("pk"),
                }
            },
            numerator="supervisor_lived__yes",
            denominator="supervisor_lived__of",
            people_from="supervision__people",
            unit="%",
            order=20,
        )
    )
    register(
        Dimension(
            key="supervision_on_time",
            group=Group.SUPERVISION,
            label=_("Supervision on time"),
            kind=Kind.PROPORTION,
            description=_(
                "Share of active supervision arrangements not overdue at the end of the period "
                "(next session due on or after that day)."
            ),
            source_text="supervision.SupervisionArrangement.next_due_on",
            is_person_level=True,
            counts=_("arrangements"),
            aggregates=lambda filters: {
                "arrangements": {
                    **people,
                    "supervision_on_time__yes": Count(
                        "pk", filter=Q(next_due_on__gte=filters.as_of)
                    ),
                    "supervision_on_time__of": Count("pk"),
                }
            },
            numerator="supervision_on_time__yes",
            denominator="supervision_on_time__of",
            people_from="supervision__people",
            unit="%",
            order=30,
        )
    )


def build_synthetic(initiatives, roles, workers, rng) -> None:
    """Synthetic recruitment, training and supervision rows for the benchmark (when installed).

    Per role: a campaign with one interviewed applicant; per initiative: a peer-specific
    programme that its roles require and most of its workers completed; per worker in post: a
    supervision arrangement. Bulk inserts only.
    """
    for build in (_synthetic_recruitment, _synthetic_training, _synthetic_supervision):
        try:
            build(roles, workers, rng)
        except ImportError:
            continue


def _synthetic_recruitment(roles, workers, rng) -> None:
    import datetime as dt

    from django.utils import timezone

    from cases.models import LivedExperienceCriterion
    from recruitment.models import (
        Application,
        Campaign,
        CampaignStatus,
        Interview,
        PanelMember,
        Perspective,
        Route,
    )

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
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

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
    import datetime as dt

    from django.utils import timezone

    from accounts.models import User
    from supervision.models import SupervisionArrangement, SupervisionType

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
