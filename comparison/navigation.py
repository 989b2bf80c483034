"""Navigation, home panels and initiative-page links of the comparison (registered by
ComparisonConfig.ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.access import managed_organisation_ids
from peerwork.lib.navigation import NavItem, Panel


def _is_researcher(user) -> bool:
    return getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False)


def comparison_nav(request: HttpRequest) -> list[NavItem]:
    user = request.user
    items = []
    if _is_researcher(user) or managed_organisation_ids(user):
        items.append(NavItem(_("Comparison"), reverse("comparison:comparison"), 70))
    if _is_researcher(user):
        items.append(NavItem(_("Case table"), reverse("comparison:case-table"), 71))
    if getattr(user, "is_administrator", False):
        items.append(NavItem(_("Identified access"), reverse("comparison:access-list"), 90))
        items.append(NavItem(_("Rebuild profiles"), reverse("comparison:profiles-rebuild"), 91))
    return items


def comparison_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if _is_researcher(user):
        return Panel(
            "comparison/_home_panel.html",
            {
                "url": reverse("comparison:comparison"),
                "case_table_url": reverse("comparison:case-table"),
                "is_manager": False,
            },
            60,
        )
    if managed_organisation_ids(user):
        return Panel(
            "comparison/_home_panel.html",
            {"url": reverse("comparison:comparison"), "is_manager": True},
            60,
        )
    return None


def initiative_links(request: HttpRequest, initiative) -> list[NavItem]:
    """The practice profile, on the initiative's page (the page is for its managers)."""
    return [
        NavItem(
            _("Practice profile"),
            reverse("comparison:initiative-profile", args=[initiative.public_id]),
            20,
        )
    ]
