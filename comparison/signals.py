"""Keep the current quarter's practice profiles in step with the records.

Every write to a record a profile reads schedules the initiatives it concerns; once the
transaction commits, their current-quarter profiles are recomputed (``profiles_refresh``).
Frozen quarters are never recomputed here: when a write changes what a closed quarter
describes (a back-dated start, say), those profiles are flagged stale for an explicit rebuild.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from cases.models import (
    Initiative,
    InitiativePartner,
    PeerWorker,
    PeerWorkerRole,
    RoleTerms,
)
from comparison.models import PracticeDeclaration
from peerwork.lib.dates import quarter_start
from recruitment.models import Campaign, Interview, PanelMember
from supervision.models import SessionStatus, SupervisionArrangement, SupervisionSession
from training.models import Enrolment, RequiredTraining, TrainingProgramme

logger = logging.getLogger("peerwork.comparison")


class _Batch:
    """The initiatives one transaction changed, refreshed together once it commits.

    Every write registers its own ``on_commit`` callback that points at the transaction's batch;
    the first callback to run refreshes the whole batch and the others find it done. A
    rolled-back transaction discards its callbacks, so nothing it scheduled reaches the next.
    """

    def __init__(self) -> None:
        self.initiatives: dict[int, dt.date | None] = {}
        self.is_done = False

    def add(self, initiative_ids: Iterable[int], since: dt.date | None) -> None:
        for initiative_id in initiative_ids:
            if initiative_id is None:
                continue
            earlier = self.initiatives.get(initiative_id)
            if initiative_id not in self.initiatives or (
                since and (earlier is None or since < earlier)
            ):
                self.initiatives[initiative_id] = since

    def run(self) -> None:
        if self.is_done:
            return
        self.is_done = True
        flush(self.initiatives)


class _Refresh:
    """One write's ``on_commit`` callback."""

    def __init__(self, batch: _Batch) -> None:
        self.batch = batch

    def __call__(self) -> None:
        self.batch.run()


def _open_batch() -> _Batch:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _Refresh) and not callback.batch.is_done:
                return callback.batch
    return _Batch()


def schedule(initiative_ids: Iterable[int], since: dt.date | None = None) -> None:
    """Refresh these initiatives' current profiles after the commit; ``since`` is the earliest
    day the change concerns (for flagging frozen quarters as stale)."""
    ids = [initiative_id for initiative_id in initiative_ids if initiative_id is not None]
    if not ids:
        return
    batch = _open_batch()
    batch.add(ids, since)
    transaction.on_commit(_Refresh(batch))


def flush(items: dict[int, dt.date | None]) -> None:
    from comparison.services import profiles_mark_stale, profiles_refresh

    if not items:
        return
    today = timezone.localdate()
    try:
        profiles_refresh(initiative_ids=list(items), today=today)
        current = quarter_start(today)
        for initiative_id, since in items.items():
            if since is not None and since < current:
                profiles_mark_stale(initiative_ids=[initiative_id], since=since)
    except Exception:
        # The write itself has committed; a failed refresh must not turn it into an error
        # page. The profile catches up at the next write or the daily rebuild.
        logger.exception("practice profile refresh failed for %s", sorted(items))


def _earliest(*days: dt.date | None) -> dt.date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _role_initiative(role_id: int | None) -> list[int]:
    if role_id is None:
        return []
    return list(PeerWorkerRole.objects.filter(pk=role_id).values_list("initiative_id", flat=True))


def _worker_initiative(peer_worker_id: int | None) -> list[int]:
    if peer_worker_id is None:
        return []
    return list(
        PeerWorker.objects.filter(pk=peer_worker_id).values_list("role__initiative_id", flat=True)
    )


# Each resolver returns (initiative ids, earliest day concerned) for an instance.
Resolver = Callable[[Model], tuple[list[int], dt.date | None]]

RESOLVERS: dict[type[Model], Resolver] = {
    Initiative: lambda i: ([i.pk], i.started),
    InitiativePartner: lambda p: ([p.initiative_id], None),
    PeerWorkerRole: lambda r: ([r.initiative_id], None),
    RoleTerms: lambda t: (_role_initiative(t.role_id), t.effective_from),
    PeerWorker: lambda w: (_role_initiative(w.role_id), _earliest(w.started, w.ended)),
    PracticeDeclaration: lambda d: ([d.initiative_id], None),
    Campaign: lambda c: (_role_initiative(c.role_id), c.opened),
    Interview: lambda i: (
        list(
            Interview.objects.filter(pk=i.pk).values_list(
                "application__campaign__role__initiative_id", flat=True
            )
        ),
        None,
    ),
    PanelMember: lambda m: (
        list(
            Interview.objects.filter(pk=m.interview_id).values_list(
                "application__campaign__role__initiative_id", flat=True
            )
        ),
        None,
    ),
    RequiredTraining: lambda r: (_role_initiative(r.role_id), None),
    Enrolment: lambda e: (
        _worker_initiative(e.peer_worker_id)
        if e.peer_worker_id
        else list(
            PeerWorkerRole.objects.filter(host_team__training_colleagues=e.colleague_id)
            .values_list("initiative_id", flat=True)
            .distinct()
        ),
        e.completed_on,
    ),
    TrainingProgramme: lambda p: (
        list(
            Initiative.objects.filter(
                Q(roles__required_trainings__programme=p)
                | Q(roles__peer_workers__training_enrolments__session__programme=p)
            )
            .values_list("pk", flat=True)
            .distinct()
        ),
        None,
    ),
    SupervisionArrangement: lambda a: (_worker_initiative(a.peer_worker_id), a.started),
    SupervisionSession: lambda s: _signed_session(s),
}


def _signed_session(session: SupervisionSession) -> tuple[list[int], dt.date | None]:
    """Profiles count signed sessions only (who is on time), and signing is final: drafts,
    submissions and returns change nothing a profile reads, so they cost nothing here."""
    if session.status != SessionStatus.SIGNED:
        return [], None
    return (
        list(
            SupervisionArrangement.objects.filter(pk=session.arrangement_id).values_list(
                "peer_worker__role__initiative_id", flat=True
            )
        ),
        session.held_on,
    )


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded
    resolver = RESOLVERS.get(sender)
    if resolver is None:
        return
    initiative_ids, since = resolver(instance)
    schedule(initiative_ids, since)


def _functions_changed(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PeerWorkerRole):
        schedule([instance.initiative_id])


def connect() -> None:
    for model in RESOLVERS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"profile-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"profile-delete-{model.__name__}")
    m2m_changed.connect(
        _functions_changed,
        sender=PeerWorkerRole.functions.through,
        dispatch_uid="profile-role-functions",
    )
