"""The REST API, version 1. Every endpoint applies the rule of the page it mirrors: outsiders
get 404, a role that may not act 403; researchers read pseudonymised figures suppressed
exactly as on the comparison pages (through ``comparison.selectors``)."""

from __future__ import annotations

import contextlib

from auditlog.context import call_context_manager
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api import serializers
from api.models import AccessToken
from api.permissions import IsFidelityResearcher, IsManager, IsResearcher, TokenScopeAllows
from cases.access import (
    Need,
    get_initiative_for,
    get_milestone_for,
    get_peer_worker_for,
    get_role_for,
    uuid_or_404,
)
from cases.models import ImplementationMilestone, InitiativePartner, PeerWorker, PeerWorkerRole
from comparison import exports as comparison_exports
from comparison import selectors as comparison_selectors
from comparison.forms import ComparisonForm
from fidelity import access as fidelity_access
from fidelity import exports as fidelity_exports
from fidelity import selectors as fidelity_selectors
from qualitative import selectors as qualitative_selectors
from supervision.models import SupervisionSession
from training.models import Enrolment

# django-auditlog's own context (what ``set_actor`` uses), given extra data for the entries.
_auditlog_context = contextlib.contextmanager(call_context_manager)


@contextlib.contextmanager
def audited_as_client(request: Request):
    """Audit entries written inside name the user and the API client (the token's name)."""
    token = request.auth
    client = (
        f"API token “{token.name}” ({token.prefix}…)"
        if isinstance(token, AccessToken)
        else "API (signed-in browser)"
    )
    context = {
        "actor": request.user,
        "remote_addr": request.META.get("REMOTE_ADDR"),
        "additional_data": {"client": client},
    }
    with _auditlog_context(context):
        yield


class ManagerMixin:
    permission_classes = [IsAuthenticated, TokenScopeAllows, IsManager]

    def perform_create(self, serializer) -> None:
        with audited_as_client(self.request):
            serializer.save()

    def perform_update(self, serializer) -> None:
        with audited_as_client(self.request):
            serializer.save()


def _uuid_filter(request: Request, name: str):
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        return uuid_or_404(value)
    except Http404:
        raise ValidationError({name: "Not a valid id."}) from None


# --- Initiatives --------------------------------------------------------------------------


def _initiatives_loaded(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(
        "settings",
        Prefetch("partners", queryset=InitiativePartner.objects.select_related("organisation")),
    ).order_by("research_code")


class InitiativeList(ManagerMixin, generics.ListCreateAPIView):
    """Initiatives of the organisations you manage. 3 queries a page (count, page, and the
    settings and partners prefetched)."""

    serializer_class = serializers.InitiativeSerializer

    def get_queryset(self):
        return _initiatives_loaded(serializers.managed_initiatives(self.request.user))


class InitiativeDetail(ManagerMixin, generics.RetrieveUpdateAPIView):
    serializer_class = serializers.InitiativeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        initiative = get_initiative_for(self.request, self.kwargs["public_id"], need=Need.MANAGE)
        return _initiatives_loaded(type(initiative).objects.filter(pk=initiative.pk)).get()


# --- Roles --------------------------------------------------------------------------------


@extend_schema(
    parameters=[
        OpenApiParameter(
            "initiative", OpenApiTypes.UUID, description="Only this initiative's roles."
        )
    ]
)
class RoleList(ManagerMixin, generics.ListAPIView):
    serializer_class = serializers.RoleSerializer

    def get_queryset(self):
        roles = PeerWorkerRole.objects.filter(
            initiative__in=serializers.managed_initiatives(self.request.user).values("pk")
        ).select_related("initiative", "employer")
        initiative = _uuid_filter(self.request, "initiative")
        if initiative is not None:
            roles = roles.filter(initiative__public_id=initiative)
        return roles.order_by("initiative__research_code", "title")


class RoleDetail(ManagerMixin, generics.RetrieveAPIView):
    serializer_class = serializers.RoleSerializer

    def get_object(self):
        return get_role_for(self.request, self.kwargs["public_id"], need=Need.MANAGE)


# --- Peer workers -------------------------------------------------------------------------


class PeerWorkerList(ManagerMixin, generics.ListCreateAPIView):
    serializer_class = serializers.PeerWorkerSerializer

    def get_queryset(self):
        return (
            PeerWorker.objects.filter(
                role__initiative__in=serializers.managed_initiatives(self.request.user).values("pk")
            )
            .select_related("role__initiative")
            .order_by("pseudonym")
        )


class PeerWorkerDetail(ManagerMixin, generics.RetrieveUpdateAPIView):
    serializer_class = serializers.PeerWorkerSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return get_peer_worker_for(self.request, self.kwargs["public_id"], need=Need.MANAGE)


# --- Training records ---------------------------------------------------------------------


class TrainingRecordList(ManagerMixin, generics.ListCreateAPIView):
    """Completions of training by the peer workers of your initiatives."""

    serializer_class = serializers.TrainingRecordSerializer

    def get_queryset(self):
        workers = PeerWorker.objects.filter(
            role__initiative__in=serializers.managed_initiatives(self.request.user).values("pk")
        )
        return (
            Enrolment.objects.filter(
                peer_worker__in=workers.values("pk"), completed_on__isnull=False
            )
            .select_related("peer_worker", "session__programme")
            .order_by("peer_worker__pseudonym", "completed_on", "pk")
        )


# --- Milestones ---------------------------------------------------------------------------


class MilestoneList(ManagerMixin, generics.ListCreateAPIView):
    serializer_class = serializers.MilestoneSerializer

    def get_queryset(self):
        return (
            ImplementationMilestone.objects.filter(
                initiative__in=serializers.managed_initiatives(self.request.user).values("pk")
            )
            .select_related("initiative", "milestone_type")
            .order_by("initiative__research_code", "planned", "pk")
        )


class MilestoneDetail(ManagerMixin, generics.RetrieveUpdateAPIView):
    serializer_class = serializers.MilestoneSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return get_milestone_for(self.request, self.kwargs["public_id"], need=Need.MANAGE)


# --- Research (pseudonymised, read only) --------------------------------------------------------

COMPARISON_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in (
        ("first", "First quarter of the period, e.g. 2025-Q1 (as on the comparison page)."),
        ("last", "Last quarter of the period."),
        ("context", "Organisational contexts to include (repeat the parameter)."),
        ("region", "NHS England regions to include."),
        ("setting", "Service settings to include."),
    )
]


def _selection(request: Request):
    """The period and filters as the comparison page reads them (its own form): without a
    period, the page's default one."""
    form = ComparisonForm(
        request.query_params.copy(),
        quarters=comparison_selectors.available_quarters(),
        years=comparison_selectors.published_years(),
        k=comparison_selectors.threshold(),
    )
    if not form.quarters:
        return None
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.selection(page=1)


class ResearchTable(generics.ListAPIView):
    permission_classes = [IsAuthenticated, TokenScopeAllows, IsResearcher]
    serializer_class = serializers.RowSerializer

    def rows(self, selection) -> list[dict]:
        raise NotImplementedError

    def get_queryset(self):
        selection = _selection(self.request)
        return [] if selection is None else self.rows(selection)


@extend_schema(
    parameters=[
        *COMPARISON_PARAMETERS,
        OpenApiParameter("view", OpenApiTypes.STR, enum=["context", "initiative"]),
    ]
)
class ResearchComparison(ResearchTable):
    """The comparison's figures in long form (one row per column × figure), pseudonymised and
    suppressed exactly as on the comparison page for the same period and filters."""

    def rows(self, selection) -> list[dict]:
        view = self.request.query_params.get("view", "context")
        if view == "initiative":
            matrix = comparison_selectors.initiative_matrix(
                selection, self.request.user, paginate=False
            )
        elif view == "context":
            matrix = comparison_selectors.context_matrix(selection)
        else:
            raise ValidationError({"view": "Use context or initiative."})
        header = comparison_exports.MATRIX_HEADER
        return [
            dict(zip(header, row, strict=True)) for row in comparison_exports.matrix_rows(matrix)
        ]


@extend_schema(parameters=COMPARISON_PARAMETERS)
class ResearchCaseTable(ResearchTable):
    """The case table: one row per initiative, as on the case table page."""

    def rows(self, selection) -> list[dict]:
        table = comparison_selectors.case_table(selection, self.request.user, paginate=False)
        header, rows = comparison_exports.case_table_rows(table)
        return [dict(zip(header, row, strict=True)) for row in rows]


@extend_schema(
    parameters=[
        OpenApiParameter("group", OpenApiTypes.STR, description="Interviewee group."),
        OpenApiParameter("wave", OpenApiTypes.INT, description="Wave of interviews."),
    ]
)
class ResearchExcerpts(generics.ListAPIView):
    """Coded excerpts of the qualitative corpus (pseudonymised, consented material only), as
    in the coding export."""

    permission_classes = [IsAuthenticated, TokenScopeAllows, IsResearcher]
    serializer_class = serializers.RowSerializer

    def get_queryset(self):
        wave = self.request.query_params.get("wave")
        if wave is not None and not wave.isdigit():
            raise ValidationError({"wave": "A whole number."})
        return qualitative_selectors.coding_export_rows(
            group=self.request.query_params.get("group", ""),
            wave=int(wave) if wave else None,
        )


# --- Research: fidelity ratings (researchers only, blind rule) ----------------------------------


def _fidelity_wave(request: Request):
    """The wave named by ``?wave=`` (required): 400 without a valid id, 404 for no such wave."""
    if not request.query_params.get("wave"):
        raise ValidationError({"wave": "Name the wave by its id (see research/fidelity/waves)."})
    return fidelity_access.get_wave_for(request, _uuid_filter(request, "wave"))


FIDELITY_WAVE = OpenApiParameter(
    "wave",
    OpenApiTypes.UUID,
    required=True,
    description="The wave's id, from research/fidelity/waves.",
)


class FidelityWaves(generics.ListAPIView):
    """The waves of the fidelity study, newest first, with their instrument version and how many
    sites, interviews and agreed (consensus) interviews each has. 4 queries a page."""

    permission_classes = [IsAuthenticated, TokenScopeAllows, IsFidelityResearcher]
    serializer_class = serializers.FidelityWaveSerializer

    def get_queryset(self):
        return fidelity_selectors.waves()


class FidelityTable(generics.ListAPIView):
    """A table of ``fidelity.exports`` as rows (column name → value)."""

    permission_classes = [IsAuthenticated, TokenScopeAllows, IsFidelityResearcher]
    serializer_class = serializers.RowSerializer

    def table(self, wave):
        raise NotImplementedError

    def get_queryset(self):
        return fidelity_exports.json_rows(self.table(_fidelity_wave(self.request)))


@extend_schema(
    parameters=[
        FIDELITY_WAVE,
        OpenApiParameter(
            "layout",
            OpenApiTypes.STR,
            enum=["long", "wide"],
            description=(
                "long (default): one row per item × interview × rater; wide: one row per "
                "interview × rater, one column per item."
            ),
        ),
    ]
)
class FidelityRatings(FidelityTable):
    """Ratings of a wave, as in the wave's export. The blind rule holds: you receive your own
    ratings, and another researcher's only once both ratings of the interview are submitted
    (``Rating.objects.visible_to``); the agreed scores come as rater ``consensus``."""

    def table(self, wave):
        layout = self.request.query_params.get("layout", "long")
        if layout == "long":
            return fidelity_exports.long_table(wave, self.request.user)
        if layout == "wide":
            return fidelity_exports.wide_table(wave, self.request.user)
        raise ValidationError({"layout": "Use long or wide."})


@extend_schema(parameters=[FIDELITY_WAVE])
class FidelityScores(FidelityTable):
    """Each site's consensus domain scores and total in the wave (agreed scores only)."""

    def table(self, wave):
        return fidelity_exports.scores_table(wave)


@extend_schema(parameters=[FIDELITY_WAVE])
class FidelityDictionary(FidelityTable):
    """What every column of the ratings and scores means, with the wave's items and scale."""

    def table(self, wave):
        return fidelity_exports.dictionary_table(wave)


# --- Supervision: your own records ----------------------------------------------------------------


class SupervisionRecords(generics.ListAPIView):
    """Your supervision records as peer worker or supervisor (subject access). A private
    reflection is returned only to its author."""

    serializer_class = serializers.SupervisionRecordSerializer

    def get_queryset(self):
        return (
            SupervisionSession.objects.for_party(self.request.user)
            .select_related("arrangement__peer_worker", "arrangement__supervisor")
            .order_by("-held_on", "-pk")
        )


class ApiRoot(generics.GenericAPIView):
    """The endpoints of version 1."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        from django.urls import reverse

        names = [
            "initiative-list",
            "role-list",
            "peer-worker-list",
            "training-record-list",
            "milestone-list",
            "research-comparison",
            "research-case-table",
            "research-excerpts",
            "research-fidelity-waves",
            "research-fidelity-ratings",
            "research-fidelity-scores",
            "research-fidelity-dictionary",
            "supervision-records",
        ]
        return Response(
            {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names}
        )
