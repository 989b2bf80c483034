"""Access helpers for recruitment records.

Applicant data is stricter than the rest of peerwork: only service managers of an organisation
that partners the campaign's initiative may see it. Supervisors and peer workers of a partner
get 403; anyone else — other organisations, researchers and platform administrators without
a management membership — gets 404, so they do not learn that a campaign exists. Researchers
only ever receive aggregated, suppressed figures through comparison/.

``need`` is accepted for symmetry with ``cases.access``; every recruitment record needs
``Need.MANAGE``, whatever is asked for.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cases.access import (
    Need,
    managed_organisation_ids,
    partner_ids,
    roles_by_organisation,
)
from cases.models import Initiative, Organisation
from recruitment.models import Application, Campaign, Interview

__all__ = [
    "Need",
    "get_application_for",
    "get_campaign_for",
    "get_initiative_dashboard_for",
    "get_interview_for",
    "get_organisation_dashboard_for",
    "require_recruiting_manager",
]


def require_applicant_access(user, organisation_ids) -> None:
    """404 unless the user belongs to one of ``organisation_ids``; 403 unless a manager there.

    Administrators get no exemption: applicant data is for the organisations' managers only.
    """
    roles = roles_by_organisation(user)
    if not set(roles) & set(organisation_ids):
        raise Http404("Not found")
    if not managed_organisation_ids(user) & set(organisation_ids):
        raise PermissionDenied


def require_recruiting_manager(request: HttpRequest) -> None:
    """403 for users who manage no organisation (the recruitment pages are managers' tools)."""
    if not managed_organisation_ids(request.user):
        raise PermissionDenied


def get_campaign_for(request: HttpRequest, public_id, *, need: Need = Need.MANAGE) -> Campaign:
    """One campaign, with ``role``, ``role.initiative`` and ``role.employer`` selected."""
    campaign = get_object_or_404(
        Campaign.objects.select_related("role", "role__initiative", "role__employer"),
        public_id=public_id,
    )
    require_applicant_access(request.user, partner_ids(campaign.role.initiative))
    return campaign


def get_application_for(
    request: HttpRequest, public_id, *, need: Need = Need.MANAGE
) -> Application:
    """One application, with its campaign, role, initiative and peer worker selected."""
    application = get_object_or_404(
        Application.objects.select_related(
            "campaign", "campaign__role", "campaign__role__initiative", "peer_worker"
        ),
        public_id=public_id,
    )
    require_applicant_access(request.user, partner_ids(application.campaign.role.initiative))
    return application


def get_interview_for(request: HttpRequest, public_id, *, need: Need = Need.MANAGE) -> Interview:
    """One interview, with ``application`` and its campaign, role and initiative selected."""
    interview = get_object_or_404(
        Interview.objects.select_related(
            "application",
            "application__campaign",
            "application__campaign__role",
            "application__campaign__role__initiative",
        ),
        public_id=public_id,
    )
    require_applicant_access(
        request.user, partner_ids(interview.application.campaign.role.initiative)
    )
    return interview


def get_organisation_dashboard_for(request: HttpRequest, public_id) -> Organisation:
    """An organisation whose recruitment dashboard the user (a manager there) may open."""
    organisation = get_object_or_404(Organisation, public_id=public_id)
    require_applicant_access(request.user, {organisation.pk})
    return organisation


def get_initiative_dashboard_for(request: HttpRequest, public_id) -> Initiative:
    """An initiative whose recruitment dashboard the user (a partner's manager) may open.

    Preloads the partner ids, like ``cases.access.get_initiative_for``.
    """
    initiative = get_object_or_404(Initiative, public_id=public_id)
    require_applicant_access(request.user, partner_ids(initiative))
    return initiative
