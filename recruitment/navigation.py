"""Navigation entry and home panel: recruitment is shown to service managers only."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.access import managed_organisation_ids
from peerwork.lib.navigation import NavItem, Panel


def nav(request: HttpRequest) -> list[NavItem]:
    if not managed_organisation_ids(request.user):
        return []
    return [NavItem(str(_("Recruitment")), reverse("recruitment:campaign-list"), 30)]


def home_panel(request: HttpRequest) -> Panel | None:
    if not managed_organisation_ids(request.user):
        return None
    from recruitment.selectors import manager_overview

    return Panel(
        "recruitment/_home_panel.html",
        {**manager_overview(request.user), "url": reverse("recruitment:campaign-list")},
        30,
    )


def initiative_links(request, initiative) -> list:
    from django.urls import reverse

    from peerwork.lib.navigation import NavItem

    return [
        NavItem(
            _("Recruitment dashboard"),
            reverse("recruitment:initiative-dashboard", args=[initiative.public_id]),
            20,
        )
    ]


def role_links(request, role) -> list:
    from django.urls import reverse

    from peerwork.lib.navigation import NavItem

    url = reverse("recruitment:campaign-create") + f"?role={role.public_id}"
    return [NavItem(_("Open a recruitment campaign"), url, 20)]
