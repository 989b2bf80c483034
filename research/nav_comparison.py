"""Navigation and home panels of the comparison (imported by ResearchConfig.ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.access import managed_organisation_ids
from peerwork.lib.navigation import NavItem, Panel, register_nav, register_panel


def _is_researcher(user) -> bool:
    return getattr(user, "is_researcher", False) or getattr(user, "is_administrator", False)


def comparison_nav(request: HttpRequest) -> list[NavItem]:
    user = request.user
    items = []
    if _is_researcher(user) or managed_organisation_ids(user):
        items.append(NavItem(_("Comparison"), reverse("research:comparison"), 70))
    if getattr(user, "is_administrator", False):
        items.append(NavItem(_("Identified access"), reverse("research:comparison-access"), 90))
    return items


def comparison_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if _is_researcher(user):
        return Panel(
            "research/comparison_home_panel.html",
            {"url": reverse("research:comparison"), "is_manager": False},
            60,
        )
    if managed_organisation_ids(user):
        return Panel(
            "research/comparison_home_panel.html",
            {"url": reverse("research:comparison"), "is_manager": True},
            60,
        )
    return None


register_nav(comparison_nav)
register_panel(comparison_panel)
