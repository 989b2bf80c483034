"""Views of the comparison (by context, by initiative, the case table, exports and plots), the
practice profile and declaration of one initiative, and identified-access grants."""

from __future__ import annotations

import hashlib
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.access import Need, get_initiative_for
from comparison import exports, plots, selectors
from comparison import jobs as comparison_jobs
from comparison.access import Audience, audience_for, own_profiles
from comparison.disclosure import MEASURES
from comparison.facts import FACTS_BY_KEY
from comparison.forms import (
    ComparisonForm,
    IdentifiedAccessGrantForm,
    PracticeDeclarationForm,
    parse_quarter,
)
from comparison.models import IdentifiedAccessGrant, PracticeDeclaration
from comparison.services import (
    declaration_save,
    identified_access_grant,
    identified_access_revoke,
)
from jobs.services import job_start
from jobs.shortcuts import offer_job
from peerwork.lib.access import require_administrator, require_researcher
from peerwork.lib.dates import quarter_start
from peerwork.lib.forms import add_service_errors
from peerwork.lib.replica import reads_from_replica

VIEWS = ("context", "initiative")


def _form(request: HttpRequest) -> ComparisonForm:
    return ComparisonForm(
        request.GET or None,
        quarters=selectors.available_quarters(),
        years=selectors.published_years(),
        k=selectors.threshold(),
    )


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _selection(request: HttpRequest, form: ComparisonForm) -> selectors.Selection | None:
    if not form.quarters:
        return None
    if not request.GET:
        first, last = form.default_period()
        return selectors.Selection(
            first=first,
            last=last,
            people_year=selectors.people_year_for(first, last, form.years),
            page=_page(request),
        )
    if form.is_valid():
        return form.selection(page=_page(request))
    return None


def _query(selection: selectors.Selection, **extra) -> QueryDict:
    """The selection as a query, for ``{% querystring query … %}`` in the templates."""
    query = QueryDict(mutable=True)
    for key, value in {**selection.as_query(), **extra}.items():
        if isinstance(value, list | tuple):
            query.setlist(key, [str(item) for item in value])
        else:
            query[key] = str(value)
    return query


def _view(request: HttpRequest, audience: Audience) -> str:
    view = request.GET.get("view", "context")
    if view not in VIEWS or audience == Audience.MANAGER:
        return "context"
    return view


# Rendered pages are kept for this long, keyed by everything they depend on (below); a write
# that changes a profile or a published figure changes the key, so nothing stale is served.
PAGE_CACHE_SECONDS = 600


def _cached_body(request: HttpRequest, template: str, parts: tuple, build) -> str:
    """The page's body from the cache, or rendered by ``build()`` (its context) and kept.

    The key holds the template, the query string, the write generations the page depends on
    (one query: ``comparison.models.Generation``) and ``parts`` (the audience, and whose names or own initiatives the page may show).
    """
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    closed, open_ = selectors.generation()
    current = quarter_start(timezone.localdate())
    last = parse_quarter(request.GET.get("last", ""))
    # A page of a closed period does not change when the open quarter does. (The quarters
    # offered in its form gain a new quarter only when one begins, which the key also holds.)
    shows_open = last is None or last >= current
    key_text = repr(
        (template, request.path, query, closed, open_ if shows_open else None, current, parts)
    )
    key = "comparison:page:" + hashlib.sha256(key_text.encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = render_to_string(template, build(), request=request)
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return body


def _viewer(request: HttpRequest, audience: Audience, view: str) -> tuple:
    """What besides the query makes one viewer's page differ from another's."""
    if audience == Audience.MANAGER:
        return (audience, request.user.pk)  # their own initiatives sit beside the contexts
    if view == "initiative" or view == "case-table":
        # names of the initiatives they hold identified access to, as of now
        return (audience, request.user.pk, selectors.identified_access_key(request.user))
    return (audience,)


@require_GET
@reads_from_replica
def comparison(request: HttpRequest) -> HttpResponse:
    """Facts and people figures by context, or initiatives side by side (researchers)."""
    audience = audience_for(request.user)
    view = _view(request, audience)

    def build() -> dict:
        form = _form(request)
        selection = _selection(request, form)
        context: dict = {"form": form, "audience": audience, "view": view, "matrix": None}
        if selection is not None:
            if view == "initiative":
                matrix = selectors.initiative_matrix(selection, request.user)
            else:
                own = (
                    own_profiles(request.user, selection.last)
                    if audience == Audience.MANAGER
                    else ()
                )
                matrix = selectors.context_matrix(selection, own=own)
            context.update(
                matrix=matrix,
                selection=matrix.selection,
                query=_query(matrix.selection),
                context_spans=_context_spans(matrix.columns) if view == "initiative" else [],
            )
        return context

    body = _cached_body(
        request, "comparison/_comparison_body.html", _viewer(request, audience, view), build
    )
    return render(request, "comparison/comparison.html", {"body": body})


def _context_spans(columns) -> list[tuple[str, int]]:
    from cases.models import Context

    labels = dict(Context.choices)
    spans: list[tuple[str, int]] = []
    for column in columns:
        label = str(labels.get(column.context, ""))
        if spans and spans[-1][0] == label:
            spans[-1] = (label, spans[-1][1] + 1)
        else:
            spans.append((label, 1))
    return spans


@require_GET
@reads_from_replica
def case_table(request: HttpRequest) -> HttpResponse:
    """One row per initiative with the study's columns in words (researchers)."""
    require_researcher(request)
    audience = audience_for(request.user)

    def build() -> dict:
        form = _form(request)
        selection = _selection(request, form)
        context: dict = {"form": form, "table": None}
        if selection is not None:
            table = selectors.case_table(selection, request.user)
            context.update(table=table, selection=table.selection, query=_query(table.selection))
        return context

    body = _cached_body(
        request,
        "comparison/_case_table_body.html",
        _viewer(request, audience, "case-table"),
        build,
    )
    return render(request, "comparison/case_table.html", {"body": body})


def _valid_selection(request: HttpRequest) -> selectors.Selection:
    """Pages reached by links (plots, exports) need a valid period and filters."""
    form = _form(request)
    selection = _selection(request, form)
    if selection is None:
        raise Http404("Invalid period or filters")
    return selection


def _stamp() -> str:
    return timezone.localdate().isoformat()


@require_http_methods(["GET", "POST"])
@reads_from_replica
def comparison_export(request: HttpRequest) -> HttpResponse:
    """CSV or XLSX of a view (``view=context|initiative|case-table|profiles|dictionary``),
    the same figures as the pages, with a data dictionary. An export of more rows than
    ``PEERWORK_EXPORT_INLINE_MAX_ROWS`` is offered as a background job (My downloads)."""
    audience = audience_for(request.user)
    export_format = request.GET.get("format", "csv")
    if export_format not in ("csv", "xlsx"):
        raise Http404("Unknown format")
    view = request.GET.get("view", "context")
    if view not in ("context", "initiative", "case-table", "profiles", "dictionary"):
        raise Http404("Unknown view")
    if audience == Audience.MANAGER and view not in ("context", "dictionary"):
        raise PermissionDenied
    selection = _valid_selection(request)
    rows = comparison_jobs.estimated_rows(view, selection)
    if request.method == "POST" or rows > settings.PEERWORK_EXPORT_INLINE_MAX_ROWS:
        return offer_job(
            request,
            kind=comparison_jobs.EXPORT_KIND,
            title=_("Export: %(view)s, %(period)s (%(format)s)")
            % {"view": view, "period": selection.slug(), "format": export_format.upper()},
            params=comparison_jobs.export_params(view, export_format, selection),
            reason=_("This export has about %(rows)s rows.") % {"rows": rows},
        )
    own = own_profiles(request.user, selection.last) if audience == Audience.MANAGER else ()
    tables = exports.tables_for(view, selection, request.user, own=own)
    filename = f"peerwork-{view}-{selection.slug()}-{_stamp()}"
    if export_format == "xlsx":
        return exports.xlsx_response(filename=f"{filename}.xlsx", tables=tables)
    first = tables[0]
    return exports.csv_response(filename=f"{filename}.csv", header=first.header, rows=first.rows)


@require_http_methods(["GET", "POST"])
def profiles_rebuild_view(request: HttpRequest) -> HttpResponse:
    """Administrators recompute the practice profiles in the background."""
    require_administrator(request)
    if request.method == "POST":
        force = request.POST.get("force") == "on"
        job = job_start(
            owner=request.user,
            kind=comparison_jobs.REBUILD_KIND,
            title=_("Rebuild of practice profiles")
            + (_(" (frozen quarters too)") if force else ""),
            params={"force": force},
        )
        return redirect("jobs:job-detail", public_id=job.public_id)
    return render(request, "comparison/profiles_rebuild.html")


def _plot(request: HttpRequest):
    audience = audience_for(request.user)
    selection = _valid_selection(request)
    own = own_profiles(request.user, selection.last) if audience == Audience.MANAGER else ()
    key = request.GET.get("fact") or request.GET.get("measure") or ""
    if request.GET.get("fact"):
        fact = FACTS_BY_KEY.get(key)
        if fact is None:
            raise Http404("No such fact")
        return selection, plots.fact_plot(selection, fact, own=own)
    measure = next((m for m in MEASURES if m.key == key), None)
    if measure is None:
        raise Http404("No such figure")
    return selection, plots.people_plot(selection, measure, own=own)


@require_GET
@reads_from_replica
def comparison_plot(request: HttpRequest) -> HttpResponse:
    selection, plot = _plot(request)
    return render(
        request,
        "comparison/plot.html",
        {
            "plot": plot,
            "svg": mark_safe(plots.plot_svg(plot)),  # noqa: S308 - every text in it is escaped
            "selection": selection,
            "query": _query(selection),
            "plot_query": _query(selection, **{plot.kind: plot.key}),
        },
    )


@require_GET
@reads_from_replica
def comparison_plot_download(request: HttpRequest) -> HttpResponse:
    download_format = request.GET.get("format", "svg")
    if download_format not in ("svg", "png"):
        raise Http404("Unknown format")
    selection, plot = _plot(request)
    if download_format == "png":
        response = HttpResponse(plots.plot_png(plot), content_type="image/png")
    else:
        response = HttpResponse(plots.plot_svg(plot), content_type="image/svg+xml")
    response["Content-Disposition"] = (
        f'attachment; filename="peerwork-{plot.key}-{selection.slug()}-{_stamp()}.{download_format}"'
    )
    return response


# --- One initiative's practice profile (its service managers) -----------------------------


@require_GET
def initiative_profile(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The initiative's current practice, as a row of the study's table, in words."""
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    card = selectors.profile_card(initiative)
    return render(
        request,
        "comparison/initiative_profile.html",
        {"initiative": initiative, "card": card},
    )


@require_http_methods(["GET", "POST"])
def declaration_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """What the manager states about the initiative's practice, with conflicts shown."""
    initiative = get_initiative_for(request, public_id, need=Need.MANAGE)
    declaration = PracticeDeclaration.objects.filter(
        initiative=initiative
    ).first() or PracticeDeclaration(initiative=initiative)
    functions = selectors.initiative_functions(initiative)
    form = PracticeDeclarationForm(request.POST or None, instance=declaration, functions=functions)
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name]
            for name in (
                "aims",
                "aim_other",
                "informal_recruitment",
                "ongoing_support",
                "formal_supervision",
                "team_preparation",
                "role_modes",
            )
        }
        try:
            declaration_save(
                initiative=initiative,
                expected_version=form.cleaned_data.get("version") if declaration.pk else None,
                values=values,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Practice saved."))
            return redirect("comparison:initiative-profile", initiative.public_id)
    return render(
        request,
        "comparison/declaration_form.html",
        {
            "initiative": initiative,
            "form": form,
            "conflicts": selectors.profile_card(initiative).conflicts,
        },
    )


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
