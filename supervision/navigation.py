"""Navigation items and the home panels supervision contributes."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.access import roles_by_organisation
from cases.models import MembershipRole
from peerwork.lib.navigation import NavItem, Panel


def nav_items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    roles = set(roles_by_organisation(user).values())
    items = []
    if roles:
        items.append(NavItem(_("Supervision"), reverse("supervision:session-list"), 40))
    if roles & {MembershipRole.SUPERVISOR, MembershipRole.SERVICE_MANAGER}:
        items.append(NavItem(_("Supervisees"), reverse("supervision:supervisor-dashboard"), 41))
    if MembershipRole.SERVICE_MANAGER in roles or getattr(user, "is_administrator", False):
        items.append(NavItem(_("Supervision overview"), reverse("supervision:oversight"), 42))
    return items


def home_panel(request: HttpRequest) -> Panel | None:
    from supervision import selectors

    user = request.user
    if not user.is_authenticated or not roles_by_organisation(user):
        return None
    context = selectors.worker_home(user)
    if MembershipRole.SUPERVISOR in roles_by_organisation(user).values():
        context["awaiting_count"] = selectors.awaiting_signature_of(user).count()
    if not context:
        return None
    return Panel("supervision/_home_panel.html", context, 30)
