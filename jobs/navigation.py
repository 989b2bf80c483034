from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from peerwork.lib.navigation import NavItem


def jobs_nav(request: HttpRequest) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [NavItem(_("My downloads"), reverse("jobs:job-list"), 95)]
