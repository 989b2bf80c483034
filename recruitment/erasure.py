"""Eraser for applicants' identifying data (see peerwork.lib.erasure).

Applicants usually have no account, so the eraser also takes the e-mail address given to
``erase_person``. Stages, dates, reasons, interviews and scores stay for the figures.
"""

from __future__ import annotations

from django.db.models import Q

from recruitment.models import Application
from recruitment.services import application_blank


def erase_applications(*, user, peer_workers, email, stdout) -> list[str]:
    """Applications sent from ``email``, and those that led to the person's peer worker posts."""
    matches = Q(pk__in=[])
    if email and email.strip():
        matches |= Q(email__iexact=email.strip())
    posts = [peer_worker.pk for peer_worker in peer_workers]
    if posts:
        matches |= Q(peer_worker__in=posts)
    applications = (
        Application.objects.filter(matches, erased__isnull=True)
        .select_for_update(of=("self",))
        .select_related("campaign")
        .order_by("pk")
    )
    erased = []
    for application in applications:
        notes = application_blank(application=application)
        line = (
            f"applicant {application.public_id} in campaign {application.campaign.public_id}: "
            "name, e-mail address, telephone and adjustments removed"
        )
        if notes:
            line += f"; {notes} stage notes blanked"
        erased.append(line)
    return erased
