"""Views of the qualitative corpus (researchers) and of research sharing (peer workers).

Researchers and administrators reach everything under /qualitative/ except the sharing
pages; anyone else gets 403 there. Peer workers reach only /qualitative/sharing/ and only
their own offers (404 for anyone else's).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from jobs.shortcuts import offer_job
from peerwork.lib.access import require_researcher
from peerwork.lib.audit import log_read
from peerwork.lib.exports import Table, attachment, csv_response, dated_filename, xlsx_response
from peerwork.lib.forms import add_service_errors
from peerwork.lib.replica import reads_from_replica
from qualitative import access, selectors, services
from qualitative.forms import (
    CellSummaryForm,
    CodingForm,
    CodingMemoForm,
    MatrixFilterForm,
    OfferForm,
    ProjectForm,
    ReplacementForm,
    SourceForm,
    ThemeForm,
    ThemeMergeForm,
    source_waves,
)
from qualitative.jobs import QDPX_KIND, qdpx_filename
from qualitative.models import CellSummary, Coding, IntervieweeGroup, ResearchProject, Source, Theme
from qualitative.refi import codebook_qdc, project_qdpx, theme_description


def _filters_from(request: HttpRequest) -> tuple[MatrixFilterForm, dict]:
    form = MatrixFilterForm(
        request.GET or None,
        depths=selectors.theme_depths(),
        waves=source_waves(),
        initial={"level": 1},  # the level shown by default, so the select says what is shown
    )
    filters = form.filters() if request.GET else {"level": 1, "group": "", "wave": None}
    return form, filters


# --- Corpus, projects, sources ----------------------------------------------------------


def corpus(request: HttpRequest) -> HttpResponse:
    require_researcher(request)
    group = request.GET.get("group", "")
    if group not in IntervieweeGroup.values:
        group = ""
    wave = request.GET.get("wave", "")
    wave = int(wave) if wave.isdigit() else None
    projects = ResearchProject.objects.order_by("name")
    sources = selectors.sources_for_corpus(group=group, wave=wave)
    return render(
        request,
        "qualitative/corpus.html",
        {
            "projects": projects,
            "sources": sources,
            "group": group,
            "groups": IntervieweeGroup.choices,
            "wave": wave,
            "waves": source_waves(),
        },
    )


def project_create(request: HttpRequest) -> HttpResponse:
    require_researcher(request)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, _("Project created."))
        return redirect("qualitative:project-detail", project.public_id)
    return render(
        request,
        "qualitative/form.html",
        {"form": form, "heading": _("New research project")},
    )


def project_detail(request: HttpRequest, public_id) -> HttpResponse:
    project = access.get_project_for(request, public_id)
    form = ReplacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _entry, changed = services.replacement_add(
                project=project,
                term=form.cleaned_data["term"],
                replacement=form.cleaned_data["replacement"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Added to the list and applied to %(n)s source(s).") % {"n": changed},
            )
            return redirect("qualitative:project-detail", project.public_id)
    return render(
        request,
        "qualitative/project_detail.html",
        {
            "project": project,
            "form": form,
            "replacements": project.replacements.order_by("term"),
            "sources": selectors.sources_for_corpus(project=project),
        },
    )


def source_add(request: HttpRequest, public_id) -> HttpResponse:
    project = access.get_project_for(request, public_id)
    form = SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = services.source_add(
                project=project,
                initiative=data["initiative"],
                title=data["title"],
                text=data["text"],
                interviewee_group=data["interviewee_group"],
                interviewed_on=data["interviewed_on"],
                wave=data["wave"],
                kind=data["kind"],
                added_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Source added (pseudonymised)."))
            return redirect("qualitative:source-detail", source.public_id)
    return render(
        request,
        "qualitative/source_form.html",
        {"form": form, "project": project},
    )


def _coding_page(
    request: HttpRequest,
    source: Source,
    *,
    form: CodingForm | None = None,
    coding: Coding | None = None,
    status: int = 200,
) -> HttpResponse:
    """The coding page of ``source``; with ``coding``, its panel open and its passage marked."""
    is_supervision_record = source.interviewee_group == IntervieweeGroup.SUPERVISION_RECORD
    if is_supervision_record:
        # Words a peer worker shared from their supervision: record who read them.
        log_read(source)
    excerpts = selectors.source_excerpts(source)
    context = {
        "source": source,
        "segments": selectors.segments(source.text, excerpts),
        "excerpts": excerpts,
        "form": form or CodingForm(),
        "is_supervision_record": is_supervision_record,
    }
    if coding is not None:
        context.update(_coding_detail_context(coding))
        context["focus_excerpt"] = str(coding.excerpt.public_id)
    return render(request, "qualitative/source_detail.html", context, status=status)


def _coding_detail_context(coding: Coding) -> dict:
    labels = selectors.theme_labels()
    others = coding.excerpt.codings.exclude(pk=coding.pk).select_related("theme")
    return {
        "coding": coding,
        "colour": selectors.theme_colour(coding.theme_id),
        "theme_path": labels.get(coding.theme_id, coding.theme.name),
        "words": selectors.word_count(coding.excerpt.text),
        "also": [other.theme.name for other in others.order_by("theme__path")],
    }


def _coding_updates(
    request: HttpRequest,
    source: Source,
    *,
    status: str = "",
    alerts: Sequence[str] = (),
    themes: Sequence[Theme] = (),
    clear_detail: bool = False,
    event: str = "",
) -> HttpResponse:
    """The htmx answer of an action on the coding page: the text, the coded passages and the
    counts of ``themes`` as they now are, and ``status`` or ``alerts`` for the live regions."""
    excerpts = selectors.source_excerpts(source)
    response = render(
        request,
        "qualitative/_coding_updates.html",
        {
            "source": source,
            "segments": selectors.segments(source.text, excerpts),
            "excerpts": excerpts,
            "counts": selectors.theme_counts(themes),
            "status": status,
            "alerts": alerts,
            "clear_detail": clear_detail,
        },
    )
    if event:
        trigger_client_event(response, event, after="settle")
    return response


def _quoted_themes(themes: Sequence[Theme]) -> str:
    return ", ".join(f"“{theme.name}”" for theme in themes)


def source_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The coding page: the text with coded passages marked, and the coding form."""
    source = access.get_source_for(request, public_id)
    return _coding_page(request, source)


@require_POST
def source_delete(request: HttpRequest, public_id) -> HttpResponse:
    source = access.get_source_for(request, public_id)
    project_public_id = source.project.public_id
    try:
        services.source_delete(source=source)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("qualitative:source-detail", source.public_id)
    messages.success(request, _("Source deleted with its codings."))
    return redirect("qualitative:project-detail", project_public_id)


@require_POST
def coding_create(request: HttpRequest, public_id) -> HttpResponse:
    """Apply the chosen themes to the selected passage. From the page's script (htmx) the
    answer updates the text in place and says what was coded in the page's live region."""
    source = access.get_source_for(request, public_id)
    form = CodingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        themes = list(data["themes"])
        try:
            codings = services.coding_apply(
                source=source,
                start=data["start"],
                end=data["end"],
                themes=themes,
                coder=request.user,
                memo=data["memo"],
                quote=data["quote"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            passage = source.text[data["start"] : data["end"]]
            applied = sorted((coding.theme for coding in codings), key=lambda theme: theme.name)
            if applied:
                message = _("Coded %(themes)s on “%(start)s” (%(words)s).") % {
                    "themes": _quoted_themes(applied),
                    "start": selectors.passage_start(passage),
                    "words": ngettext("%(n)s word", "%(n)s words", selectors.word_count(passage))
                    % {"n": selectors.word_count(passage)},
                }
            else:
                message = _("%(themes)s already coded on “%(start)s”; nothing added.") % {
                    "themes": _quoted_themes(themes),
                    "start": selectors.passage_start(passage),
                }
            if request.htmx:
                return _coding_updates(
                    request, source, status=message, themes=applied, event="coding-applied"
                )
            messages.success(request, message)
            return redirect("qualitative:source-detail", source.public_id)
    if request.htmx:
        # htmx swaps only successful answers: the errors come with a 200, in the alert region.
        return _coding_updates(
            request,
            source,
            alerts=[error for errors in form.errors.values() for error in errors],
        )
    return _coding_page(request, source, form=form, status=400)


def coding_detail(request: HttpRequest, public_id) -> HttpResponse:
    """One coding: its theme, passage, coder and date, with "Remove coding". The page's
    script (htmx) fetches the panel alone; without it, the coding page opens with the panel
    shown and the passage marked."""
    coding = access.get_coding_for(request, public_id)
    source = coding.excerpt.source
    if not request.htmx:
        return _coding_page(request, source, coding=coding)
    if source.interviewee_group == IntervieweeGroup.SUPERVISION_RECORD:
        log_read(source)
    return render(request, "qualitative/_coding_detail.html", _coding_detail_context(coding))


@require_POST
def coding_update(request: HttpRequest, public_id) -> HttpResponse:
    coding = access.get_coding_for(request, public_id)
    form = CodingMemoForm(request.POST)
    if form.is_valid():
        services.coding_memo_update(coding=coding, memo=form.cleaned_data["memo"])
        messages.success(request, _("Memo saved."))
    return redirect("qualitative:source-detail", coding.excerpt.source.public_id)


@require_POST
def coding_delete(request: HttpRequest, public_id) -> HttpResponse:
    coding = access.get_coding_for(request, public_id)
    source = coding.excerpt.source
    theme = coding.theme
    message = _("Removed the coding “%(theme)s” from “%(start)s”.") % {
        "theme": theme.name,
        "start": selectors.passage_start(coding.excerpt.text),
    }
    services.coding_remove(coding=coding)
    if request.htmx:
        return _coding_updates(
            request,
            source,
            status=message,
            themes=[theme],
            clear_detail=True,
            event="coding-removed",
        )
    messages.success(request, message)
    return redirect("qualitative:source-detail", source.public_id)


# --- Codebook -------------------------------------------------------------------------


def codebook(request: HttpRequest) -> HttpResponse:
    require_researcher(request)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = services.theme_create(
                name=data["name"],
                parent=data["parent"],
                definition=data["definition"],
                memo=data["memo"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
            return redirect("qualitative:codebook")
    return render(
        request,
        "qualitative/codebook.html",
        {"rows": selectors.codebook_rows(with_counts=True), "form": form},
    )


def theme_update(request: HttpRequest, public_id) -> HttpResponse:
    theme = access.get_theme_for(request, public_id)
    initial = {
        "name": theme.name,
        "parent": theme.parent.public_id if theme.parent else "",
        "definition": theme.definition,
        "memo": theme.memo,
    }
    form = ThemeForm(request.POST or None, initial=initial, theme=theme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.theme_update(
                theme=theme,
                name=data["name"],
                definition=data["definition"],
                memo=data["memo"],
                parent=data["parent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Theme saved."))
            return redirect("qualitative:codebook")
    return render(
        request,
        "qualitative/theme_form.html",
        {"form": form, "theme": theme, "merge_form": ThemeMergeForm(theme=theme)},
    )


@require_POST
def theme_merge(request: HttpRequest, public_id) -> HttpResponse:
    theme = access.get_theme_for(request, public_id)
    form = ThemeMergeForm(request.POST, theme=theme)
    if form.is_valid():
        into = form.cleaned_data["into"]
        try:
            moved = services.theme_merge(theme=theme, into=into)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Merged into “%(name)s”; %(n)s coding(s) moved.")
                % {"name": into.name, "n": moved},
            )
            return redirect("qualitative:codebook")
    initial = {
        "name": theme.name,
        "parent": theme.parent.public_id if theme.parent else "",
        "definition": theme.definition,
        "memo": theme.memo,
    }
    return render(
        request,
        "qualitative/theme_form.html",
        {"form": ThemeForm(initial=initial, theme=theme), "theme": theme, "merge_form": form},
        status=400,
    )


# --- Framework matrix -----------------------------------------------------------------


def matrix(request: HttpRequest) -> HttpResponse:
    require_researcher(request)
    form, filters = _filters_from(request)
    framework = selectors.framework_matrix(**filters)
    return render(
        request,
        "qualitative/matrix.html",
        {"matrix": framework, "filter_form": form, "filters": filters},
    )


def cell_excerpts(request: HttpRequest, initiative_id, theme_id) -> HttpResponse:
    initiative = access.get_research_initiative_for(request, initiative_id)
    theme = access.get_theme_for(request, theme_id)
    _form, filters = _filters_from(request)
    excerpts = selectors.cell_excerpts(
        initiative=initiative, theme=theme, group=filters["group"], wave=filters["wave"]
    )
    return render(
        request,
        "qualitative/cell_excerpts.html",
        {
            "initiative": initiative,
            "theme": theme,
            "excerpts": excerpts,
            "labels": selectors.theme_labels(),
        },
    )


def cell_update(request: HttpRequest, initiative_id, theme_id) -> HttpResponse:
    initiative = access.get_research_initiative_for(request, initiative_id)
    theme = access.get_theme_for(request, theme_id)
    summary = CellSummary.objects.filter(initiative=initiative, theme=theme).first()
    initial = {
        "text": summary.text if summary else "",
        "version": summary.version if summary else 0,
    }
    form = CellSummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and not form.is_valid() and "version" in form.errors:
        # The hidden version is not shown with the fields: say plainly what went wrong.
        form.add_error(None, _("This form is out of date. Reload the page and try again."))
    if request.method == "POST" and form.is_valid():
        try:
            services.cell_summary_save(
                initiative=initiative,
                theme=theme,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
                updated_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Summary saved."))
            url = reverse("qualitative:matrix")
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url)
    return render(
        request,
        "qualitative/cell_form.html",
        {
            "form": form,
            "initiative": initiative,
            "theme": theme,
            "summary": summary,
        },
    )


# --- Exports --------------------------------------------------------------------------


def _codings_filename(filters: dict, *, ext: str) -> str:
    """The coded-excerpts file name carries its filters (or says "all") and the date."""
    group = filters["group"]
    wave = filters["wave"]
    parts = [f"group-{group}" if group else "", f"wave-{wave}" if wave is not None else ""]
    return dated_filename("coded-excerpts", *(parts if any(parts) else ["all"]), ext=ext)


def export_codings_csv(request: HttpRequest) -> HttpResponse:
    require_researcher(request)
    _form, filters = _filters_from(request)
    rows = selectors.coding_export_rows(group=filters["group"], wave=filters["wave"])
    return csv_response(
        filename=_codings_filename(filters, ext="csv"),
        header=[label for _key, label in selectors.EXPORT_COLUMNS],
        rows=([row[key] for key, _label in selectors.EXPORT_COLUMNS] for row in rows),
    )


def export_codings_xlsx(request: HttpRequest) -> HttpResponse:
    require_researcher(request)
    _form, filters = _filters_from(request)
    rows = selectors.coding_export_rows(group=filters["group"], wave=filters["wave"])
    table = Table(
        title=_("Coded excerpts"),
        header=[label for _key, label in selectors.EXPORT_COLUMNS],
        rows=([row[key] for key, _label in selectors.EXPORT_COLUMNS] for row in rows),
    )
    return xlsx_response(filename=_codings_filename(filters, ext="xlsx"), tables=[table])


def export_codebook_csv(request: HttpRequest) -> HttpResponse:
    """The codebook as CSV. ``tag`` (the theme path) and ``description`` (definition and memo,
    as in the ``.qdc``) are the columns Taguette reads when it imports a CSV codebook, so their
    headers stay untranslated and lower case."""
    require_researcher(request)
    return csv_response(
        filename=dated_filename("codebook", ext="csv"),
        header=[
            "tag",
            "description",
            _("Name"),
            _("Level"),
            _("Definition"),
            _("Memo"),
            _("Codings"),
        ],
        rows=(
            [
                node.label_path,
                theme_description(node.theme),
                node.theme.name,
                node.theme.depth + 1,
                node.theme.definition,
                node.theme.memo,
                node.theme.coding_count,
            ]
            for node in selectors.codebook_rows(with_counts=True)
        ),
    )


def export_codebook_qdc(request: HttpRequest) -> HttpResponse:
    require_researcher(request)
    return attachment(
        codebook_qdc(),
        filename=dated_filename("codebook", ext="qdc"),
        content_type="application/xml",
    )


@require_http_methods(["GET", "POST"])
@reads_from_replica
def export_project_qdpx(request: HttpRequest, public_id) -> HttpResponse:
    """The project as REFI-QDA; a project of more sources than
    ``PEERWORK_QDPX_INLINE_MAX_SOURCES`` is prepared as a background job (My downloads)."""
    project = access.get_project_for(request, public_id)
    sources = project.sources.count()
    if request.method == "POST" or sources > settings.PEERWORK_QDPX_INLINE_MAX_SOURCES:
        return offer_job(
            request,
            kind=QDPX_KIND,
            title=_("REFI-QDA project: %(name)s") % {"name": project.name},
            params={"project": str(project.public_id)},
            reason=_("The project has %(sources)s sources.") % {"sources": sources},
        )
    return attachment(
        project_qdpx(project), filename=qdpx_filename(project), content_type="application/zip"
    )


# --- Research sharing (peer workers) --------------------------------------------------


def sharing(request: HttpRequest) -> HttpResponse:
    """The worker's sessions they may share from, and everything they have shared."""
    peer_worker = access.get_own_peer_worker(request)
    return render(
        request,
        "qualitative/sharing.html",
        {
            "peer_worker": peer_worker,
            "sessions": selectors.shared_sessions_for(peer_worker),
            "offers": selectors.offers_for(request.user),
        },
    )


def sharing_offer(request: HttpRequest, session_id) -> HttpResponse:
    """Offer one passage of a session's shared summary: preview, then confirm."""
    peer_worker = access.get_own_peer_worker(request)
    session = selectors.shared_session_for(peer_worker, session_id)
    if session is None:
        raise Http404("Not found")
    # The whole summary is proposed; the worker trims it to the passage they want to share.
    form = OfferForm(request.POST or None, initial={"passage": session.shared_summary})
    preview = None
    if request.method == "POST" and form.is_valid():
        passage = form.cleaned_data["passage"]
        try:
            if request.POST.get("action") == "confirm":
                services.supervision_offer_create(
                    peer_worker=peer_worker,
                    session=session,
                    passage=passage,
                    offered_by=request.user,
                )
                messages.success(
                    request, _("Shared with the research team. You can withdraw it at any time.")
                )
                return redirect("qualitative:sharing")
            preview = services.offer_preview(
                peer_worker=peer_worker, session=session, passage=passage
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "qualitative/sharing_offer.html",
        {"session": session, "form": form, "preview": preview, "peer_worker": peer_worker},
        status=400 if form.errors else 200,
    )


@require_POST
def sharing_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    offer = access.get_offer_for(request, public_id)
    services.supervision_offer_withdraw(offer=offer)
    messages.success(
        request,
        _(
            "Withdrawn. The passage and any coding of it have been removed from the research material."
        ),
    )
    return redirect("qualitative:sharing")
