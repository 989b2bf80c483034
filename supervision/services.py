"""Writes for supervision: records, the two-party workflow, actions, addenda, read log.

Every function validates first and writes inside ``transaction.atomic``, so a refusal leaves
nothing half-saved. Refusals raise ``ValidationError`` with messages fit to show the user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from cases.models import InitiativePartner, Membership, Organisation, PeerWorker
from peerwork.lib.concurrency import lock_row, save_if_current, save_new_version
from supervision.models import (
    MAX_DAYS_AHEAD,
    MAX_DURATION_MINUTES,
    ActionOwner,
    EventKind,
    SessionAction,
    SessionAddendum,
    SessionEvent,
    SessionRead,
    SessionStatus,
    SupervisionArrangement,
    SupervisionSession,
    SupervisionTopic,
)

EDITABLE_STATUSES = (SessionStatus.DRAFT, SessionStatus.RETURNED)

STALE_MESSAGE = gettext_lazy(
    "This record was changed by someone else while you were editing. Your text is kept "
    "below next to the saved version: copy what you need and save again."
)


@dataclass
class ActionInput:
    text: str
    owner: str
    due_on: dt.date
    is_done: bool = False
    public_id: UUID | None = None
    # The earlier record's action this one carries forward (new records only).
    carried_from: UUID | None = None


# --- Arrangements ---------------------------------------------------------------------


def arrangement_refresh_next_due(*, arrangement: SupervisionArrangement) -> dt.date:
    last_signed = arrangement.sessions.filter(status=SessionStatus.SIGNED).aggregate(
        last=Max("held_on")
    )["last"]
    arrangement.next_due_on = arrangement.compute_next_due(last_signed)
    arrangement.save(update_fields=["next_due_on"])
    return arrangement.next_due_on


@transaction.atomic
def arrangement_create(
    *,
    peer_worker: PeerWorker,
    supervisor: User,
    supervisor_organisation: Organisation,
    supervision_type: str,
    supervisor_has_lived_experience: bool,
    frequency_days: int,
    started: dt.date,
    ended: dt.date | None = None,
) -> SupervisionArrangement:
    errors: dict[str, str] = {}
    if peer_worker.user_id is not None and peer_worker.user_id == supervisor.pk:
        errors["supervisor"] = _("A peer worker cannot supervise themselves.")
    elif not Membership.objects.filter(
        user=supervisor, organisation=supervisor_organisation
    ).exists():
        errors["supervisor"] = _("The supervisor is not a member of the organisation chosen.")
    if not InitiativePartner.objects.filter(
        initiative_id=peer_worker.role.initiative_id, organisation=supervisor_organisation
    ).exists():
        errors["supervisor_organisation"] = _(
            "The supervisor's organisation must be a partner of the peer worker's initiative."
        )
    if not 1 <= frequency_days <= 365:
        errors["frequency_days"] = _("Choose a frequency between 1 and 365 days.")
    if ended is not None and ended < started:
        errors["ended"] = _("The end date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)
    arrangement = SupervisionArrangement(
        peer_worker=peer_worker,
        supervisor=supervisor,
        supervisor_organisation=supervisor_organisation,
        supervision_type=supervision_type,
        supervisor_has_lived_experience=supervisor_has_lived_experience,
        frequency_days=frequency_days,
        started=started,
        ended=ended,
    )
    arrangement.next_due_on = arrangement.compute_next_due(None)
    arrangement.save()
    return arrangement


# --- Sessions -------------------------------------------------------------------------


def _require_party(actor: User, arrangement: SupervisionArrangement) -> None:
    if actor.pk not in (arrangement.peer_worker.user_id, arrangement.supervisor_id):
        raise ValidationError(
            {"arrangement": _("You have no supervision arrangement with this peer worker.")}
        )
    if not arrangement.is_active:
        raise ValidationError({"arrangement": _("This supervision arrangement is not active.")})


def _validate_record(
    *,
    arrangement: SupervisionArrangement,
    held_on: dt.date,
    duration_minutes: int,
    next_session_on: dt.date | None,
    actions: Sequence[ActionInput],
    carried_ids: AbstractSet[UUID] = frozenset(),
) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if duration_minutes is None or duration_minutes < 1:
        errors.setdefault("duration_minutes", []).append(
            _("Enter how long the session lasted, in minutes (at least 1).")
        )
    elif duration_minutes > MAX_DURATION_MINUTES:
        errors.setdefault("duration_minutes", []).append(
            _("A session cannot last more than 8 hours (480 minutes).")
        )
    if held_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors.setdefault("held_on", []).append(
            _("The session date cannot be more than a week in the future.")
        )
    elif held_on < arrangement.started:
        errors.setdefault("held_on", []).append(
            _("The session date is before this supervision arrangement started.")
        )
    if next_session_on is not None and next_session_on < held_on:
        errors.setdefault("next_session_on", []).append(
            _("The next session cannot be before this one.")
        )
    for action in actions:
        if not action.text.strip():
            errors.setdefault("actions", []).append(_("Every action needs a description."))
        if action.owner not in ActionOwner.values:
            errors.setdefault("actions", []).append(_("Choose who owns each action."))
        if action.public_id in carried_ids:
            continue
        if action.due_on is None or action.due_on < held_on:
            errors.setdefault("actions", []).append(
                _("The action “%(text)s” is due before the session.") % {"text": action.text}
            )
    if errors:
        raise ValidationError(errors)


def _record_event(session: SupervisionSession, actor: User, kind: str, comment: str = "") -> None:
    SessionEvent.objects.create(session=session, actor=actor, kind=kind, comment=comment)


def carriable_actions(arrangement: SupervisionArrangement) -> list[SessionAction]:
    """The open actions of the arrangement's submitted and signed records, oldest due first:
    what a new record offers to carry forward."""
    return list(
        SessionAction.objects.carriable()
        .filter(session__arrangement=arrangement)
        .select_related("session")
        .order_by("due_on", "pk")
    )


def _carry_forward(session: SupervisionSession, chosen: Sequence[ActionInput] | None) -> int:
    """Copy earlier open actions into ``session``: every carriable one (``chosen`` None), or
    those the person reviewed in the form (marked done or not; the ones they dropped stay open
    on their own record). Refuses an action that can no longer be carried."""
    offered = {action.public_id: action for action in carriable_actions(session.arrangement)}
    if chosen is None:
        chosen = [
            ActionInput(
                text=action.text,
                owner=action.owner,
                due_on=action.due_on,
                carried_from=action.public_id,
            )
            for action in offered.values()
        ]
    stale = [action.text for action in chosen if action.carried_from not in offered]
    if stale:
        raise ValidationError(
            {
                "actions": [
                    _(
                        "The action “%(text)s” can no longer be carried forward: it was done or "
                        "carried into another record meanwhile. Reload the form to see the "
                        "open actions."
                    )
                    % {"text": text}
                    for text in stale
                ]
            }
        )
    # One create() each, not bulk_create(): the audit log records every carried action.
    for position, action in enumerate(chosen):
        SessionAction.objects.create(
            session=session,
            text=action.text.strip(),
            owner=action.owner,
            due_on=action.due_on,
            is_done=action.is_done,
            carried_from=offered[action.carried_from] if action.carried_from else None,
            position=position,
        )
    return len(chosen)


@transaction.atomic
def session_create(
    *,
    actor: User,
    arrangement: SupervisionArrangement,
    held_on: dt.date,
    duration_minutes: int,
    mode: str,
    supervision_type: str | None = None,
    topics: Iterable[SupervisionTopic] = (),
    shared_summary: str = "",
    private_reflection: str = "",
    next_session_on: dt.date | None = None,
    actions: Sequence[ActionInput] = (),
    carry_open_actions: bool = True,
) -> SupervisionSession:
    """A new draft by ``actor`` (either party).

    Open actions of the arrangement's submitted and signed records are carried forward into
    it: all of them when ``carry_open_actions`` (no form showed them), otherwise exactly the
    ``actions`` whose ``carried_from`` names one (the form showed them for review).
    """
    _require_party(actor, arrangement)
    carried = [action for action in actions if action.carried_from]
    if carry_open_actions and carried:
        raise ValueError("carried actions are given: call with carry_open_actions=False")
    new_actions = [action for action in actions if not action.carried_from]
    _validate_record(
        arrangement=arrangement,
        held_on=held_on,
        duration_minutes=duration_minutes,
        next_session_on=next_session_on,
        actions=new_actions,
    )
    # Two records saved at once for one arrangement would both carry the same open action
    # (a unique key): the second waits for the first here.
    list(SupervisionArrangement.objects.select_for_update().filter(pk=arrangement.pk).values("pk"))
    session = SupervisionSession.objects.create(
        arrangement=arrangement,
        author=actor,
        held_on=held_on,
        duration_minutes=duration_minutes,
        mode=mode,
        supervision_type=supervision_type or arrangement.supervision_type,
        shared_summary=shared_summary,
        private_reflection=private_reflection,
        next_session_on=next_session_on,
    )
    session.topics.set(topics)
    carried_count = _carry_forward(session, None if carry_open_actions else carried)
    for position, action in enumerate(new_actions):
        SessionAction.objects.create(
            session=session,
            text=action.text.strip(),
            owner=action.owner,
            due_on=action.due_on,
            is_done=action.is_done,
            position=carried_count + position,
        )
    _record_event(session, actor, EventKind.CREATED)
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: SupervisionSession,
    version: int,
    held_on: dt.date,
    duration_minutes: int,
    mode: str,
    supervision_type: str,
    topics: Iterable[SupervisionTopic],
    shared_summary: str,
    reflection: str,
    next_session_on: dt.date | None,
    actions: Sequence[ActionInput],
) -> SupervisionSession:
    """Save a draft or returned record. Either party may edit the shared part; ``reflection``
    is the actor's own private reflection. Refused if someone saved since ``version`` was
    loaded (nothing is written; the caller keeps the user's text)."""
    arrangement = session.arrangement
    _require_party(actor, arrangement)
    if session.status == SessionStatus.SIGNED:
        raise ValidationError(_("This record is signed and locked. Add an addendum instead."))
    if session.status == SessionStatus.SUBMITTED:
        raise ValidationError(
            _("This record is waiting for sign-off and cannot be edited until it is returned.")
        )
    existing = {action.public_id: action for action in session.actions.all()}
    carried_ids = {pid for pid, action in existing.items() if action.carried_from_id}
    _validate_record(
        arrangement=arrangement,
        held_on=held_on,
        duration_minutes=duration_minutes,
        next_session_on=next_session_on,
        actions=actions,
        carried_ids=carried_ids,
    )
    unknown = [a for a in actions if a.public_id is not None and a.public_id not in existing]
    if unknown:
        raise ValidationError({"actions": [_("An action does not belong to this record.")]})
    reflection_field = (
        "private_reflection" if session.author_id == actor.pk else "counterpart_reflection"
    )
    values = {
        "held_on": held_on,
        "duration_minutes": duration_minutes,
        "mode": mode,
        "supervision_type": supervision_type,
        "shared_summary": shared_summary,
        "next_session_on": next_session_on,
        reflection_field: reflection,
    }
    stored_actions = [
        (a.public_id, a.text, a.owner, a.due_on, a.is_done)
        for a in sorted(existing.values(), key=lambda a: (a.position, a.pk))
    ]
    submitted_actions = [
        (a.public_id, a.text.strip(), a.owner, a.due_on, a.is_done) for a in actions
    ]
    topics = list(topics)
    is_changed = (
        any(getattr(session, name) != value for name, value in values.items())
        or {topic.pk for topic in topics} != set(session.topics.values_list("pk", flat=True))
        or stored_actions != submitted_actions
    )
    for name, value in values.items():
        setattr(session, name, value)
    save_if_current(
        session,
        expected_version=version,
        fields=[*values, "updated"],
        stale=lambda current: ValidationError(STALE_MESSAGE, code="stale"),
        condition=lambda current: current.status in EDITABLE_STATUSES,
    )
    session.topics.set(topics)
    kept = {action.public_id for action in actions if action.public_id}
    SessionAction.objects.filter(session=session).exclude(public_id__in=kept).delete()
    for position, action in enumerate(actions):
        if action.public_id:
            kept_action = existing[action.public_id]
            kept_action.text = action.text.strip()
            kept_action.owner = action.owner
            kept_action.due_on = action.due_on
            kept_action.is_done = action.is_done
            kept_action.position = position
            kept_action.save(update_fields=["text", "owner", "due_on", "is_done", "position"])
        else:
            SessionAction.objects.create(
                session=session,
                text=action.text.strip(),
                owner=action.owner,
                due_on=action.due_on,
                is_done=action.is_done,
                position=position,
            )
    if is_changed:  # saving a record unchanged leaves no "edited" event in its history
        _record_event(session, actor, EventKind.EDITED)
    session.refresh_from_db()
    return session


def _move_status(
    session: SupervisionSession,
    *,
    allowed: Callable[[SupervisionSession], bool],
    refusal: str,
    **values: Any,
) -> None:
    """Move ``session`` along the workflow if its stored row (re-read under a lock) allows it.

    Saves through ``save(update_fields=...)`` so the audit log records the change.
    """
    current = lock_row(session)
    if current is None or not allowed(current):
        raise ValidationError(refusal)
    save_new_version(current, values, also=["updated"])


def _counterpart_only(actor: User, session: SupervisionSession, doing: str) -> None:
    arrangement = session.arrangement
    _require_party(actor, arrangement)
    if session.author_id == actor.pk:
        raise ValidationError(
            _(
                "You wrote this record, so you cannot %(doing)s it as the other party. "
                "The other party must do that."
            )
            % {"doing": doing}
        )


@transaction.atomic
def session_submit(*, actor: User, session: SupervisionSession) -> SupervisionSession:
    """The author signs the record as theirs and sends it to the other party."""
    _require_party(actor, session.arrangement)
    if session.author_id != actor.pk:
        raise ValidationError(_("Only the author of the record can submit it."))
    _move_status(
        session,
        allowed=lambda current: current.status in EDITABLE_STATUSES,
        refusal=_("Only a draft or a returned record can be submitted."),
        status=SessionStatus.SUBMITTED,
        author_signed_at=timezone.now(),
    )
    _record_event(session, actor, EventKind.SUBMITTED)
    session.refresh_from_db()
    return session


@transaction.atomic
def session_return(*, actor: User, session: SupervisionSession, comment: str) -> SupervisionSession:
    """The other party sends the record back to its author with a comment."""
    _counterpart_only(actor, session, _("return"))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs changing before returning it.")})
    _move_status(
        session,
        allowed=lambda current: current.status == SessionStatus.SUBMITTED,
        refusal=_("Only a record waiting for sign-off can be returned."),
        status=SessionStatus.RETURNED,
        author_signed_at=None,
    )
    _record_event(session, actor, EventKind.RETURNED, comment.strip())
    session.refresh_from_db()
    return session


@transaction.atomic
def session_sign(*, actor: User, session: SupervisionSession) -> SupervisionSession:
    """The other party signs: the record becomes signed by both and is locked."""
    _counterpart_only(actor, session, _("sign"))
    _move_status(
        session,
        allowed=lambda current: (
            current.status == SessionStatus.SUBMITTED and current.author_signed_at is not None
        ),
        refusal=_("Only a record waiting for sign-off can be signed."),
        status=SessionStatus.SIGNED,
        counterpart_signed_at=timezone.now(),
    )
    _record_event(session, actor, EventKind.SIGNED)
    arrangement_refresh_next_due(arrangement=session.arrangement)
    session.refresh_from_db()
    return session


@transaction.atomic
def addendum_add(*, actor: User, session: SupervisionSession, text: str) -> SessionAddendum:
    _require_party(actor, session.arrangement)
    if session.status != SessionStatus.SIGNED:
        raise ValidationError(_("Addenda are for signed records; edit the record instead."))
    if not text.strip():
        raise ValidationError({"text": _("Write the correction or addition.")})
    addendum = SessionAddendum.objects.create(session=session, author=actor, text=text.strip())
    _record_event(session, actor, EventKind.ADDENDUM)
    return addendum


@transaction.atomic
def reflection_save(*, actor: User, session: SupervisionSession, text: str) -> None:
    """Save ``actor``'s own private reflection on a record (theirs alone, any time)."""
    _require_party(actor, session.arrangement)
    field = "private_reflection" if session.author_id == actor.pk else "counterpart_reflection"
    setattr(session, field, text)
    session.save(update_fields=[field])


@transaction.atomic
def action_set_done(*, actor: User, action: SessionAction, is_done: bool) -> SessionAction:
    """Tick an action of a draft or returned record off (or on again). Signed records are
    locked: their open actions are reviewed in the next record they are carried into."""
    _require_party(actor, action.session.arrangement)
    if not action.session.is_editable:
        raise ValidationError(
            _(
                "This record is locked or waiting for sign-off; review the action in the next record."
            )
        )
    if SessionAction.objects.filter(carried_from=action).exists():
        raise ValidationError(_("This action was carried into a later record; update it there."))
    action.is_done = is_done
    action.save(update_fields=["is_done"])
    return action


def reads_log(*, reader: User, sessions: Iterable[SupervisionSession], via: str = "page") -> None:
    """Record that ``reader`` read the shared content of ``sessions`` (one insert)."""
    now = timezone.now()
    SessionRead.objects.bulk_create(
        SessionRead(session=session, reader=reader, read_at=now, via=via) for session in sessions
    )


@transaction.atomic
def arrangements_create_many(
    *,
    peer_workers: Sequence[PeerWorker],
    supervisor: User,
    supervisor_organisation: Organisation,
    supervision_type: str,
    supervisor_has_lived_experience: bool,
    frequency_days: int,
    started: dt.date,
    ended: dt.date | None = None,
) -> list[SupervisionArrangement]:
    """One supervisor for many peer workers: every arrangement, or (on any refusal, named per
    peer worker) none."""
    if not peer_workers:
        raise ValidationError({"peer_workers": _("Choose at least one peer worker.")})
    arrangements: list[SupervisionArrangement] = []
    errors: list[str] = []
    for peer_worker in peer_workers:
        try:
            with transaction.atomic():
                arrangements.append(
                    arrangement_create(
                        peer_worker=peer_worker,
                        supervisor=supervisor,
                        supervisor_organisation=supervisor_organisation,
                        supervision_type=supervision_type,
                        supervisor_has_lived_experience=supervisor_has_lived_experience,
                        frequency_days=frequency_days,
                        started=started,
                        ended=ended,
                    )
                )
        except ValidationError as error:
            errors.append(f"{peer_worker.full_name}: {' '.join(error.messages)}")
        except IntegrityError:
            errors.append(
                _("%(name)s: this arrangement is already on record.")
                % {"name": peer_worker.full_name}
            )
    if errors:
        raise ValidationError(errors)
    return arrangements
