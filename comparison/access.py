"""Who sees the comparison, and how.

Researchers and administrators see every initiative by pseudonymous code (and the names of
initiatives they hold an identified-access grant for), side by side and in the case table;
service managers see the comparison by context with their own initiatives beside it, named;
everyone else gets 403. Granting and revoking identified access is for administrators only
(``peerwork.lib.access``).
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


def own_profiles(user, quarter) -> list:
    """The profiles, for ``quarter``, of the initiatives a service manager manages (one query)."""
    from cases.models import Initiative
    from comparison.models import PracticeProfile

    return list(
        PracticeProfile.objects.filter(
            quarter=quarter, initiative__in=Initiative.objects.managed_by(user)
        )
        .select_related("initiative")
        .order_by("initiative__research_code")
    )
