from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peerwork.lib.navigation import NavItem


def audit_nav(request: HttpRequest) -> list[NavItem]:
    if not getattr(request.user, "is_administrator", False):
        return []
    return [NavItem(_("Audit log"), reverse("audit:log"), 90)]
