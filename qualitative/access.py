"""Who may open what in the qualitative corpus.

Researchers and administrators reach the corpus; anyone else gets 403 (``require_researcher``)
before anything is looked up. Peer workers reach only their own sharing page and their own
consent records: anyone else's offer is a 404. Each helper says what it preloads.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cases.models import Initiative, PeerWorker
from peerwork.lib.access import require_researcher
from qualitative.models import Coding, ResearchProject, Source, SupervisionOffer, Theme


def get_project_for(request: HttpRequest, public_id: UUID) -> ResearchProject:
    """One research project; 403 for anyone but researchers and administrators."""
    require_researcher(request)
    return get_object_or_404(ResearchProject, public_id=public_id)


def get_source_for(request: HttpRequest, public_id: UUID) -> Source:
    """One source with ``project`` and ``initiative`` selected; researchers only (403)."""
    require_researcher(request)
    return get_object_or_404(
        Source.objects.select_related("project", "initiative"), public_id=public_id
    )


def get_theme_for(request: HttpRequest, public_id: UUID) -> Theme:
    """One theme with ``parent`` selected; researchers only (403)."""
    require_researcher(request)
    return get_object_or_404(Theme.objects.select_related("parent"), public_id=public_id)


def get_coding_for(request: HttpRequest, public_id: UUID) -> Coding:
    """One coding with ``excerpt.source`` (its ``project`` and ``initiative``), ``theme`` and
    ``coder`` selected; researchers only (403)."""
    require_researcher(request)
    return get_object_or_404(
        Coding.objects.select_related(
            "excerpt__source__project", "excerpt__source__initiative", "theme", "coder"
        ),
        public_id=public_id,
    )


def get_research_initiative_for(request: HttpRequest, public_id: UUID) -> Initiative:
    """An initiative as a case of the study (researchers only; 403 for others)."""
    require_researcher(request)
    return get_object_or_404(Initiative, public_id=public_id)


def get_own_peer_worker(request: HttpRequest) -> PeerWorker:
    """The signed-in user's current (else latest) peer worker post; 403 if they have none."""
    posts = PeerWorker.objects.filter(user=request.user).select_related("role__initiative")
    peer_worker = posts.current().order_by("-started").first() or posts.order_by("-started").first()
    if peer_worker is None:
        raise PermissionDenied
    return peer_worker


def get_offer_for(request: HttpRequest, public_id: UUID) -> SupervisionOffer:
    """One of the user's own offers (``source`` selected); anyone else's is a 404."""
    return get_object_or_404(
        SupervisionOffer.objects.select_related("source", "peer_worker"),
        public_id=public_id,
        peer_worker__user=request.user,
    )
