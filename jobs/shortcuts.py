"""For views: offer to run a long piece of work in the background.

    from jobs.shortcuts import offer_job

    if rows > settings.PEERWORK_EXPORT_INLINE_MAX_ROWS:
        return offer_job(request, kind="comparison-export", title=..., params=..., reason=...)

A GET shows what will happen and a button; the POST (to the same address, query string
included) starts the job and opens its progress page. Starting work is a POST, so a link
or an image elsewhere cannot start jobs in someone's name.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jobs.services import job_start


def offer_job(
    request: HttpRequest,
    *,
    kind: str,
    title: str,
    params: dict[str, Any],
    reason: str = "",
) -> HttpResponse:
    if request.method == "POST":
        job = job_start(owner=request.user, kind=kind, title=title, params=params)
        return redirect("jobs:job-detail", public_id=job.public_id)
    return render(
        request,
        "jobs/offer.html",
        {"title": title, "reason": reason, "action": request.get_full_path()},
    )
