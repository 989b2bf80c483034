"""The daily supervision digest (``manage.py supervision_digest``).

Supervisors get their overdue supervisees and records waiting for their signature; peer
workers get their overdue actions. A ``DigestSent`` row per (recipient, kind, day) is claimed
before sending, so a second run the same day sends nothing new. Content stays out of the
e-mails: dates and names only, and a link to sign in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import (
    DigestKind,
    DigestSent,
    SessionStatus,
    SupervisionArrangement,
    SupervisionSession,
)
from supervision.selectors import overdue_actions_for_workers


def _claim(recipient, kind: str, day: dt.date) -> bool:
    try:
        with transaction.atomic():
            DigestSent.objects.create(recipient=recipient, kind=kind, day=day)
    except IntegrityError:
        return False
    return True


def send_digests(*, on: dt.date | None = None) -> int:
    """Send today's digests; returns how many e-mails went out."""
    on = on or timezone.localdate()
    overdue = defaultdict(list)
    supervisors = {}
    for arrangement in SupervisionArrangement.objects.overdue(on).select_related(
        "supervisor", "peer_worker"
    ):
        overdue[arrangement.supervisor_id].append(arrangement)
        supervisors[arrangement.supervisor_id] = arrangement.supervisor
    pending = defaultdict(list)
    for session in (
        SupervisionSession.objects.without_reflections()
        .filter(
            status=SessionStatus.SUBMITTED,
            arrangement__in=SupervisionArrangement.objects.active(on),
        )
        .select_related("arrangement__supervisor", "arrangement__peer_worker")
    ):
        if session.author_id != session.arrangement.supervisor_id:
            pending[session.arrangement.supervisor_id].append(session)
            supervisors[session.arrangement.supervisor_id] = session.arrangement.supervisor

    sent = 0
    for supervisor_id, supervisor in supervisors.items():
        if not _claim(supervisor, DigestKind.SUPERVISOR, on):
            continue
        lines = [_("Supervision digest for %(day)s") % {"day": on.strftime("%d %b %Y")}, ""]
        if overdue[supervisor_id]:
            lines.append(_("Overdue supervisees:"))
            lines += [
                f"- {a.peer_worker.full_name} ({_('due')} {a.next_due_on:%d %b %Y})"
                for a in overdue[supervisor_id]
            ]
        if pending[supervisor_id]:
            lines.append(_("Records waiting for your signature:"))
            lines += [
                f"- {s.arrangement.peer_worker.full_name}, {s.held_on:%d %b %Y}"
                for s in pending[supervisor_id]
            ]
        send_mail(
            _("peerwork: your supervision digest"),
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [supervisor.email],
        )
        sent += 1

    actions_by_worker = defaultdict(list)
    for action in overdue_actions_for_workers(on=on):
        actions_by_worker[action.session.arrangement.peer_worker.user].append(action)
    for worker_user, actions in actions_by_worker.items():
        if not _claim(worker_user, DigestKind.PEER_WORKER, on):
            continue
        lines = [_("Your overdue supervision actions:"), ""]
        lines += [f"- {action.text} ({_('due')} {action.due_on:%d %b %Y})" for action in actions]
        send_mail(
            _("peerwork: overdue supervision actions"),
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [worker_user.email],
        )
        sent += 1
    return sent
