"""Navigation and home panels of the qualitative corpus (registered by QualitativeConfig.ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.access import roles_by_organisation
from cases.models import MembershipRole
from peerwork.lib.navigation import NavItem, Panel
from qualitative.models import Excerpt, Source, SupervisionOffer


def _is_researcher(user) -> bool:
    return bool(getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False))


def has_peer_worker_post(request: HttpRequest) -> bool:
    """Whether the signed-in user is a peer worker somewhere.

    Read from the memberships already cached for the request, so the navigation costs
    no query of its own; the sharing page itself lists only the worker's own records.
    """
    return MembershipRole.PEER_WORKER in roles_by_organisation(request.user).values()


def qualitative_nav(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if _is_researcher(user):
        return [NavItem(_("Qualitative"), reverse("qualitative:corpus"), 62)]
    if has_peer_worker_post(request):
        return [NavItem(_("Research sharing"), reverse("qualitative:sharing"), 70)]
    return []


def qualitative_panel(request: HttpRequest) -> Panel | None:
    """Researchers: size of the corpus. Peer workers: how many passages they share."""
    user = request.user
    if _is_researcher(user):
        return Panel(
            "qualitative/_home_panel.html",
            {
                "is_researcher": True,
                "sources": Source.objects.count(),
                "excerpts": Excerpt.objects.count(),
            },
            62,
        )
    if has_peer_worker_post(request):
        shared = SupervisionOffer.objects.for_user(user).active().count()
        return Panel("qualitative/_home_panel.html", {"shared": shared}, 70)
    return None


def sharing_explained(request: HttpRequest, session: object) -> list[NavItem]:
    """Beside the shared summary a peer worker writes: where research sharing is explained."""
    if not has_peer_worker_post(request):
        return []
    return [NavItem(_("How research sharing works"), reverse("qualitative:sharing"), 10)]
