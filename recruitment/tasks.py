"""Tasks of the recruitment app (run by the worker's daily schedule, see RecruitmentConfig)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from recruitment.services import applications_erase


@task()
def purge_applicants() -> dict[str, int]:
    """``purge_applicants --older-than PEERWORK_APPLICANT_RETENTION_DAYS`` as a task; erasing
    what is already erased changes nothing, so a repeat is harmless."""
    return applications_erase(older_than_days=settings.PEERWORK_APPLICANT_RETENTION_DAYS)
