"""Access helpers for supervision records.

Two standings on a record:

- ``Standing.PARTY``: the peer worker, or the supervisor of the record's arrangement while the
  arrangement is active. Parties read the shared record (and each their own reflection).
- ``Standing.OVERSIGHT``: service managers of the peer worker's employing organisation, and
  administrators. They see only that supervision happened (dates, type, duration, on time).

Everyone else gets 404 if they have no standing in the organisations involved (the employer,
the supervisor's organisation) and 403 if they are a member there but neither a party nor a
manager. Researchers have no standing here at all.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from cases.access import managed_organisation_ids, roles_by_organisation
from supervision.models import SupervisionArrangement, SupervisionSession


class Standing(StrEnum):
    PARTY = "party"
    OVERSIGHT = "oversight"


def arrangement_standing(user, arrangement: SupervisionArrangement) -> Standing | None:
    if not user.is_authenticated:
        return None
    if arrangement.peer_worker.user_id == user.pk:
        return Standing.PARTY
    if arrangement.supervisor_id == user.pk and arrangement.is_active:
        return Standing.PARTY
    if getattr(user, "is_administrator", False):
        return Standing.OVERSIGHT
    if arrangement.peer_worker.role.employer_id in managed_organisation_ids(user):
        return Standing.OVERSIGHT
    return None


def _refuse(user, arrangement: SupervisionArrangement) -> None:
    """403 for members of an organisation involved (or a former supervisor), else 404."""
    involved = {arrangement.peer_worker.role.employer_id, arrangement.supervisor_organisation_id}
    if arrangement.supervisor_id == user.pk or set(roles_by_organisation(user)) & involved:
        raise PermissionDenied
    raise Http404("Not found")


def _check(user, arrangement: SupervisionArrangement, need: Standing) -> Standing:
    standing = arrangement_standing(user, arrangement)
    if standing is None:
        _refuse(user, arrangement)
    if need == Standing.PARTY and standing != Standing.PARTY:
        raise PermissionDenied
    return standing


def get_session_for(
    request: HttpRequest, public_id, *, need: Standing = Standing.PARTY
) -> SupervisionSession:
    """One session record, with ``arrangement``, its ``peer_worker`` (+ ``user``, ``role``),
    ``supervisor`` and the record's ``author`` selected. Both private reflections are deferred
    (read one only for its owner). Sets ``session.standing``.
    """
    session = get_object_or_404(
        SupervisionSession.objects.without_reflections().select_related(
            "arrangement",
            "arrangement__peer_worker",
            "arrangement__peer_worker__user",
            "arrangement__peer_worker__role",
            "arrangement__supervisor",
            "author",
        ),
        public_id=public_id,
    )
    session.standing = _check(request.user, session.arrangement, need)
    return session


def get_arrangement_for(
    request: HttpRequest, public_id, *, need: Standing = Standing.PARTY
) -> SupervisionArrangement:
    """One arrangement, with ``peer_worker`` (+ ``user``, ``role``) and ``supervisor``
    selected. Sets ``arrangement.standing``."""
    arrangement = get_object_or_404(
        SupervisionArrangement.objects.select_related(
            "peer_worker", "peer_worker__user", "peer_worker__role", "supervisor"
        ),
        public_id=public_id,
    )
    arrangement.standing = _check(request.user, arrangement, need)
    return arrangement
