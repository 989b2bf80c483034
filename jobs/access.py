"""Who may open a job: its owner, nobody else (not even an administrator: the file may hold
figures or names the owner's access allowed)."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from jobs.models import Job


def get_job_for(request: HttpRequest, public_id: UUID) -> Job:
    """The signed-in user's job; 404 for any other (we do not confirm it exists)."""
    return get_object_or_404(Job.objects.owned_by(request.user), public_id=public_id)
