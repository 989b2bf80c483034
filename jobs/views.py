"""My downloads: the jobs a person started, their progress, their files."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jobs import selectors
from jobs.access import get_job_for
from jobs.services import job_retry

# The page asks for news this often while a job runs (seconds).
POLL_SECONDS = 2


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "jobs/job_list.html",
        {"jobs": selectors.jobs_for_owner(request.user), "poll_seconds": POLL_SECONDS},
    )


@require_GET
def job_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    job = get_job_for(request, public_id)
    return render(request, "jobs/job_detail.html", {"job": job, "poll_seconds": POLL_SECONDS})


@require_GET
def job_progress(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The progress block alone, polled by htmx until the job finishes."""
    job = get_job_for(request, public_id)
    response = render(request, "jobs/_progress.html", {"job": job, "poll_seconds": POLL_SECONDS})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def job_download(request: HttpRequest, public_id: UUID) -> HttpResponse:
    job = get_job_for(request, public_id)
    if job.is_expired or job.file_purged:
        return render(request, "jobs/expired.html", {"job": job}, status=410)
    if not job.file:
        raise Http404("No file")
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def job_retry_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    job = get_job_for(request, public_id)
    try:
        job_retry(job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Trying again: the steps that had finished are kept."))
    return redirect("jobs:job-detail", public_id=job.public_id)
