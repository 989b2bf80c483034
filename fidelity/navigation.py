"""Navigation, home panel and initiative-page link of the fidelity app (registered by
FidelityConfig.ready())."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from fidelity.access import is_fidelity_researcher
from fidelity.selectors import rating_counts
from peerwork.lib.navigation import NavItem, Panel


def fidelity_nav(request: HttpRequest) -> list[NavItem]:
    if is_fidelity_researcher(request.user):
        return [NavItem(_("Fidelity"), reverse("fidelity:home"), 64)]
    return []


def fidelity_panel(request: HttpRequest) -> Panel | None:
    """Researchers: their ratings in progress and submitted."""
    if not is_fidelity_researcher(request.user):
        return None
    return Panel("fidelity/_home_panel.html", {"counts": rating_counts(request.user)}, 63)


def initiative_links(request: HttpRequest, initiative: Any) -> list[NavItem]:
    """On an initiative's page (its managers'): the fidelity scores published to them (the
    page says when none are; no query here, so the initiative page costs nothing more)."""
    return [
        NavItem(
            _("Fidelity scores"), reverse("fidelity:site-scores", args=[initiative.public_id]), 30
        )
    ]
