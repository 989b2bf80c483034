"""Reads for the cases domain, with their joins and aggregates done in the database."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cases.models import (
    ImplementationMilestone,
    Initiative,
    InitiativePartner,
    PeerWorker,
    PeerWorkerRole,
    Team,
)


def initiative_list(*, user) -> QuerySet[Initiative]:
    """Initiatives the user can open, with counts for the list page (2 queries in all:
    the initiatives with their counts, and their service settings)."""
    today = timezone.localdate()
    current_workers = PeerWorker.objects.filter(role__initiative=OuterRef("pk")).filter(
        Q(ended__isnull=True) | Q(ended__gte=today), started__lte=today
    )
    return (
        Initiative.objects.visible_to(user)
        .annotate(
            role_count=Count("roles", distinct=True),
            current_worker_count=_subquery_count(current_workers),
            late_milestone_count=Count(
                "milestones",
                filter=Q(milestones__achieved__isnull=True, milestones__planned__lt=today),
                distinct=True,
            ),
        )
        .prefetch_related("settings")
        .order_by("name")
    )


def _subquery_count(queryset):
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    counted = queryset.order_by().values("role__initiative").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def initiative_detail(*, initiative: Initiative) -> dict:
    """Everything the initiative page shows, in a fixed number of queries."""
    partners = list(
        InitiativePartner.objects.filter(initiative=initiative)
        .select_related("organisation")
        .order_by("organisation__name", "part")
    )
    today = timezone.localdate()
    roles = list(
        PeerWorkerRole.objects.filter(initiative=initiative)
        .select_related("employer", "host_team", "host_team__setting")
        .prefetch_related(
            "functions",
            Prefetch(
                "peer_workers",
                queryset=PeerWorker.objects.select_related("user").order_by("-started"),
            ),
        )
        .annotate(
            current_count=Count(
                "peer_workers",
                filter=Q(peer_workers__started__lte=today)
                & (Q(peer_workers__ended__isnull=True) | Q(peer_workers__ended__gte=today)),
            )
        )
        .order_by("title")
    )
    milestones = list(
        ImplementationMilestone.objects.filter(initiative=initiative)
        .select_related("milestone_type")
        .order_by("planned", "achieved", "pk")
    )
    partner_groups: dict = {}
    for partner in partners:
        partner_groups.setdefault(partner.organisation, []).append(partner.get_part_display())
    return {
        "partners": partners,
        "partner_groups": list(partner_groups.items()),
        "roles": roles,
        "milestones": milestones,
    }


def teams_for_organisation(*, organisation) -> QuerySet[Team]:
    has_roles = PeerWorkerRole.objects.filter(host_team=OuterRef("pk"))
    return (
        Team.objects.filter(organisation=organisation)
        .select_related("setting")
        .annotate(role_count=Count("hosted_roles"), is_hosting=Exists(has_roles))
        .order_by("name")
    )


def posts_for_user(*, user) -> QuerySet[PeerWorker]:
    return PeerWorker.objects.filter(user=user).select_related(
        "role", "role__initiative", "role__employer", "role__host_team"
    )
