"""Access helpers for the tenant objects of ``cases``.

Each ``get_<thing>_for`` fetches one record by its ``public_id`` for the current user and

- raises ``Http404`` when the user has no membership in any organisation the record belongs
  to (outsiders never learn that it exists);
- raises ``PermissionDenied`` (403) when they are a member but their role lacks ``need``.

``Need.VIEW`` is granted to every member of a partner organisation; ``Need.MANAGE`` only to
service managers of a partner organisation. Administrators may view and manage everything.
Researchers have no organisation standing here: they read pseudonymised data in
comparison/ and qualitative/.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cases.models import (
    ImplementationMilestone,
    Initiative,
    Membership,
    MembershipRole,
    Organisation,
    PeerWorker,
    PeerWorkerRole,
    RoleTerms,
    Team,
)


class Need(StrEnum):
    VIEW = "view"
    MANAGE = "manage"


def roles_by_organisation(user) -> dict[int, str]:
    """``{organisation_id: role}`` for the user, cached on the user object for the request."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_peerwork_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._peerwork_roles = cached
    return cached


def managed_organisation_ids(user) -> set[int]:
    return {
        organisation_id
        for organisation_id, role in roles_by_organisation(user).items()
        if role == MembershipRole.SERVICE_MANAGER
    }


def organisations_for(user, *, roles: set[str] | None = None) -> QuerySet[Organisation]:
    """Organisations in which the user holds one of ``roles`` (any role when None)."""
    ids = [
        organisation_id
        for organisation_id, role in roles_by_organisation(user).items()
        if roles is None or role in roles
    ]
    return Organisation.objects.filter(pk__in=ids)


def is_manager_of(user, organisation_ids) -> bool:
    return bool(managed_organisation_ids(user) & set(organisation_ids))


def check_need(user, organisation_ids, need: Need) -> None:
    """Apply the 404/403 rule to a record owned by ``organisation_ids``."""
    if getattr(user, "is_administrator", False):
        return
    roles = roles_by_organisation(user)
    member_of = set(roles) & set(organisation_ids)
    if not member_of:
        raise Http404("Not found")
    if need == Need.MANAGE and not any(
        roles[organisation_id] == MembershipRole.SERVICE_MANAGER for organisation_id in member_of
    ):
        raise PermissionDenied


def uuid_or_404(public_id) -> UUID:
    """The UUID in a query-string or form value, or 404 (never a server error) when it is not
    one. Path segments need none: the ``<uuid:…>`` converter has parsed them already."""
    try:
        return public_id if isinstance(public_id, UUID) else UUID(str(public_id))
    except (ValueError, ValidationError):
        raise Http404("Not found") from None


def partner_ids(initiative: Initiative) -> set[int]:
    cached = getattr(initiative, "_partner_ids", None)
    if cached is None:
        cached = set(initiative.partners.values_list("organisation_id", flat=True))
        initiative._partner_ids = cached
    return cached


def get_organisation_for(
    request: HttpRequest, public_id, *, need: Need = Need.VIEW
) -> Organisation:
    """One organisation the user belongs to. Preloads nothing."""
    organisation = get_object_or_404(Organisation, public_id=public_id)
    check_need(request.user, {organisation.pk}, need)
    return organisation


def get_initiative_for(request: HttpRequest, public_id, *, need: Need = Need.VIEW) -> Initiative:
    """One initiative in which one of the user's organisations is a partner.

    Preloads the partner organisation ids (``partner_ids(initiative)`` is then free).
    """
    initiative = get_object_or_404(Initiative, public_id=public_id)
    check_need(request.user, partner_ids(initiative), need)
    return initiative


def get_role_for(request: HttpRequest, public_id, *, need: Need = Need.VIEW) -> PeerWorkerRole:
    """One peer worker role, with ``initiative``, ``employer`` and ``host_team`` selected."""
    role = get_object_or_404(
        PeerWorkerRole.objects.select_related("initiative", "employer", "host_team"),
        public_id=public_id,
    )
    check_need(request.user, partner_ids(role.initiative), need)
    return role


def get_peer_worker_for(request: HttpRequest, public_id, *, need: Need = Need.VIEW) -> PeerWorker:
    """One peer worker, with ``role``, ``role.initiative`` and ``user`` selected.

    Only service managers (of a partner) and the peer worker themselves may view a peer
    worker's record; supervisors and other peer workers get 403.
    """
    peer_worker = get_object_or_404(
        PeerWorker.objects.select_related("role", "role__initiative", "role__employer", "user"),
        public_id=public_id,
    )
    user = request.user
    if need == Need.VIEW and peer_worker.user_id is not None and peer_worker.user_id == user.pk:
        return peer_worker
    check_need(user, partner_ids(peer_worker.role.initiative), Need.MANAGE)
    return peer_worker


def get_team_for(request: HttpRequest, public_id, *, need: Need = Need.VIEW) -> Team:
    """One team, with ``organisation`` and ``setting`` selected."""
    team = get_object_or_404(
        Team.objects.select_related("organisation", "setting"), public_id=public_id
    )
    check_need(request.user, {team.organisation_id}, need)
    return team


def get_milestone_for(
    request: HttpRequest, public_id, *, need: Need = Need.VIEW
) -> ImplementationMilestone:
    """One milestone, with ``initiative`` and ``milestone_type`` selected."""
    milestone = get_object_or_404(
        ImplementationMilestone.objects.select_related("initiative", "milestone_type"),
        public_id=public_id,
    )
    check_need(request.user, partner_ids(milestone.initiative), need)
    return milestone


def require_manager_somewhere(request: HttpRequest) -> None:
    """403 for users who manage no organisation (e.g. opening a create form)."""
    if getattr(request.user, "is_administrator", False):
        return
    if not managed_organisation_ids(request.user):
        raise PermissionDenied


def get_role_terms_for(request: HttpRequest, public_id, *, need: Need = Need.MANAGE) -> RoleTerms:
    """One dated version of a role's terms, with ``role`` and ``role.initiative`` selected."""
    version = get_object_or_404(
        RoleTerms.objects.select_related("role", "role__initiative"), public_id=public_id
    )
    check_need(request.user, partner_ids(version.role.initiative), need)
    return version
