"""Navigation for the qualitative corpus; imported by ResearchConfig.ready().

Also connects the seed codebook to ``post_migrate``, the removal of shared passages to the
deletion of their consent records and to a person's erasure, and registers the admin (this module is
the qualitative part's start-up hook, since apps.py is shared).
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peerwork.lib.erasure import register_eraser
from peerwork.lib.navigation import NavItem, Panel, register_nav, register_panel
from research.services_qualitative import erase_research_offers, offer_deleted
from research.vocabularies_qualitative import seed_codebook


def _is_researcher(user) -> bool:
    return bool(getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False))


def has_peer_worker_post(request: HttpRequest) -> bool:
    """Whether the signed-in user is a peer worker somewhere.

    Read from the memberships already cached for the request, so the navigation costs
    no query of its own; the sharing page itself lists only the worker's own records.
    """
    from cases.access import roles_by_organisation
    from cases.models import MembershipRole

    return MembershipRole.PEER_WORKER in roles_by_organisation(request.user).values()


def qualitative_nav(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if _is_researcher(user):
        return [NavItem(_("Qualitative"), reverse("research:corpus"), 62)]
    if has_peer_worker_post(request):
        return [NavItem(_("Research sharing"), reverse("research:sharing"), 70)]
    return []


def qualitative_panel(request: HttpRequest) -> Panel | None:
    """Researchers: size of the corpus. Peer workers: how many passages they share."""
    from research.models_qualitative import Excerpt, Source, SupervisionOffer

    user = request.user
    if _is_researcher(user):
        return Panel(
            "research/qualitative/_home_panel.html",
            {
                "is_researcher": True,
                "sources": Source.objects.count(),
                "excerpts": Excerpt.objects.count(),
            },
            62,
        )
    if has_peer_worker_post(request):
        shared = SupervisionOffer.objects.for_user(user).active().count()
        return Panel("research/qualitative/_home_panel.html", {"shared": shared}, 70)
    return None


register_nav(qualitative_nav)
register_eraser(erase_research_offers)
register_panel(qualitative_panel)
import_module("research.admin_qualitative")
post_delete.connect(
    offer_deleted, sender="research.SupervisionOffer", dispatch_uid="research_offer_deleted"
)
post_migrate.connect(
    seed_codebook, sender=apps.get_app_config("research"), dispatch_uid="research_seed_codebook"
)
