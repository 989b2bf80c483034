"""Service managers import spreadsheets: upload, preview, confirm; templates per kind."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.access import require_manager_somewhere, uuid_or_404
from imports import services
from imports.forms import UploadForm
from imports.kinds import KINDS, Scope
from imports.models import ImportJob, ImportStatus, RowAction
from peerwork.lib.exports import Table, csv_response, xlsx_response

# Rows of each action listed on the preview page (the counts cover them all).
PREVIEW_LIMIT = 200


def _job_for(request: HttpRequest, public_id) -> ImportJob:
    """The user's own import; anyone else's is 404."""
    require_manager_somewhere(request)
    return get_object_or_404(
        ImportJob.objects.filter(owner=request.user), public_id=uuid_or_404(public_id)
    )


@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    require_manager_somewhere(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_start(
                owner=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=upload.read(),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            services.import_dispatch(job=job, phase="check")
            return redirect("imports:job", public_id=job.public_id)
    jobs = ImportJob.objects.filter(owner=request.user).only(
        "public_id", "kind", "file_name", "status", "total_rows", "created"
    )[:10]
    return render(
        request,
        "imports/index.html",
        {
            "form": form,
            "kinds": KINDS,
            "jobs": jobs,
            "max_bytes": settings.PEERWORK_IMPORT_MAX_BYTES,
            "max_rows": f"{settings.PEERWORK_IMPORT_MAX_ROWS:,}",
        },
        status=400 if form.errors else 200,
    )


@require_GET
def template(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    """The kind's columns with the records already in the user's scope: edit and import."""
    require_manager_somewhere(request)
    if kind not in KINDS or extension not in {"csv", "xlsx"}:
        raise Http404("Not found")
    import_kind = KINDS[kind]
    rows = import_kind.template_rows(Scope.for_user(request.user))
    filename = f"peerwork-{kind}.{extension}"
    if extension == "csv":
        return csv_response(filename=filename, header=import_kind.column_names, rows=rows)
    return xlsx_response(
        filename=filename,
        tables=[Table(str(import_kind.label), import_kind.column_names, rows)],
    )


@require_GET
def job(request: HttpRequest, public_id) -> HttpResponse:
    import_job = _job_for(request, public_id)
    kind = KINDS[import_job.kind]
    context = {"job": import_job, "kind": kind}
    if import_job.status in {ImportStatus.CHECKED, ImportStatus.FAILED, ImportStatus.DONE}:
        results = import_job.results
        context["refused"] = [r for r in results if r[1] == RowAction.REFUSE][:PREVIEW_LIMIT]
        context["changes"] = [r for r in results if r[1] in {RowAction.CREATE, RowAction.UPDATE}][
            :PREVIEW_LIMIT
        ]
        context["preview_limit"] = PREVIEW_LIMIT
        context["columns"] = kind.column_names
    return render(request, "imports/job.html", context)


@require_GET
def job_progress(request: HttpRequest, public_id) -> HttpResponse:
    """The progress bar, polled by htmx while the rows are checked or written."""
    import_job = _job_for(request, public_id)
    response = render(request, "imports/_progress.html", {"job": import_job})
    if not import_job.is_running and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def job_confirm(request: HttpRequest, public_id) -> HttpResponse:
    import_job = _job_for(request, public_id)
    try:
        if import_job.status != ImportStatus.CHECKED:
            raise ValidationError(_("This import has already been written or abandoned."))
        if import_job.refused_count:
            raise ValidationError(
                _("Nothing was imported: correct the refused rows and upload the file again.")
            )
        services.import_dispatch(job=import_job, phase="write")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        import_job.refresh_from_db()
        if import_job.status == ImportStatus.DONE:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s updated.")
                % {"created": import_job.created_count, "updated": import_job.updated_count},
            )
        elif import_job.status == ImportStatus.FAILED:
            messages.error(request, import_job.message)
    return redirect("imports:job", public_id=import_job.public_id)
