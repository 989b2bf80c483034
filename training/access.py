"""Access helpers for training's tenant objects.

A programme belongs to its ``organisation``; its sessions, enrolments and feedback belong to
it too. Required training belongs to the role's initiative (any partner's members).
The rule of ``cases.access``: outsiders get 404, members whose role lacks ``need`` get 403.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cases.access import Need, check_need, partner_ids
from training.models import Enrolment, RequiredTraining, Session, TrainingProgramme


def get_programme_for(
    request: HttpRequest, public_id, *, need: Need = Need.VIEW
) -> TrainingProgramme:
    """One programme, with ``organisation`` and ``provider_organisation`` selected."""
    programme = get_object_or_404(
        TrainingProgramme.objects.select_related("organisation", "provider_organisation"),
        public_id=public_id,
    )
    check_need(request.user, {programme.organisation_id}, need)
    return programme


def get_session_for(request: HttpRequest, public_id, *, need: Need = Need.VIEW) -> Session:
    """One session, with ``programme`` and ``programme.organisation`` selected."""
    session = get_object_or_404(
        Session.objects.select_related("programme", "programme__organisation"), public_id=public_id
    )
    check_need(request.user, {session.programme.organisation_id}, need)
    return session


def get_enrolment_for(request: HttpRequest, public_id, *, need: Need = Need.VIEW) -> Enrolment:
    """One enrolment, with its session, programme, peer worker and colleague selected."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related(
            "session", "session__programme", "peer_worker", "colleague", "colleague__team"
        ),
        public_id=public_id,
    )
    check_need(request.user, {enrolment.session.programme.organisation_id}, need)
    return enrolment


def get_required_training_for(
    request: HttpRequest, public_id, *, need: Need = Need.VIEW
) -> RequiredTraining:
    """One requirement, with ``role``, ``role.initiative`` and ``programme`` selected."""
    requirement = get_object_or_404(
        RequiredTraining.objects.select_related("role", "role__initiative", "programme"),
        public_id=public_id,
    )
    check_need(request.user, partner_ids(requirement.role.initiative), need)
    return requirement


def get_programme_for_feedback(request: HttpRequest, public_id) -> TrainingProgramme:
    """A programme someone may be asked for feedback on: they attended one of its sessions
    (whatever their organisation), or they belong to its organisation. Outsiders get 404;
    whether a member may actually leave feedback is for the caller to decide."""
    programme = get_object_or_404(
        TrainingProgramme.objects.select_related("organisation"), public_id=public_id
    )
    is_attendee = Enrolment.objects.filter(
        session__programme=programme, peer_worker__user=request.user
    ).exists()
    if not is_attendee:
        check_need(request.user, {programme.organisation_id}, Need.VIEW)
    return programme
