"""The dimensions the comparison shows, grouped by the app whose records they count.

``register_all()`` runs once, from ``ComparisonConfig.ready()``; the order of registration
is the display order within a group (after each dimension's ``order``). The recruitment,
training and supervision figures are read from those apps' models and selectors: the
comparison sits above them (accounts ← cases ← recruitment, training, supervision ←
comparison).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

from cases.models import (
    Contract,
    Employment,
    LeavingReason,
    LivedExperienceCriterion,
    PayBand,
    PeerWorker,
    PeerWorkerRole,
    SharingExpectation,
    YesNoUnknown,
)
from comparison.filters import ComparisonFilters
from comparison.registry import (
    Aggregates,
    Dimension,
    Group,
    Kind,
    Source,
    register,
    register_source,
)
from recruitment.models import (
    PEER_PERSPECTIVES,
    Campaign,
    CampaignStatus,
    Interview,
    PanelMember,
    Route,
)
from supervision.models import SupervisionArrangement, SupervisionType
from training.models import Audience, Category, Enrolment, RequiredTraining
from training.selectors import compliance_rate_by_initiative


def register_all() -> None:
    """Register every source and dimension (idempotent: keys are replaced, not added)."""
    _register_cases()
    _register_recruitment()
    _register_training()
    _register_supervision()


# --- Cases: roles and the people in them ----------------------------------------------------


def _roles(filters: ComparisonFilters) -> QuerySet:
    roles = PeerWorkerRole.objects.all()
    if filters.role_function:
        roles = roles.filter(functions=filters.role_function)
    return roles.order_by()


def _workers(filters: ComparisonFilters) -> QuerySet:
    workers = PeerWorker.objects.filter(started__lte=filters.as_of).alias(
        tenure=ExpressionWrapper(F("ended") - F("started"), output_field=DurationField())
    )
    if filters.role_function:
        workers = workers.filter(role__functions=filters.role_function)
    return workers.order_by()


def role_proportion(
    key: str,
    group: str,
    label,
    description,
    yes: Q,
    *,
    known: Q | None = None,
    source_text: str,
    order: int = 0,
) -> Dimension:
    """Share of peer worker roles (posts) for which ``yes`` holds (among ``known`` ones)."""
    base = known if known is not None else Q()

    def aggregates(filters: ComparisonFilters) -> Aggregates:
        return {
            "roles": {
                f"{key}__yes": Count("pk", filter=base & yes),
                f"{key}__of": Count("pk", filter=base) if known is not None else Count("pk"),
            }
        }

    return register(
        Dimension(
            key=key,
            group=group,
            label=label,
            kind=Kind.PROPORTION,
            description=description,
            source_text=source_text,
            is_person_level=False,
            counts=_("roles"),
            aggregates=aggregates,
            numerator=f"{key}__yes",
            denominator=f"{key}__of",
            unit="%",
            order=order,
        )
    )


def role_distribution(
    key: str,
    group: str,
    label,
    description,
    field_name: str,
    choices,
    *,
    source_text: str,
    exclude: Sequence[str] = (),
    order: int = 0,
) -> Dimension:
    categories = [(value, label_) for value, label_ in choices if value not in exclude]

    def aggregates(filters: ComparisonFilters) -> Aggregates:
        return {
            "roles": {
                f"{key}__{value}": Count("pk", filter=Q(**{field_name: value}))
                for value, _label in categories
            }
        }

    return register(
        Dimension(
            key=key,
            group=group,
            label=label,
            kind=Kind.DISTRIBUTION,
            description=description,
            source_text=source_text,
            is_person_level=False,
            counts=_("roles"),
            aggregates=aggregates,
            categories=[(value, label_, f"{key}__{value}") for value, label_ in categories],
            unit="%",
            order=order,
        )
    )


ROLE = "cases.PeerWorkerRole"


def _register_cases() -> None:
    register_source(
        Source("roles", _roles, "initiative", "cases.PeerWorkerRole (the posts of each initiative)")
    )
    register_source(
        Source("workers", _workers, "role__initiative", "cases.PeerWorker (people in the posts)")
    )

    # Structural — recruitment (from the role's person specification; campaign-level ones are
    # registered from the recruitment app's campaigns below).
    role_proportion(
        "lived_experience_essential",
        Group.RECRUITMENT,
        _("Lived experience essential"),
        _(
            "Share of roles whose person specification makes lived experience an essential criterion."
        ),
        Q(lived_experience_criterion=LivedExperienceCriterion.ESSENTIAL),
        source_text=f"{ROLE}.lived_experience_criterion",
        order=20,
    )
    role_proportion(
        "jd_coproduced",
        Group.RECRUITMENT,
        _("Job description co-produced"),
        _("Share of roles whose job description was written with people with lived experience."),
        Q(is_jd_coproduced=True),
        source_text=f"{ROLE}.is_jd_coproduced",
        order=40,
    )

    # Structural — terms and conditions
    role_distribution(
        "employment",
        Group.TERMS,
        _("Paid, sessional or volunteer"),
        _("Roles by employment type."),
        "employment",
        Employment.choices,
        source_text=f"{ROLE}.employment",
        order=10,
    )
    role_distribution(
        "pay_band",
        Group.TERMS,
        _("Pay band"),
        _("Roles by NHS Agenda for Change band (other grades and unpaid roles shown separately)."),
        "pay_band",
        PayBand.choices,
        source_text=f"{ROLE}.pay_band",
        order=20,
    )
    role_proportion(
        "pay_parity",
        Group.TERMS,
        _("Pay parity"),
        _(
            "Share of roles paid on a par with a comparable non-peer role, among roles where this is known."
        ),
        Q(pay_parity=YesNoUnknown.YES),
        known=~Q(pay_parity=YesNoUnknown.UNKNOWN),
        source_text=f"{ROLE}.pay_parity",
        order=30,
    )
    register(
        Dimension(
            key="hours_per_week",
            group=Group.TERMS,
            label=_("Hours per week (median)"),
            kind=Kind.MEDIAN,
            description=_("Median contracted hours per week across roles."),
            source_text=f"{ROLE}.hours_per_week",
            is_person_level=False,
            counts=_("roles"),
            median_of=("roles", "hours_per_week"),
            unit=" h",
            order=40,
        )
    )
    role_proportion(
        "flexible_hours",
        Group.TERMS,
        _("Flexible hours"),
        _("Share of roles with flexible hours."),
        Q(has_flexible_hours=True),
        source_text=f"{ROLE}.has_flexible_hours",
        order=50,
    )
    role_distribution(
        "contract",
        Group.TERMS,
        _("Contract"),
        _("Roles by type of contract."),
        "contract",
        Contract.choices,
        source_text=f"{ROLE}.contract",
        order=60,
    )

    # Structural — supervision and management (planned arrangements on the role)
    for _field, _key, _label in [
        ("plans_peer_supervision", "plans_peer_supervision", _("Planned: peer supervision")),
        (
            "plans_managerial_supervision",
            "plans_managerial_supervision",
            _("Planned: managerial supervision"),
        ),
        (
            "plans_clinical_supervision",
            "plans_clinical_supervision",
            _("Planned: clinical supervision"),
        ),
        (
            "plans_group_supervision",
            "plans_group_supervision",
            _("Planned: group reflective supervision"),
        ),
    ]:
        role_proportion(
            _key,
            Group.SUPERVISION,
            _label,
            _("Share of roles whose planned supervision arrangements include this type."),
            Q(**{_field: True}),
            source_text=f"{ROLE}.{_field}",
            order=10,
        )
    role_proportion(
        "peer_line_manager",
        Group.SUPERVISION,
        _("Line manager is a peer"),
        _("Share of roles line-managed by someone with lived experience."),
        Q(has_peer_line_manager=True),
        source_text=f"{ROLE}.has_peer_line_manager",
        order=60,
    )

    # Role boundaries
    role_proportion(
        "clinical_record_access",
        Group.BOUNDARIES,
        _("Access to clinical records"),
        _("Share of roles with access to clinical records."),
        Q(has_clinical_record_access=True),
        source_text=f"{ROLE}.has_clinical_record_access",
        order=10,
    )
    role_proportion(
        "attends_team_meetings",
        Group.BOUNDARIES,
        _("Attends team meetings"),
        _("Share of roles that attend team meetings."),
        Q(attends_team_meetings=True),
        source_text=f"{ROLE}.attends_team_meetings",
        order=20,
    )
    role_distribution(
        "sharing_expectation",
        Group.BOUNDARIES,
        _("Expectation about sharing lived experience"),
        _("Roles by what the organisation expects about sharing lived experience."),
        "sharing_expectation",
        SharingExpectation.choices,
        source_text=f"{ROLE}.sharing_expectation",
        order=30,
    )

    # Workforce
    register(
        Dimension(
            key="funded_posts",
            group=Group.WORKFORCE,
            label=_("Funded posts (headcount)"),
            kind=Kind.COUNT,
            description=_("Number of funded peer worker posts (headcount)."),
            source_text=f"{ROLE}.funded_headcount",
            is_person_level=False,
            counts=_("posts"),
            aggregates=lambda filters: {"roles": {"funded_posts__sum": Sum("funded_headcount")}},
            total="funded_posts__sum",
            order=10,
        )
    )

    def _filled(filters: ComparisonFilters) -> Aggregates:
        as_of = filters.as_of
        return {
            "workers": {
                "posts_filled__in_post": Count(
                    "pk",
                    filter=Q(started__lte=as_of) & (Q(ended__isnull=True) | Q(ended__gte=as_of)),
                )
            },
            "roles": {"posts_filled__funded": Sum("funded_headcount")},
        }

    register(
        Dimension(
            key="posts_filled",
            group=Group.WORKFORCE,
            label=_("Funded posts filled"),
            kind=Kind.PROPORTION,
            description=_(
                "Peer workers in post at the end of the period as a share of funded posts "
                "(headcount); n is the number of funded posts."
            ),
            source_text="cases.PeerWorker.started/ended; cases.PeerWorkerRole.funded_headcount",
            is_person_level=True,
            counts=_("funded posts"),
            aggregates=_filled,
            numerator="posts_filled__in_post",
            denominator="posts_filled__funded",
            people_from="numerator",
            unit="%",
            order=20,
        )
    )

    def _retention(key: str, days: int) -> Callable[[ComparisonFilters], Aggregates]:
        def aggregates(filters: ComparisonFilters) -> Aggregates:
            cohort = filters.in_period("started") & Q(
                started__lte=filters.as_of - timedelta(days=days)
            )
            stayed = Q(ended__isnull=True) | Q(tenure__gte=timedelta(days=days))
            return {
                "workers": {
                    f"{key}__cohort": Count("pk", filter=cohort),
                    f"{key}__stayed": Count("pk", filter=cohort & stayed),
                }
            }

        return aggregates

    for _key, _days, _label in [
        ("retention_6m", 183, _("Retention at 6 months")),
        ("retention_12m", 365, _("Retention at 12 months")),
    ]:
        register(
            Dimension(
                key=_key,
                group=Group.WORKFORCE,
                label=_label,
                kind=Kind.PROPORTION,
                description=_(
                    "Of the peer workers who started in the period at least this long before its "
                    "end, the share still in post this long after they started."
                ),
                source_text="cases.PeerWorker.started/ended",
                is_person_level=True,
                counts=_("peer workers"),
                aggregates=_retention(_key, _days),
                numerator=f"{_key}__stayed",
                denominator=f"{_key}__cohort",
                unit="%",
                order=30,
            )
        )

    # (category, label, stored value): a leaver with no reason recorded is a category too.
    _REASONS = [
        *[(value, label, value) for value, label in LeavingReason.choices if value],
        ("not_recorded", _("Not recorded"), ""),
    ]

    def _leaving(filters: ComparisonFilters) -> Aggregates:
        left = Q(ended__isnull=False) & filters.in_period("ended")
        return {
            "workers": {
                f"leaving_reasons__{value}": Count("pk", filter=left & Q(leaving_reason=stored))
                for value, _label, stored in _REASONS
            }
        }

    register(
        Dimension(
            key="leaving_reasons",
            group=Group.WORKFORCE,
            label=_("Leaving reasons"),
            kind=Kind.DISTRIBUTION,
            description=_("Peer workers who left in the period, by their reason for leaving."),
            source_text="cases.PeerWorker.ended/leaving_reason",
            is_person_level=True,
            counts=_("leavers"),
            aggregates=_leaving,
            categories=[
                (value, label, f"leaving_reasons__{value}") for value, label, _s in _REASONS
            ],
            unit="%",
            order=40,
        )
    )


# --- Recruitment --------------------------------------------------------------------------


def _register_recruitment() -> None:
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

    def compliance(initiative_ids: list[int], filters: ComparisonFilters) -> dict[int, dict]:
        summaries = compliance_rate_by_initiative(initiative_ids, on=filters.as_of)
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
