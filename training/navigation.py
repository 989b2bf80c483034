"""Training's entries in the main navigation and on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.access import managed_organisation_ids, roles_by_organisation
from cases.models import MembershipRole
from peerwork.lib.navigation import Attention, AttentionItem, NavItem, Panel


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


def attention(request: HttpRequest) -> list[Attention]:
    """Managers: initiatives whose peer workers have required training overdue or missing.
    Three queries: the managed initiatives, then the compliance counts (two)."""
    from cases.models import Initiative
    from training.models import ComplianceStatus
    from training.selectors import compliance_rate_by_initiative

    if not managed_organisation_ids(request.user):
        return []
    initiatives = list(
        Initiative.objects.managed_by(request.user).only("pk", "public_id", "name").order_by("name")
    )
    summaries = (
        compliance_rate_by_initiative([initiative.pk for initiative in initiatives])
        if initiatives
        else {}
    )
    items = []
    for initiative in initiatives:
        summary = summaries.get(initiative.pk)
        if summary is None or not (summary.overdue or summary.missing):
            continue
        status = ComplianceStatus.OVERDUE if summary.overdue else ComplianceStatus.MISSING
        items.append(
            AttentionItem(
                str(initiative.name),
                reverse("training:compliance-matrix", args=[initiative.public_id])
                + f"?status={status.value}",
                str(
                    _("%(overdue)s overdue, %(missing)s never completed, of %(required)s required")
                    % {
                        "overdue": summary.overdue,
                        "missing": summary.missing,
                        "required": summary.required,
                    }
                ),
                is_urgent=bool(summary.overdue),
            )
        )
    return [
        Attention(
            str(_("Overdue training")),
            items,
            order=31,
            empty=str(_("All required training is up to date.")),
            more_url=reverse("training:index"),
        )
    ]
