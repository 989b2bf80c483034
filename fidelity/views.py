"""Views of the fidelity app: instruments, waves, rating, consensus, statistics, comparison,
trajectories, exports — for researchers — and a site's published scores for its managers.

Every research view calls an access helper (403 for anyone but researchers) before reading.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fidelity import access, exports, plots, selectors, services
from fidelity.forms import (
    ConsensusForm,
    ErosionForm,
    GroupingForm,
    InstrumentForm,
    InterviewForm,
    ItemForm,
    ItemImportForm,
    RatingForm,
    WaveForm,
)
from fidelity.models import Interview, Rating
from peerwork.lib.audit import log_read
from peerwork.lib.exports import Table, csv_response, xlsx_response
from peerwork.lib.forms import add_service_errors

# --- Overview ---------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    access.require_fidelity_researcher(request)
    return render(
        request,
        "fidelity/home.html",
        {
            "waves": selectors.waves(),
            "instruments": selectors.instruments(),
            "counts": selectors.rating_counts(request.user),
        },
    )


# --- Instruments ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def instrument_create(request: HttpRequest) -> HttpResponse:
    access.require_fidelity_researcher(request)
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instrument = services.instrument_create(
                name=data["name"],
                citation=data["citation"],
                licence_note=data["licence_note"],
                scale_labels=data["scale"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Instrument created. Import its items next."))
            return redirect("fidelity:instrument-detail", instrument.public_id)
    return render(request, "fidelity/form.html", {"form": form, "heading": _("New instrument")})


@require_GET
def instrument_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    instrument = access.get_instrument_for(request, public_id)
    return render(
        request,
        "fidelity/instrument_detail.html",
        {
            "view": selectors.instrument_view(instrument),
            "in_use": services.instrument_in_use(instrument),
            "import_form": ItemImportForm(),
            "item_form": ItemForm(),
        },
    )


@require_POST
def item_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Enter one item (and its domain, if new) into a version no wave uses yet."""
    instrument = access.get_instrument_for(request, public_id)
    form = ItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_add(
                instrument=instrument,
                domain_key=data["domain_key"],
                domain_name=data["domain_name"],
                code=data["code"],
                text=data["text"],
                informant_types=data["informant_types"],
                anchors=data["anchors"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Item %(code)s added.") % {"code": item.code})
            return redirect("fidelity:instrument-detail", instrument.public_id)
    return render(
        request,
        "fidelity/instrument_detail.html",
        {
            "view": selectors.instrument_view(instrument),
            "in_use": services.instrument_in_use(instrument),
            "import_form": ItemImportForm(),
            "item_form": form,
        },
        status=400,
    )


@require_POST
def instrument_new_version(request: HttpRequest, public_id: UUID) -> HttpResponse:
    instrument = access.get_instrument_for(request, public_id)
    copy = services.instrument_new_version(instrument=instrument, created_by=request.user)
    messages.success(
        request,
        _("Version %(version)s created; edit it before a wave uses it.")
        % {"version": copy.version},
    )
    return redirect("fidelity:instrument-detail", copy.public_id)


@require_POST
def instrument_import(request: HttpRequest, public_id: UUID) -> HttpResponse:
    instrument = access.get_instrument_for(request, public_id)
    form = ItemImportForm(request.POST, request.FILES)
    if form.is_valid():
        header, rows = form.cleaned_data["file"]
        try:
            count = services.instrument_import_items(
                instrument=instrument, header=header, rows=rows
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s items imported.") % {"n": count})
            return redirect("fidelity:instrument-detail", instrument.public_id)
    return render(
        request,
        "fidelity/instrument_detail.html",
        {
            "view": selectors.instrument_view(instrument),
            "in_use": services.instrument_in_use(instrument),
            "import_form": form,
            "item_form": ItemForm(),
        },
        status=400,
    )


@require_GET
def instrument_template(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The instrument's items as an import file: a template to fill in, or to edit and re-import
    into a new version."""
    instrument = access.get_instrument_for(request, public_id)
    view = selectors.instrument_view(instrument)
    rows = []
    for domain, items in view.domains:
        for item in items:
            anchors = {anchor.value: anchor.text for anchor in item.anchors.all()}
            rows.append(
                [
                    domain.key,
                    domain.name,
                    item.code,
                    item.text,
                    "yes" if item.for_peer_worker else "no",
                    "yes" if item.for_supervisor else "no",
                    "yes" if item.for_person_supported else "no",
                    *(anchors.get(value, "") for value in instrument.scale),
                ]
            )
    table = Table(_("Items"), services.import_columns(instrument), rows)
    filename = f"{slugify(instrument.name)}-v{instrument.version}-items"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(filename=f"{filename}.xlsx", tables=[table])
    return csv_response(filename=f"{filename}.csv", header=table.header, rows=table.rows)


# --- Waves ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def wave_create(request: HttpRequest) -> HttpResponse:
    access.require_fidelity_researcher(request)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wave = services.wave_create(
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                instrument=data["instrument"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Wave created."))
            return redirect("fidelity:wave-detail", wave.public_id)
    return render(request, "fidelity/form.html", {"form": form, "heading": _("New wave")})


@require_http_methods(["GET", "POST"])
def wave_update(request: HttpRequest, public_id: UUID) -> HttpResponse:
    wave = access.get_wave_for(request, public_id)
    form = WaveForm(
        request.POST or None,
        editing=True,
        initial={"name": wave.name, "starts_on": wave.starts_on, "ends_on": wave.ends_on},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wave_update(
                wave=wave, name=data["name"], starts_on=data["starts_on"], ends_on=data["ends_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Wave saved."))
            return redirect("fidelity:wave-detail", wave.public_id)
    return render(request, "fidelity/form.html", {"form": form, "heading": _("Edit wave")})


def _wave_page(
    request: HttpRequest, wave: Any, form: InterviewForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "fidelity/wave_detail.html",
        {"wave": wave, "rows": selectors.wave_interviews(wave, request.user), "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def wave_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The wave's interviews with their rating progress, and a form to add one."""
    wave = access.get_wave_for(request, public_id)
    form = InterviewForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.interview_add(
                    wave=wave,
                    initiative=data["initiative"],
                    informant_type=data["informant_type"],
                    reference=data["reference"],
                    interviewed_on=data["interviewed_on"],
                    source=data["source"],
                    added_by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Interview added."))
                return redirect("fidelity:wave-detail", wave.public_id)
        return _wave_page(request, wave, form, status=400)
    return _wave_page(request, wave, form)


@require_POST
def wave_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Let each site's managers see their own site's consensus scores (audited)."""
    wave = access.get_wave_for(request, public_id)
    try:
        if request.POST.get("action") == "withdraw":
            services.wave_unpublish(wave=wave)
            messages.success(request, _("Site managers no longer see this wave's scores."))
        else:
            services.wave_publish(wave=wave, published_by=request.user)
            messages.success(
                request, _("Each site's managers can now see their own site's scores.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("fidelity:wave-detail", wave.public_id)


# --- Rating ------------------------------------------------------------------------------------


@require_GET
def interview_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Progress of the interview's two ratings; both side by side only once both are submitted
    (until then each rater sees only their own), and the consensus."""
    interview = access.get_interview_for(request, public_id)
    return _interview_page(request, interview, None)


def _interview_page(
    request: HttpRequest, interview: Interview, form: ConsensusForm | None, *, status: int = 200
) -> HttpResponse:
    pair = selectors.pair_view(interview, request.user)
    if pair is not None and pair.consensus is None and form is None:
        form = ConsensusForm(
            disagreements=pair.disagreements,
            raters=pair.raters,
            scale=interview.wave.instrument.scale,
        )
    ratings = list(
        Rating.objects.filter(interview=interview).select_related("rater").order_by("started")
    )
    own = next((rating for rating in ratings if rating.rater_id == request.user.pk), None)
    return render(
        request,
        "fidelity/interview_detail.html",
        {
            "interview": interview,
            "ratings": ratings,
            "own": own,
            "pair": pair,
            "consensus_form": form,
            "can_start": own is None and len(ratings) < 2 and not (pair and pair.consensus),
        },
        status=status,
    )


@require_POST
def rating_start(request: HttpRequest, public_id: UUID) -> HttpResponse:
    interview = access.get_interview_for(request, public_id)
    try:
        rating = services.rating_start(interview=interview, rater=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("fidelity:interview-detail", interview.public_id)
    return redirect("fidelity:rating-edit", rating.public_id)


@require_http_methods(["GET", "POST"])
def rating_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The rater's own sheet: item by item, with anchors and a note per item."""
    rating = access.get_own_rating_for(request, public_id)
    rows = selectors.rating_sheet(rating)
    form = RatingForm(request.POST or None, rows=rows, rating=rating)
    if request.method == "POST":
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.rating_save(
                    rating=rating,
                    scores=form.scores(),
                    notes=form.notes(),
                    submit=submit,
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Rating submitted.") if submit else _("Rating saved."))
                if submit:
                    return redirect("fidelity:interview-detail", rating.interview.public_id)
                return redirect("fidelity:rating-edit", rating.public_id)
        status = 400
    else:
        status = 200
    interview = rating.interview
    if interview.source is not None:
        log_read(interview.source)
    return render(
        request,
        "fidelity/rating_form.html",
        {
            "rating": rating,
            "interview": interview,
            "form": form,
            "instrument": interview.wave.instrument,
        },
        status=status,
    )


@require_POST
def consensus_record(request: HttpRequest, public_id: UUID) -> HttpResponse:
    interview = access.get_interview_for(request, public_id)
    pair = selectors.pair_view(interview, request.user)
    if pair is None:
        # Before both ratings are in, nobody may see (or settle) them.
        raise Http404("Not found")
    form = ConsensusForm(
        request.POST,
        disagreements=pair.disagreements,
        raters=pair.raters,
        scale=interview.wave.instrument.scale,
    )
    if form.is_valid():
        try:
            services.consensus_record(
                interview=interview,
                scores=form.scores(),
                notes={},
                agreed_by=list(form.cleaned_data["agreed_by"]),
                recorded_by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consensus recorded."))
            return redirect("fidelity:interview-detail", interview.public_id)
    return _interview_page(request, interview, form, status=400)


# --- Statistics and scores ------------------------------------------------------------------------


@require_GET
def wave_statistics(request: HttpRequest, public_id: UUID) -> HttpResponse:
    wave = access.get_wave_for(request, public_id)
    return render(
        request,
        "fidelity/wave_statistics.html",
        {
            "wave": wave,
            "agreement": selectors.agreement(wave),
            "consistency": selectors.consistency(wave),
            "limit": 15,
        },
    )


@require_GET
def wave_comparison(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Site scores by context or by a practice fact, suppressed below k sites, with a plot."""
    wave = access.get_wave_for(request, public_id)
    form = GroupingForm(request.GET or None)
    grouping = form.cleaned_data["by"] if form.is_valid() and form.cleaned_data["by"] else "context"
    comparison = selectors.group_comparison(wave, grouping)
    return render(
        request,
        "fidelity/wave_comparison.html",
        {
            "wave": wave,
            "form": form,
            "comparison": comparison,
            "svg": mark_safe(plots.group_plot_svg(comparison)),  # noqa: S308 - escaped SVG
        },
    )


@require_GET
def trajectories(request: HttpRequest) -> HttpResponse:
    """Every rated site's fidelity across waves (small multiples), and the erosion question."""
    access.require_fidelity_researcher(request)
    form = ErosionForm(request.GET or None)
    drop = Decimal("0.5")
    if form.is_valid() and form.cleaned_data["drop"] is not None:
        drop = form.cleaned_data["drop"]
    found = selectors.trajectories()
    return render(
        request,
        "fidelity/trajectories.html",
        {
            "trajectories": found,
            "form": form,
            "erosion": selectors.erosion(found, drop=float(drop)),
            "svg": mark_safe(plots.trajectories_svg(found)),  # noqa: S308 - escaped SVG
        },
    )


@require_GET
def site_trajectory(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """One site (by research code): domains wave by wave, practice facts quarter by quarter,
    published yearly headcount and implementation milestones."""
    initiative = access.get_research_site_for(request, public_id)
    found = selectors.trajectories([initiative.pk])
    if not found:
        raise Http404("No rated waves for this site")
    trajectory = found[0]
    return render(
        request,
        "fidelity/site_trajectory.html",
        {
            "trajectory": trajectory,
            "svg": mark_safe(plots.site_timeline_svg(trajectory)),  # noqa: S308 - escaped SVG
        },
    )


@require_GET
def framework_matrix(request: HttpRequest) -> HttpResponse:
    """The qualitative framework matrix with each site's latest fidelity scores beside its
    themes."""
    access.require_fidelity_researcher(request)
    from qualitative.selectors import framework_matrix as qualitative_matrix

    matrix = qualitative_matrix(level=1)
    latest = selectors.latest_site_scores()
    domains = selectors.latest_domains()
    return render(
        request,
        "fidelity/framework_matrix.html",
        {"matrix": matrix, "latest": latest, "domains": domains},
    )


# --- Exports --------------------------------------------------------------------------------


EXPORT_KINDS = ("long", "wide", "scores", "dictionary")


@require_GET
def wave_export(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """``?kind=long|wide|scores|dictionary&format=csv|xlsx|json``; the XLSX carries every
    table and the data dictionary. Ratings follow the blind rule."""
    wave = access.get_wave_for(request, public_id)
    kind = request.GET.get("kind", "long")
    export_format = request.GET.get("format", "csv")
    if kind not in EXPORT_KINDS or export_format not in ("csv", "xlsx", "json"):
        raise Http404("Unknown export")
    tables = {
        "long": lambda: exports.long_table(wave, request.user),
        "wide": lambda: exports.wide_table(wave, request.user),
        "scores": lambda: exports.scores_table(wave),
        "dictionary": lambda: exports.dictionary_table(wave),
    }
    filename = f"peerwork-fidelity-{slugify(wave.name)}-{kind}-{timezone.localdate().isoformat()}"
    if export_format == "xlsx":
        chosen = (
            [tables[kind](), exports.dictionary_table(wave)]
            if kind != "dictionary"
            else [tables[kind]()]
        )
        return xlsx_response(filename=f"{filename}.xlsx", tables=chosen)
    table = tables[kind]()
    if export_format == "json":
        response = HttpResponse(
            json.dumps({"wave": wave.name, "kind": kind, "rows": exports.json_rows(table)}),
            content_type="application/json",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return csv_response(filename=f"{filename}.csv", header=table.header, rows=table.rows)


# --- Site managers ---------------------------------------------------------------------------


@require_GET
def site_scores(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A site's consensus scores in the waves published to its managers."""
    initiative = access.get_managed_site_for(request, public_id)
    return render(
        request,
        "fidelity/site_scores.html",
        {"initiative": initiative, "published": selectors.published_scores_for(initiative)},
    )
