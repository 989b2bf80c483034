"""Reads of the audit log for the administrators' search page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from peerwork.lib.audit import audience_restricted_models


def log_entries(
    *,
    actor: str = "",
    content_type_id: int | None = None,
    action: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str = "",
    viewer: Any = None,
) -> QuerySet[LogEntry]:
    """Entries matching the filters, newest first, with actor and content type selected.

    The text search looks into changed values only of records whose values the viewer may read
    in the log: a search must not tell which supervision summaries contain a word.
    """
    entries: QuerySet[LogEntry] = LogEntry.objects.select_related("actor", "content_type").order_by(
        "-timestamp", "-pk"
    )
    if actor:
        entries = entries.filter(
            Q(actor__email__icontains=actor)
            | Q(actor__full_name__icontains=actor)
            | Q(actor_email__icontains=actor)
        )
    if content_type_id:
        entries = entries.filter(content_type_id=content_type_id)
    if action is not None:
        entries = entries.filter(action=action)
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(
            timestamp__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
        )
    if date_to:
        entries = entries.filter(
            timestamp__lt=dt.datetime.combine(
                date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone
            )
        )
    if text:
        restricted = Q()
        for label in audience_restricted_models():
            app_label, model = label.split(".")
            restricted |= Q(content_type__app_label=app_label, content_type__model=model)
        searchable = ~restricted if restricted else Q()
        entries = entries.annotate(changes_as_text=Cast("changes", TextField())).filter(
            Q(object_repr__icontains=text) | (Q(changes_as_text__icontains=text) & searchable)
        )
    return entries
