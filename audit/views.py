"""The administrators' searchable audit log."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.forms import LogFilterForm
from audit.selectors import log_entries
from peerwork.lib.access import require_administrator
from peerwork.lib.audit import change_rows

PAGE_SIZE = 50


def log(request: HttpRequest) -> HttpResponse:
    """Every audit entry, filtered by who, record type, action, dates and text."""
    require_administrator(request)
    form = LogFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor": data["actor"].strip(),
            "content_type_id": data["model"],
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "text": data["text"].strip(),
        }
    elif form.is_bound:
        filters = None
    page = None
    entries = []
    if filters is not None:
        page = Paginator(log_entries(**filters, viewer=request.user), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        entries = [(entry, change_rows(entry, request.user)) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "entries": entries},
    )
