"""The import's entry in the main navigation: for service managers and administrators."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.access import managed_organisation_ids
from peerwork.lib.navigation import NavItem


def nav_items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if getattr(user, "is_administrator", False) or managed_organisation_ids(user):
        return [NavItem(str(_("Import")), reverse("imports:index"), 80)]
    return []
