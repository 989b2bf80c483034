"""Reads of the jobs app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jobs.models import Job

# "My downloads" lists this many of the latest jobs (older ones expire anyway).
LIST_LIMIT = 100


def jobs_for_owner(owner: Any) -> QuerySet[Job]:
    """The owner's latest jobs, newest first, in one query."""
    return Job.objects.owned_by(owner).order_by("-created", "-pk")[:LIST_LIMIT]
