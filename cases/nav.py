from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases import selectors
from cases.access import managed_organisation_ids
from peerwork.lib.navigation import (
    Attention,
    AttentionItem,
    NavItem,
    Panel,
)


def _is_manager(request: HttpRequest) -> bool:
    return request.user.is_administrator or bool(managed_organisation_ids(request.user))


def cases_nav(request: HttpRequest) -> list[NavItem]:
    if not _is_manager(request):
        return []
    return [
        NavItem(_("Initiatives"), reverse("cases:initiative-list"), 10),
        NavItem(_("Teams"), reverse("cases:team-list"), 15),
    ]


def manager_panel(request: HttpRequest) -> Panel | None:
    managed = managed_organisation_ids(request.user)
    if not managed:
        return None
    initiatives = list(
        selectors.initiative_list(user=request.user).filter(partners__organisation_id__in=managed)[
            :20
        ]
    )
    return Panel("cases/_home_manager.html", {"initiatives": initiatives}, 10)


def peer_worker_panel(request: HttpRequest) -> Panel | None:
    posts = list(selectors.posts_for_user(user=request.user))
    if not posts:
        return None
    return Panel("cases/_home_posts.html", {"posts": posts}, 20)


def manager_attention(request: HttpRequest) -> list[Attention]:
    """Managers: milestones past their planned date and not achieved. One query."""
    managed = managed_organisation_ids(request.user)
    if not managed:
        return []
    today = timezone.localdate()
    milestones = selectors.overdue_milestones(organisation_ids=managed, on=today)
    return [
        Attention(
            _("Late milestones"),
            [
                AttentionItem(
                    f"{milestone.initiative.name}: {milestone.title}",
                    reverse("cases:milestone-list", args=[milestone.initiative.public_id]),
                    _("Planned for %(day)s, %(days)s days ago, not achieved yet.")
                    % {
                        "day": date_format(milestone.planned, "j M Y"),
                        "days": (today - milestone.planned).days,
                    },
                    is_urgent=True,
                )
                for milestone in milestones
            ],
            order=30,
            empty=_("No milestone is late."),
        )
    ]
