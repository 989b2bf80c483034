"""Views of the cross-context comparison and of identified-access grants."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comparison import exports, plots
from comparison.access import Audience, audience_for
from comparison.filters import ComparisonFilters
from comparison.forms import ComparisonFilterForm, IdentifiedAccessGrantForm
from comparison.models import IdentifiedAccessGrant
from comparison.registry import Dimension
from comparison.services import identified_access_grant, identified_access_revoke
from comparison.tables import Comparison, build_comparison, table_rows
from peerwork.lib.access import require_administrator

VIEWS = ("context", "initiative")


def _filters(request: HttpRequest) -> tuple[ComparisonFilterForm, ComparisonFilters | None]:
    form = ComparisonFilterForm(request.GET or None)
    if not request.GET:
        return form, ComparisonFilters()
    if form.is_valid():
        return form, form.filters()
    return form, None


def _comparison_or_404(request: HttpRequest) -> Comparison:
    """Pages that are reached by links (plots, exports) need valid filters."""
    audience_for(request.user)  # 403 first for people with no business here
    form, filters = _filters(request)
    if filters is None:
        raise Http404("Invalid filters")
    return build_comparison(request.user, filters)


def _dimension_or_404(comparison: Comparison, key: str) -> Dimension:
    dimension = comparison.dimension(key)
    if dimension is None:
        raise Http404("No such dimension")
    return dimension


def _query(filters: ComparisonFilters, **extra) -> str:
    return urlencode({**filters.as_query(), **extra})


def _stamp() -> str:
    return timezone.localdate().isoformat()


@require_GET
def comparison(request: HttpRequest) -> HttpResponse:
    audience = audience_for(request.user)
    form, filters = _filters(request)
    view = request.GET.get("view", "context")
    if view not in VIEWS or audience == Audience.MANAGER:
        view = "context"
    context = {"form": form, "audience": audience, "view": view, "comparison": None}
    if filters is not None:
        result = build_comparison(request.user, filters)
        if audience == Audience.MANAGER:
            columns = [*result.initiative_columns, *result.context_columns]
        elif view == "initiative":
            columns = result.initiative_columns
        else:
            columns = result.context_columns
        context.update(
            comparison=result,
            columns=columns,
            groups=table_rows(result, columns),
            filter_query=_query(filters),
            context_spans=_context_spans(result.initiative_columns) if view == "initiative" else [],
        )
    return render(request, "comparison/comparison.html", context)


def _context_spans(columns) -> list[tuple[str, int]]:
    spans: list[tuple[str, int]] = []
    for column in columns:
        if spans and spans[-1][0] == column.context_label:
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
        else:
            spans.append((column.context_label, 1))
    return spans


@require_GET
def comparison_export(request: HttpRequest) -> HttpResponse:
    export_format = request.GET.get("format", "csv")
    if export_format not in ("csv", "xlsx"):
        raise Http404("Unknown format")
    result = _comparison_or_404(request)
    if export_format == "xlsx":
        response = HttpResponse(
            exports.comparison_xlsx(result),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="comparison-{_stamp()}.xlsx"'
        return response
    table = request.GET.get("table", "initiatives")
    if table not in ("initiatives", "contexts", "dictionary"):
        raise Http404("Unknown table")
    response = HttpResponse(
        exports.comparison_csv(result, table), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="comparison-{table}-{_stamp()}.csv"'
    return response


@require_GET
def comparison_plot(request: HttpRequest) -> HttpResponse:
    result = _comparison_or_404(request)
    dimension = _dimension_or_404(result, request.GET.get("dimension", ""))
    plot = plots.plot_for(result, dimension)
    query = _query(result.filters, dimension=dimension.key)
    return render(
        request,
        "comparison/plot.html",
        {
            "comparison": result,
            "dimension": dimension,
            "plot": plot,
            "svg": mark_safe(plots.plot_svg(plot)),  # noqa: S308 - every text in it is escaped
            "query": query,
            "filter_query": _query(result.filters),
        },
    )


@require_GET
def comparison_plot_download(request: HttpRequest) -> HttpResponse:
    download_format = request.GET.get("format", "svg")
    if download_format not in ("svg", "png"):
        raise Http404("Unknown format")
    result = _comparison_or_404(request)
    dimension = _dimension_or_404(result, request.GET.get("dimension", ""))
    plot = plots.plot_for(result, dimension)
    if download_format == "png":
        response = HttpResponse(plots.plot_png(plot), content_type="image/png")
    else:
        response = HttpResponse(plots.plot_svg(plot), content_type="image/svg+xml")
    response["Content-Disposition"] = (
        f'attachment; filename="comparison-{dimension.key}-{_stamp()}.{download_format}"'
    )
    return response


# --- Identified access (administrators) ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def access_list(request: HttpRequest) -> HttpResponse:
    require_administrator(request)
    form = IdentifiedAccessGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = identified_access_grant(
                researcher=form.cleaned_data["researcher"],
                initiative=form.cleaned_data["initiative"],
                reason=form.cleaned_data["reason"],
                granted_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(researcher)s now has identified access to %(code)s.")
                % {
                    "researcher": grant.researcher.full_name,
                    "code": grant.initiative.research_code,
                },
            )
            return redirect("comparison:access-list")
    grants = IdentifiedAccessGrant.objects.select_related(
        "researcher", "initiative", "granted_by", "revoked_by"
    ).order_by("revoked", "-granted")
    return render(
        request,
        "comparison/access.html",
        {
            "form": form,
            "active_grants": [grant for grant in grants if grant.revoked is None],
            "revoked_grants": [grant for grant in grants if grant.revoked is not None],
        },
    )


def _grant_or_404(researcher_id: UUID, initiative_id: UUID) -> IdentifiedAccessGrant:
    """The active grant of one researcher for one initiative (administrators only call this)."""
    grant = (
        IdentifiedAccessGrant.objects.active()
        .select_related("researcher", "initiative")
        .filter(researcher__public_id=researcher_id, initiative__public_id=initiative_id)
        .first()
    )
    if grant is None:
        raise Http404("No active grant")
    return grant


@require_POST
def access_revoke(request: HttpRequest, researcher_id: UUID, initiative_id: UUID) -> HttpResponse:
    require_administrator(request)
    grant = _grant_or_404(researcher_id, initiative_id)
    try:
        identified_access_revoke(grant=grant, revoked_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Identified access of %(researcher)s to %(code)s revoked.")
            % {"researcher": grant.researcher.full_name, "code": grant.initiative.research_code},
        )
    return redirect("comparison:access-list")
