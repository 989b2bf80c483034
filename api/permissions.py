"""Who may call which endpoint. The rules are the pages' rules (``cases.access``,
``peerwork.lib.access``); a read-only token may not write."""

from __future__ import annotations

from rest_framework import permissions

from api.models import AccessToken
from cases.access import managed_organisation_ids
from fidelity.access import is_fidelity_researcher


class TokenScopeAllows(permissions.BasePermission):
    message = "This token may only read: create a read and write token to change records."

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, AccessToken) or token.can_write


class IsManager(permissions.BasePermission):
    """Service managers (their own organisations' records) and administrators."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(getattr(user, "is_administrator", False) or managed_organisation_ids(user))


class IsResearcher(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False)
        )


class IsFidelityResearcher(permissions.BasePermission):
    """Fidelity ratings: researchers only, as on the fidelity pages (administrators neither
    rate nor read ratings)."""

    def has_permission(self, request, view) -> bool:
        return is_fidelity_researcher(request.user)
