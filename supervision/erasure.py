"""Eraser for the free text a person wrote in supervision records (see peerwork.lib.erasure).

Goes: the shared summary and private reflection of records they drafted, their private
reflection on records the other party drafted, the text of their addenda and workflow
comments, and the text of actions they own. Stays: arrangements, dates, types, durations,
modes, topics, statuses, signatures and due dates. Each line names records by public id only.
"""

from __future__ import annotations

from django.db.models import Q

from peerwork.lib.audit import ERASED
from supervision.models import (
    ActionOwner,
    SessionAction,
    SessionAddendum,
    SessionEvent,
    SupervisionSession,
)


def _erase_sessions(user) -> list[str]:
    erased = []
    sessions = (
        SupervisionSession.objects.filter(
            Q(author=user)
            | Q(arrangement__supervisor=user)
            | Q(arrangement__peer_worker__user=user)
        )
        .select_related("arrangement__peer_worker")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for session in sessions:
        fields = []
        if session.author_id == user.pk:
            if session.shared_summary:
                session.shared_summary = ""
                fields.append("shared_summary")
            if session.private_reflection:
                session.private_reflection = ""
                fields.append("private_reflection")
        elif session.counterpart_id() == user.pk and session.counterpart_reflection:
            session.counterpart_reflection = ""
            fields.append("counterpart_reflection")
        if not fields:
            continue
        session.version += 1
        session.save(update_fields=[*fields, "version", "updated"])
        what = {
            "shared_summary": "shared summary",
            "private_reflection": "private reflection",
            "counterpart_reflection": "private reflection",
        }
        erased.append(
            f"supervision session {session.public_id}: "
            f"{' and '.join(dict.fromkeys(what[name] for name in fields))} removed"
        )
    return erased


def _erase_actions(user, peer_workers) -> list[str]:
    owned = Q(pk__in=[])
    if peer_workers:
        owned |= Q(
            session__arrangement__peer_worker__in=[post.pk for post in peer_workers],
            owner__in=[ActionOwner.PEER_WORKER, ActionOwner.BOTH],
        )
    if user is not None:
        owned |= Q(
            session__arrangement__supervisor=user,
            owner__in=[ActionOwner.SUPERVISOR, ActionOwner.BOTH],
        )
    erased = []
    for action in SessionAction.objects.filter(owned).exclude(text=ERASED).order_by("pk"):
        action.text = ERASED  # the text is required; the due date and done flag stay
        action.save(update_fields=["text"])
        erased.append(f"supervision action {action.public_id}: text removed")
    return erased


def _erase_addenda_and_comments(user) -> list[str]:
    erased = []
    addenda = (
        SessionAddendum.objects.filter(author=user)
        .exclude(text=ERASED)
        .select_related("session")
        .order_by("pk")
    )
    for addendum in addenda:
        addendum.text = ERASED  # required
        addendum.save(update_fields=["text"])
        erased.append(
            f"addendum of {addendum.created:%Y-%m-%d} to supervision session "
            f"{addendum.session.public_id}: text removed"
        )
    events = (
        SessionEvent.objects.filter(actor=user)
        .exclude(comment="")
        .exclude(comment=ERASED)
        .select_related("session")
        .order_by("pk")
    )
    for event in events:
        event.comment = ERASED  # a return must keep a comment
        event.save(update_fields=["comment"])
        erased.append(
            f"comment ({event.kind}) of {event.created:%Y-%m-%d} on supervision session "
            f"{event.session.public_id}: removed"
        )
    return erased


def erase_supervision_text(*, user, peer_workers, stdout) -> list[str]:
    erased = []
    if user is not None:
        erased += _erase_sessions(user)
    erased += _erase_actions(user, peer_workers)
    if user is not None:
        erased += _erase_addenda_and_comments(user)
    return erased
