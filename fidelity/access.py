"""Who may open what in the fidelity app.

Only researchers rate and see ratings (the platform role; the second factor is enforced at
sign-in by ``peerwork.middleware.TwoFactorMiddleware``): everyone else gets 403 before anything
is looked up. A rating opens only for its own rater (anyone else's is a 404): the blind rule —
the second rater never sees the first rating until both are submitted — holds in every view
and export through ``Rating.objects.visible_to``. Service managers reach only their own
site's consensus scores of waves the research team has published to them (``cases.access``:
404 outside their organisations).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cases.access import Need, get_initiative_for
from cases.models import Initiative
from fidelity.models import Instrument, Interview, Rating, Wave


def is_fidelity_researcher(user: Any) -> bool:
    return bool(getattr(user, "is_researcher", False))


def require_fidelity_researcher(request: HttpRequest) -> None:
    """403 unless the user is a researcher (administrators neither rate nor read ratings)."""
    if not is_fidelity_researcher(request.user):
        raise PermissionDenied


def get_instrument_for(request: HttpRequest, public_id: UUID) -> Instrument:
    """One instrument version; researchers only (403)."""
    require_fidelity_researcher(request)
    return get_object_or_404(Instrument.objects.select_related("previous"), public_id=public_id)


def get_wave_for(request: HttpRequest, public_id: UUID) -> Wave:
    """One wave with its ``instrument`` selected; researchers only (403)."""
    require_fidelity_researcher(request)
    return get_object_or_404(Wave.objects.select_related("instrument"), public_id=public_id)


def get_interview_for(request: HttpRequest, public_id: UUID) -> Interview:
    """One interview with ``wave``, ``wave.instrument``, ``initiative`` and ``source``
    selected; researchers only (403)."""
    require_fidelity_researcher(request)
    return get_object_or_404(
        Interview.objects.select_related("wave__instrument", "initiative", "source"),
        public_id=public_id,
    )


def get_own_rating_for(request: HttpRequest, public_id: UUID) -> Rating:
    """The user's own rating (with its interview, wave and instrument); anyone else's is a
    404, so a rater can never open the other rater's sheet by its address."""
    require_fidelity_researcher(request)
    return get_object_or_404(
        Rating.objects.select_related("interview__wave__instrument", "interview__initiative"),
        public_id=public_id,
        rater=request.user,
    )


def get_research_site_for(request: HttpRequest, public_id: UUID) -> Initiative:
    """An initiative as a site of the fidelity study (researchers only; 403 for others)."""
    require_fidelity_researcher(request)
    return get_object_or_404(Initiative, public_id=public_id)


def get_managed_site_for(request: HttpRequest, public_id: UUID) -> Initiative:
    """An initiative the user manages (``cases.access``: 404 outsiders, 403 other roles)."""
    return get_initiative_for(request, public_id, need=Need.MANAGE)


def require_same_wave(interview: Interview, wave: Wave) -> None:
    if interview.wave_id != wave.pk:
        raise PermissionDenied
