"""Training's entries in the main navigation and on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.access import managed_organisation_ids, roles_by_organisation
from cases.models import MembershipRole
from peerwork.lib.navigation import NavItem, Panel


def nav_items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if getattr(user, "is_administrator", False) or roles_by_organisation(user):
        return [NavItem(str(_("Training")), reverse("training:index"), 40)]
    return []


def home_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    roles = roles_by_organisation(user)
    is_manager = bool(managed_organisation_ids(user))
    is_peer_worker = MembershipRole.PEER_WORKER in roles.values()
    if not (is_manager or is_peer_worker):
        return None
    return Panel(
        "training/_home_panel.html",
        {"is_manager": is_manager, "is_peer_worker": is_peer_worker},
        40,
    )


def initiative_links(request, initiative) -> list:
    from django.urls import reverse

    from peerwork.lib.navigation import NavItem

    return [
        NavItem(
            _("Training compliance"),
            reverse("training:compliance-matrix", args=[initiative.public_id]),
            30,
        ),
        NavItem(
            _("Required training"),
            reverse("training:required-list", args=[initiative.public_id]),
            31,
        ),
        NavItem(
            _("Team preparation"),
            reverse("training:team-preparation", args=[initiative.public_id]),
            32,
        ),
    ]
