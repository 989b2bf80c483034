"""Navigation entry and home panel: recruitment is shown to service managers only."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases.access import managed_organisation_ids
from peerwork.lib.navigation import Attention, AttentionItem, NavItem, Panel


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

    from cases.access import partner_ids
    from peerwork.lib.navigation import NavItem

    # Only for managers of a partner: the dashboard refuses everyone else.
    if not set(managed_organisation_ids(request.user)) & partner_ids(initiative):
        return []
    return [
        NavItem(
            _("Recruitment dashboard"),
            reverse("recruitment:initiative-dashboard", args=[initiative.public_id]),
            20,
        )
    ]


def role_links(request, role) -> list:
    from django.urls import reverse

    from cases.access import partner_ids
    from peerwork.lib.navigation import NavItem

    # Only for managers of a partner: opening a campaign is theirs to do.
    if not set(managed_organisation_ids(request.user)) & partner_ids(role.initiative):
        return []
    url = reverse("recruitment:campaign-create") + f"?role={role.public_id}"
    return [NavItem(_("Open a recruitment campaign"), url, 20)]


def attention(request: HttpRequest) -> list[Attention]:
    """Managers: open campaigns, with how long each has been open. One query."""
    from recruitment.selectors import open_campaigns_for_manager

    if not managed_organisation_ids(request.user):
        return []
    today = timezone.localdate()
    items = []
    for campaign in open_campaigns_for_manager(request.user):
        days_open = max((today - campaign.opened).days, 0)
        closes = date_format(campaign.closes_on, "j M Y")
        detail = ngettext(
            "Open %(days)s day · closes %(closes)s",
            "Open %(days)s days · closes %(closes)s",
            days_open,
        ) % {"days": days_open, "closes": closes}
        detail += " · " + ngettext(
            "%(count)s application in progress",
            "%(count)s applications in progress",
            campaign.in_progress,
        ) % {"count": campaign.in_progress}
        items.append(
            AttentionItem(
                f"{campaign.title} ({campaign.role.initiative.name})",
                reverse("recruitment:campaign-board", args=[campaign.public_id]),
                detail,
                is_urgent=campaign.closes_on < today,
            )
        )
    return [
        Attention(
            gettext("Open campaigns"),
            items,
            order=32,
            empty=gettext("No campaign is open."),
            more_url=reverse("recruitment:campaign-list"),
        )
    ]
