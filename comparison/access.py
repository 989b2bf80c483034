"""Who sees the comparison, and how.

Researchers and administrators see every initiative by pseudonymous code (and the names of
initiatives they hold an identified-access grant for); service managers see their own
initiatives against pooled figures of the others; everyone else gets 403. Granting and
revoking identified access is for administrators only (``peerwork.lib.access``).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from cases.access import managed_organisation_ids


class Audience(StrEnum):
    RESEARCHER = "researcher"
    MANAGER = "manager"


def audience_for(user) -> Audience:
    """Researchers and administrators get the research view, service managers their own;
    everyone else is refused (403)."""
    if getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False):
        return Audience.RESEARCHER
    if managed_organisation_ids(user):
        return Audience.MANAGER
    raise PermissionDenied
