"""Reads for supervision pages, and figures the research comparison may call.

Research-facing selectors (each runs ONE query whatever the data size; no content, no names,
counts only — small-number suppression is the caller's job, hence every figure carries ``n``):

``supervision_on_time_by_initiative(*, on=None, initiative_ids=None)``
    ``{initiative_id: {"n": active arrangements, "on_time": not overdue, "share": on_time / n}}``.
    An arrangement is overdue when its next-due date (last signed session, or its start, plus
    its frequency) is before ``on`` (default: today).

``supervisor_lived_experience_by_initiative(*, on=None, initiative_ids=None)``
    ``{initiative_id: {"n": active arrangements, "with_lived_experience": count, "share": …}}``.

``supervision_types_by_initiative(*, on=None, initiative_ids=None)``
    ``{initiative_id: {"n": active arrangements, "<type>": count for each SupervisionType}}``.

``share`` is None when ``n`` is 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from peerwork.lib.dates import active_on, not_ended_by
from supervision.models import (
    ActionOwner,
    EventKind,
    SessionAction,
    SessionEvent,
    SessionRead,
    SessionStatus,
    SupervisionArrangement,
    SupervisionSession,
    SupervisionType,
)

# --- Pages ----------------------------------------------------------------------------


def sessions_for_party(user) -> QuerySet[SupervisionSession]:
    """The records a party may read, newest first, with what the list shows. One query."""
    return (
        SupervisionSession.objects.for_party(user)
        .without_reflections()
        .select_related("arrangement__peer_worker", "arrangement__supervisor", "author")
        .annotate(
            action_count=Count("actions", distinct=True),
            open_action_count=Count(
                "actions",
                filter=Q(actions__is_done=False, actions__carried_into__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-created")
    )


def _with_session_dates(queryset: QuerySet[SupervisionArrangement]):
    return queryset.annotate(
        last_session_on=Max("sessions__held_on"),
        last_signed_on=Max("sessions__held_on", filter=Q(sessions__status=SessionStatus.SIGNED)),
    )


def supervisees_of(user, *, on: dt.date | None = None) -> QuerySet[SupervisionArrangement]:
    """The supervisor's active arrangements with last session dates. One query."""
    return (
        _with_session_dates(SupervisionArrangement.objects.active(on).filter(supervisor=user))
        .select_related("peer_worker", "peer_worker__role__initiative")
        .order_by("next_due_on", "peer_worker__full_name")
    )


def awaiting_signature_of(user) -> QuerySet[SupervisionSession]:
    """Records submitted by the other party and waiting for ``user`` to sign. One query."""
    return (
        SupervisionSession.objects.awaiting_signature_by(user)
        .without_reflections()
        .select_related("arrangement__peer_worker", "arrangement__supervisor", "author")
        .order_by("held_on")
    )


def waiting_for_author(user) -> QuerySet[SupervisionSession]:
    """Records ``user`` wrote that are still drafts or were returned to them."""
    return (
        SupervisionSession.objects.for_party(user)
        .filter(author=user, status__in=[SessionStatus.DRAFT, SessionStatus.RETURNED])
        .without_reflections()
        .select_related("arrangement__peer_worker", "arrangement__supervisor")
        .order_by("held_on")
    )


def open_actions_for_worker(user) -> QuerySet[SessionAction]:
    return (
        SessionAction.objects.open()
        .filter(session__arrangement__peer_worker__user=user)
        .select_related("session")
        .order_by("due_on", "pk")
    )


def _last_return_comment() -> Subquery:
    return Subquery(
        SessionEvent.objects.filter(session=OuterRef("pk"), kind=EventKind.RETURNED)
        .order_by("-created", "-pk")
        .values("comment")[:1]
    )


def worker_home(user, *, on: dt.date | None = None) -> dict:
    """The peer worker's home: supervision status, records waiting, open actions.

    Four queries: arrangements, records waiting (as author or to sign), open actions, and the
    earliest booked next session. Records returned to the worker come first, each with the
    comment it was returned with, then those waiting for the worker's signature, then drafts.
    """
    on = on or timezone.localdate()
    arrangements = list(
        SupervisionArrangement.objects.active(on)
        .filter(peer_worker__user=user)
        .select_related("supervisor")
        .order_by("next_due_on")
    )
    if not arrangements:
        return {}
    waiting = list(
        SupervisionSession.objects.for_party(user)
        .filter(
            Q(author=user, status__in=[SessionStatus.DRAFT, SessionStatus.RETURNED])
            | (Q(status=SessionStatus.SUBMITTED) & ~Q(author=user))
        )
        .without_reflections()
        .annotate(
            return_comment=_last_return_comment(),
            urgency=Case(
                When(status=SessionStatus.RETURNED, then=Value(0)),
                When(status=SessionStatus.SUBMITTED, then=Value(1)),
                default=Value(2),
            ),
        )
        .order_by("urgency", "held_on")[:10]
    )
    actions = list(open_actions_for_worker(user)[:10])
    booked = SupervisionSession.objects.filter(
        arrangement__in=arrangements, next_session_on__gte=on
    ).aggregate(next=Min("next_session_on"))["next"]
    return {
        "arrangements": arrangements,
        "next_booked": booked,
        "next_due": arrangements[0].next_due_on,
        "status": supervision_status(
            next_due=arrangements[0].next_due_on,
            booked=booked,
            on=on,
            supervisor=arrangements[0].supervisor.get_full_name(),
        ),
        "waiting": waiting,
        "actions": actions,
        "today": on,
    }


@dataclass(frozen=True)
class SupervisionStatus:
    """One statement of where a worker's supervision stands, never two that contradict.

    ``state`` is ``overdue`` (due date passed, nothing booked), ``overdue_booked`` (due date
    passed, a session is booked), ``booked`` (booked, not overdue) or ``due`` (not overdue,
    nothing booked yet).
    """

    state: str
    next_due: dt.date
    booked: dt.date | None
    supervisor: str

    @property
    def is_overdue(self) -> bool:
        return self.state in ("overdue", "overdue_booked")


def supervision_status(
    *, next_due: dt.date, booked: dt.date | None, on: dt.date, supervisor: str
) -> SupervisionStatus:
    overdue = next_due < on
    if booked is not None:
        state = "overdue_booked" if overdue else "booked"
    else:
        state = "overdue" if overdue else "due"
    return SupervisionStatus(state=state, next_due=next_due, booked=booked, supervisor=supervisor)


def supervisor_inbox(user, *, on: dt.date, limit: int = 10) -> dict[str, list]:
    """What waits for a supervisor, in the order they should deal with it. Three queries:
    records waiting for their signature, supervisees whose session is overdue, and open
    actions of their supervisees past their due date."""
    awaiting = list(awaiting_signature_of(user)[:limit])
    overdue = list(
        SupervisionArrangement.objects.active(on)
        .filter(supervisor=user, next_due_on__lt=on)
        .select_related("peer_worker")
        .order_by("next_due_on", "peer_worker__full_name")[:limit]
    )
    actions = list(
        SessionAction.objects.open()
        .filter(
            due_on__lt=on,
            session__arrangement__supervisor=user,
            session__arrangement__in=SupervisionArrangement.objects.active(on),
        )
        .select_related("session__arrangement__peer_worker")
        .order_by("due_on", "pk")[:limit]
    )
    return {"awaiting": awaiting, "overdue": overdue, "actions": actions}


@dataclass(frozen=True)
class SupervisionCoverage:
    in_post: int
    supervised: int
    overdue: int


def supervision_coverage(*, organisation_ids: Iterable[int], on: dt.date) -> SupervisionCoverage:
    """Peer workers in post employed by the organisations: how many have an active
    supervision arrangement, and how many of those have one overdue. One query."""
    from cases.models import PeerWorker

    active = SupervisionArrangement.objects.active(on).filter(peer_worker=OuterRef("pk"))
    figures = (
        PeerWorker.objects.current(on)
        .filter(role__employer_id__in=list(organisation_ids))
        .annotate(
            is_supervised=Exists(active),
            is_overdue=Exists(active.filter(next_due_on__lt=on)),
        )
        .aggregate(
            in_post=Count("pk"),
            supervised=Count("pk", filter=Q(is_supervised=True)),
            overdue=Count("pk", filter=Q(is_overdue=True)),
        )
    )
    return SupervisionCoverage(**figures)


def oversight_for(user, *, on: dt.date | None = None) -> QuerySet[SupervisionArrangement]:
    """Arrangements of peer workers employed by organisations ``user`` manages (all for
    administrators): that supervision happened, never what was said. One query."""
    from cases.access import managed_organisation_ids

    on = on or timezone.localdate()
    arrangements = SupervisionArrangement.objects.active(on)
    if not getattr(user, "is_administrator", False):
        arrangements = arrangements.filter(
            peer_worker__role__employer_id__in=managed_organisation_ids(user)
        )
    year_ago = on - dt.timedelta(days=365)
    return (
        _with_session_dates(arrangements)
        .annotate(
            signed_last_year=Count(
                "sessions",
                filter=Q(sessions__status=SessionStatus.SIGNED, sessions__held_on__gte=year_ago),
            )
        )
        .select_related("peer_worker", "peer_worker__role__initiative", "supervisor")
        .order_by("peer_worker__role__initiative__name", "peer_worker__full_name")
    )


def reads_of_worker_records(user) -> QuerySet[SessionRead]:
    """Who read the shared content of ``user``'s own records (reads by others)."""
    return (
        SessionRead.objects.filter(session__arrangement__peer_worker__user=user)
        .exclude(reader=user)
        .select_related("reader", "session")
        .defer("session__private_reflection", "session__counterpart_reflection")
        .order_by("-read_at")
    )


def export_sessions(user) -> list[SupervisionSession]:
    """Every record ``user`` is a party to, with topics, actions and addenda. The viewer's own
    reflection is attached as ``own_reflection``; the other party's is never loaded into it.
    Five queries."""
    sessions = list(
        SupervisionSession.objects.for_party(user)
        .select_related("arrangement__peer_worker", "arrangement__supervisor", "author")
        .prefetch_related("topics", "actions", "addenda")
        .order_by("held_on", "created")
    )
    for session in sessions:
        session.own_reflection = session.reflection_for(user)
    return sessions


# --- Research -------------------------------------------------------------------------


def _active_by_initiative(on: dt.date | None, initiative_ids: Iterable[int] | None):
    arrangements = SupervisionArrangement.objects.active(on)
    if initiative_ids is not None:
        arrangements = arrangements.filter(
            peer_worker__role__initiative_id__in=list(initiative_ids)
        )
    return arrangements.values("peer_worker__role__initiative_id")


def _share(part: int, n: int) -> float | None:
    return part / n if n else None


def supervision_on_time_by_initiative(
    *, on: dt.date | None = None, initiative_ids: Iterable[int] | None = None
) -> dict[int, dict]:
    on = on or timezone.localdate()
    rows = _active_by_initiative(on, initiative_ids).annotate(
        n=Count("pk"), on_time=Count("pk", filter=Q(next_due_on__gte=on))
    )
    return {
        row["peer_worker__role__initiative_id"]: {
            "n": row["n"],
            "on_time": row["on_time"],
            "share": _share(row["on_time"], row["n"]),
        }
        for row in rows
    }


def supervisor_lived_experience_by_initiative(
    *, on: dt.date | None = None, initiative_ids: Iterable[int] | None = None
) -> dict[int, dict]:
    rows = _active_by_initiative(on, initiative_ids).annotate(
        n=Count("pk"),
        with_lived_experience=Count("pk", filter=Q(supervisor_has_lived_experience=True)),
    )
    return {
        row["peer_worker__role__initiative_id"]: {
            "n": row["n"],
            "with_lived_experience": row["with_lived_experience"],
            "share": _share(row["with_lived_experience"], row["n"]),
        }
        for row in rows
    }


def supervision_types_by_initiative(
    *, on: dt.date | None = None, initiative_ids: Iterable[int] | None = None
) -> dict[int, dict]:
    counts = {
        kind.value: Count("pk", filter=Q(supervision_type=kind.value)) for kind in SupervisionType
    }
    rows = _active_by_initiative(on, initiative_ids).annotate(n=Count("pk"), **counts)
    return {
        row["peer_worker__role__initiative_id"]: {
            "n": row["n"],
            **{kind.value: row[kind.value] for kind in SupervisionType},
        }
        for row in rows
    }


def overdue_actions_for_workers(*, on: dt.date) -> QuerySet[SessionAction]:
    return (
        SessionAction.objects.open()
        .filter(
            due_on__lt=on,
            owner__in=[ActionOwner.PEER_WORKER, ActionOwner.BOTH],
            session__arrangement__peer_worker__user__isnull=False,
        )
        .select_related("session__arrangement__peer_worker__user")
        .order_by("session__arrangement__peer_worker__user_id", "due_on")
    )


# --- Practice profiles ------------------------------------------------------------------------


@dataclass(frozen=True)
class FormalSupervision:
    """An initiative's formal supervision on a day.

    ``types`` and ``frequencies_days`` describe the arrangements active that day; ``people`` counts
    the peer workers in post with at least one, and ``on_time`` those of them with none overdue:
    an arrangement is overdue when its last signed session held by that day (or its start, if
    none) plus its expected interval is before the day, as ``next_due_on`` is kept.
    """

    recorded: int  # arrangements started on or before the day, active or not
    types: tuple[str, ...] = ()
    frequencies_days: tuple[int, ...] = ()  # one per active arrangement
    with_lived_experience: int = 0  # active arrangements whose supervisor has lived experience
    active: int = 0
    people: int = 0
    on_time: int = 0


def formal_supervision_by_initiative(
    *, on: dt.date, initiative_ids: Iterable[int] | None = None
) -> dict[int, FormalSupervision]:
    """Each initiative's formal supervision on ``on`` (two queries)."""
    arrangements = SupervisionArrangement.objects.filter(started__lte=on)
    if initiative_ids is not None:
        arrangements = arrangements.filter(
            peer_worker__role__initiative_id__in=list(initiative_ids)
        )
    recorded = dict(
        arrangements.order_by()
        .values("peer_worker__role__initiative_id")
        .annotate(n=Count("pk"))
        .values_list("peer_worker__role__initiative_id", "n")
    )
    last_signed = (
        SupervisionSession.objects.filter(
            arrangement=OuterRef("pk"), status=SessionStatus.SIGNED, held_on__lte=on
        )
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    active = (
        arrangements.filter(not_ended_by(on))
        .filter(active_on(on, "peer_worker"))
        .annotate(last_signed=Subquery(last_signed))
        .order_by()
        .values_list(
            "peer_worker__role__initiative_id",
            "peer_worker_id",
            "supervision_type",
            "frequency_days",
            "supervisor_has_lived_experience",
            "started",
            "last_signed",
        )
    )
    details: dict[int, dict] = {}
    for initiative_id, worker_id, kind, frequency, lived, started, signed in active:
        detail = details.setdefault(
            initiative_id,
            {"types": set(), "frequencies": [], "lived": 0, "overdue": {}},
        )
        detail["types"].add(kind)
        detail["frequencies"].append(frequency)
        detail["lived"] += bool(lived)
        due = (signed or started) + dt.timedelta(days=frequency)
        detail["overdue"][worker_id] = detail["overdue"].get(worker_id, False) or due < on
    result = {}
    for initiative_id, count in recorded.items():
        detail = details.get(initiative_id)
        if detail is None:
            result[initiative_id] = FormalSupervision(recorded=count)
            continue
        result[initiative_id] = FormalSupervision(
            recorded=count,
            types=tuple(kind.value for kind in SupervisionType if kind.value in detail["types"]),
            frequencies_days=tuple(sorted(detail["frequencies"])),
            with_lived_experience=detail["lived"],
            active=len(detail["frequencies"]),
            people=len(detail["overdue"]),
            on_time=sum(1 for overdue in detail["overdue"].values() if not overdue),
        )
    return result
