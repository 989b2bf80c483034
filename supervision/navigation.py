"""Navigation items and the home panels supervision contributes."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.access import managed_organisation_ids, roles_by_organisation
from cases.models import MembershipRole
from peerwork.lib.navigation import Attention, AttentionItem, NavItem, Panel
from supervision.models import SessionStatus


def nav_items(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    roles = set(roles_by_organisation(user).values())
    items = []
    if roles:
        items.append(NavItem(_("Supervision"), reverse("supervision:session-list"), 40))
    if roles & {MembershipRole.SUPERVISOR, MembershipRole.SERVICE_MANAGER}:
        items.append(NavItem(_("Supervisees"), reverse("supervision:supervisor-dashboard"), 41))
    if MembershipRole.SERVICE_MANAGER in roles or getattr(user, "is_administrator", False):
        items.append(NavItem(_("Supervision overview"), reverse("supervision:oversight"), 42))
    return items


def _worker_home(request: HttpRequest) -> dict:
    """The worker's home figures, read once per request (the to-do list and the panel)."""
    from supervision import selectors

    if not hasattr(request, "_supervision_worker_home"):
        request._supervision_worker_home = selectors.worker_home(request.user)
    return request._supervision_worker_home


def home_panel(request: HttpRequest) -> Panel | None:
    user = request.user
    if not user.is_authenticated or not roles_by_organisation(user):
        return None
    context = dict(_worker_home(request))
    context["is_supervisor"] = MembershipRole.SUPERVISOR in roles_by_organisation(user).values()
    return Panel("supervision/_home_panel.html", context, 30)


def _status_sentence(status) -> tuple[str, str]:
    """The worker's supervision status as one sentence, and a second line saying what to do."""
    due = date_format(status.next_due, "j M Y")
    booked = date_format(status.booked, "j M Y") if status.booked else ""
    if status.state == "overdue":
        return (
            _("Supervision is overdue: a session was due by %(due)s.") % {"due": due},
            _("Nothing is booked yet: arrange one with %(name)s.") % {"name": status.supervisor},
        )
    if status.state == "overdue_booked":
        return (
            _("Supervision is overdue (due by %(due)s); the next session is booked for %(booked)s.")
            % {"due": due, "booked": booked},
            "",
        )
    if status.state == "booked":
        return _("Next session booked for %(booked)s.") % {"booked": booked}, ""
    return (
        _("Next session due by %(due)s.") % {"due": due},
        _("Not booked yet: arrange it with %(name)s.") % {"name": status.supervisor},
    )


def attention(request: HttpRequest) -> list[Attention]:
    """Supervisors: records to sign, overdue supervisees, overdue actions, in that order.
    Peer workers: their one supervision status, then the records waiting for them, returned
    ones first with the supervisor's comment."""
    from supervision import selectors

    user = request.user
    if not user.is_authenticated:
        return []
    roles = set(roles_by_organisation(user).values())
    groups: list[Attention] = []
    today = timezone.localdate()
    if MembershipRole.SUPERVISOR in roles:
        inbox = selectors.supervisor_inbox(user, on=today)
        dashboard = reverse("supervision:supervisor-dashboard")
        groups.append(
            Attention(
                _("Records waiting for your signature"),
                [
                    AttentionItem(
                        _("%(name)s — session of %(day)s")
                        % {
                            "name": session.arrangement.peer_worker.full_name,
                            "day": date_format(session.held_on, "j M Y"),
                        },
                        reverse("supervision:session-detail", args=[session.public_id]),
                        _("Sent by %(author)s") % {"author": session.author.get_full_name()},
                    )
                    for session in inbox["awaiting"]
                ],
                order=10,
                empty=_("Nothing waits for your signature."),
                more_url=dashboard,
            )
        )
        groups.append(
            Attention(
                _("Overdue supervisees"),
                [
                    AttentionItem(
                        arrangement.peer_worker.full_name,
                        reverse("supervision:session-create")
                        + f"?arrangement={arrangement.public_id}",
                        _("A session was due by %(day)s (%(days)s days ago). Record one.")
                        % {
                            "day": date_format(arrangement.next_due_on, "j M Y"),
                            "days": (today - arrangement.next_due_on).days,
                        },
                        is_urgent=True,
                    )
                    for arrangement in inbox["overdue"]
                ],
                order=11,
                empty=_("Every supervisee is up to date."),
                more_url=dashboard,
            )
        )
        groups.append(
            Attention(
                _("Overdue actions of your supervisees"),
                [
                    AttentionItem(
                        action.text,
                        reverse("supervision:session-detail", args=[action.session.public_id]),
                        _("%(name)s · was due %(day)s")
                        % {
                            "name": action.session.arrangement.peer_worker.full_name,
                            "day": date_format(action.due_on, "j M Y"),
                        },
                        is_urgent=True,
                    )
                    for action in inbox["actions"]
                ],
                order=12,
                empty=_("No agreed action is overdue."),
            )
        )
    managed = managed_organisation_ids(user)
    if managed:
        coverage = selectors.supervision_coverage(organisation_ids=managed, on=today)
        unsupervised = coverage.in_post - coverage.supervised
        items = []
        if unsupervised or coverage.overdue:
            items.append(
                AttentionItem(
                    _("%(supervised)s of %(in_post)s peer workers in post have supervision")
                    % {"supervised": coverage.supervised, "in_post": coverage.in_post},
                    reverse("supervision:oversight"),
                    _("%(without)s without an arrangement · %(overdue)s with a session overdue")
                    % {"without": unsupervised, "overdue": coverage.overdue},
                    is_urgent=True,
                )
            )
        groups.append(
            Attention(
                _("Supervision coverage"),
                items,
                order=33,
                empty=_("All %(in_post)s peer workers in post have supervision, none overdue.")
                % {"in_post": coverage.in_post},
                more_url=reverse("supervision:oversight"),
            )
        )
    home = _worker_home(request) if MembershipRole.PEER_WORKER in roles else {}
    if home:
        status = home["status"]
        sentence, advice = _status_sentence(status)
        groups.append(
            Attention(
                _("My supervision"),
                [
                    AttentionItem(
                        sentence,
                        reverse("supervision:session-create"),
                        advice,
                        is_urgent=status.is_overdue,
                    )
                ],
                order=20,
            )
        )
        groups.append(
            Attention(
                _("Records waiting for me"),
                [_waiting_item(session) for session in home["waiting"]],
                order=21,
                empty=_("No record waits for you."),
                more_url=reverse("supervision:session-list"),
            )
        )
    return groups


def _waiting_item(session) -> AttentionItem:
    day = date_format(session.held_on, "j M Y")
    url = reverse("supervision:session-detail", args=[session.public_id])
    if session.status == SessionStatus.RETURNED:
        return AttentionItem(
            _("Returned to you: session of %(day)s") % {"day": day},
            url,
            _("Comment: %(comment)s") % {"comment": session.return_comment},
            is_urgent=True,
        )
    if session.status == SessionStatus.SUBMITTED:
        return AttentionItem(_("To sign: session of %(day)s") % {"day": day}, url)
    return AttentionItem(_("Draft: session of %(day)s") % {"day": day}, url)
