"""Demo supervision: arrangements for every current peer worker, a year of sessions.

- ``peer@demo.peerwork`` is supervised by ``supervisor@demo.peerwork`` (managerial, monthly)
  and by a peer supervisor with lived experience; their records go through the real services
  and cover every workflow state (draft, submitted both ways, returned, signed, with an
  addendum), with private reflections, actions and carried-forward actions.
- ``supervisor@demo.peerwork`` also supervises other Northvale workers (some overdue) and,
  across organisations, a worker employed by Open Door in the partnership initiative P-09.
- Every other current peer worker has an arrangement with a supervisor of their employer
  (peer supervisors with lived experience mostly in the voluntary sector) and a year of
  signed sessions, some of them overdue.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from cases.demo import PASSWORD
from cases.models import Initiative, Membership, MembershipRole, Organisation, PeerWorker, Sector
from supervision import services
from supervision.models import (
    ActionOwner,
    SessionAction,
    SessionMode,
    SessionStatus,
    SupervisionArrangement,
    SupervisionSession,
    SupervisionTopic,
    SupervisionType,
)

SUMMARIES = [
    "We talked about how it went sharing some of my story in the ward group and what felt right to share.",
    "Talked through a difficult conversation with a nurse about my role on the ward; agreed to raise role clarity at the team meeting.",
    "Reviewed my wellbeing plan after a busy month and planned some protected time.",
    "Discussed boundaries with someone I support who asked for my personal number.",
    "Looked at training options, including the peer trainer course in the spring.",
    "Reflected on feeling left out of handover and what would help the team include peer work.",
]
REFLECTIONS = [
    "I held back more than I wanted to. I worry people will see me as a patient again if I share too much.",
    "Honestly I am tired and did not say so. Next time I will.",
    "Proud of how I handled the boundary conversation, even if my voice shook.",
    "I am not sure the team understands what I do. That stings more than I admitted.",
]
ACTIONS = [
    "Ask to attend the weekly team meeting",
    "Book a place on the peer trainer course",
    "Write down what I am comfortable sharing about my experience",
    "Speak to the ward manager about handover",
    "Take the two days of annual leave owed",
]
RETURN_COMMENTS = [
    "Could we add the action about team meetings we agreed? And the date looks a day out.",
]


@functools.cache
def _demo_password_hash() -> str:
    # Hash once: the password hasher is deliberately slow and every demo login shares it.
    return make_password(PASSWORD)


def _user(email: str, name: str, organisation: Organisation) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": MembershipRole.SUPERVISOR}
    )
    return user


def seed(*, stdout=None) -> None:
    peer = User.objects.filter(email="peer@demo.peerwork").first()
    supervisor = User.objects.filter(email="supervisor@demo.peerwork").first()
    if peer is None or supervisor is None:
        return
    peer_worker = PeerWorker.objects.filter(user=peer).select_related("role").first()
    if (
        peer_worker is None
        or SupervisionArrangement.objects.filter(peer_worker=peer_worker).exists()
    ):
        return  # already seeded (or no cases demo)

    rng = random.Random(20170301)
    today = timezone.localdate()
    topics = list(SupervisionTopic.objects.all())
    northvale = Organisation.objects.get(name="Northvale NHS Foundation Trust")
    peer_supervisor = _user("peer.supervisor@demo.peerwork", "Kit Okafor", northvale)

    # --- peer@demo.peerwork through the real workflow ---------------------------------
    managerial = services.arrangement_create(
        peer_worker=peer_worker,
        supervisor=supervisor,
        supervisor_organisation=northvale,
        supervision_type=SupervisionType.MANAGERIAL,
        supervisor_has_lived_experience=False,
        frequency_days=28,
        started=today - dt.timedelta(days=390),
    )
    peer_arrangement = services.arrangement_create(
        peer_worker=peer_worker,
        supervisor=peer_supervisor,
        supervisor_organisation=northvale,
        supervision_type=SupervisionType.PEER,
        supervisor_has_lived_experience=True,
        frequency_days=42,
        started=today - dt.timedelta(days=300),
    )
    _seed_workflow(rng, managerial, peer, supervisor, topics, today)
    # The peer supervision is overdue: last signed session long ago.
    _signed_history(
        rng,
        peer_arrangement,
        topics,
        today - dt.timedelta(days=120),
        count=4,
        author=peer_supervisor,
    )

    # --- everyone else ----------------------------------------------------------------
    supervisors_by_org: dict[int, User] = {northvale.pk: supervisor}
    workers = (
        PeerWorker.objects.current(today)
        .filter(role__initiative__status="active")
        .exclude(pk=peer_worker.pk)
        .select_related("role__employer", "role__initiative")
        .order_by("pseudonym")
    )
    p09 = Initiative.objects.filter(research_code="P-09").first()
    cross_done = False
    for index, worker in enumerate(workers):
        employer = worker.role.employer
        if not cross_done and p09 is not None and worker.role.initiative_id == p09.pk:
            # The partnership: a Northvale supervisor for a peer worker Open Door employs.
            arrangement_supervisor, supervisor_org = supervisor, northvale
            cross_done = True
        else:
            arrangement_supervisor = supervisors_by_org.get(employer.pk)
            if arrangement_supervisor is None:
                slug = employer.name.split()[0].lower()
                arrangement_supervisor = _user(
                    f"supervisor.{slug}@demo.peerwork",
                    f"{rng.choice(['Ash', 'Bel', 'Cai', 'Dee', 'Eli', 'Fen'])} "
                    f"{rng.choice(['Marsh', 'Holt', 'Reyes', 'Quinn', 'Shaw'])}",
                    employer,
                )
                supervisors_by_org[employer.pk] = arrangement_supervisor
            supervisor_org = employer
        is_voluntary = employer.sector == Sector.VOLUNTARY
        supervision_type = (
            SupervisionType.PEER
            if is_voluntary and rng.random() < 0.7
            else rng.choice(
                [SupervisionType.MANAGERIAL, SupervisionType.CLINICAL, SupervisionType.GROUP]
            )
        )
        started = max(worker.started, today - dt.timedelta(days=365))
        arrangement = services.arrangement_create(
            peer_worker=worker,
            supervisor=arrangement_supervisor,
            supervisor_organisation=supervisor_org,
            supervision_type=supervision_type,
            supervisor_has_lived_experience=supervision_type == SupervisionType.PEER,
            frequency_days=rng.choice([28, 28, 42]),
            started=started,
        )
        # Roughly one in four is overdue: their last session stopped well before today.
        last = today - dt.timedelta(days=rng.choice([5, 12, 20]) if index % 4 else 75)
        count = max(1, (last - started).days // arrangement.frequency_days)
        _signed_history(
            rng, arrangement, topics, last, count=min(count, 12), author=arrangement_supervisor
        )

    if stdout is not None:
        stdout.write(
            f"  supervision: {SupervisionArrangement.objects.count()} arrangements, "
            f"{SupervisionSession.objects.count()} sessions"
        )


def _signed_history(rng, arrangement, topics, last: dt.date, *, count: int, author) -> None:
    """Signed sessions ending on ``last`` at the arrangement's rhythm (written directly: the
    demo's other peer workers have no accounts to sign with)."""
    now = timezone.now()
    for number in range(count):
        held_on = last - dt.timedelta(days=arrangement.frequency_days * number)
        if held_on < arrangement.started:
            break
        session = SupervisionSession.objects.create(
            arrangement=arrangement,
            author=author,
            held_on=held_on,
            duration_minutes=rng.choice([45, 60, 60, 90]),
            mode=rng.choice(SessionMode.values),
            supervision_type=arrangement.supervision_type,
            shared_summary=rng.choice(SUMMARIES),
            status=SessionStatus.SIGNED,
            author_signed_at=now,
            counterpart_signed_at=now,
        )
        session.topics.set(rng.sample(topics, k=rng.randint(1, 3)))
        if rng.random() < 0.5:
            SessionAction.objects.create(
                session=session,
                text=rng.choice(ACTIONS),
                owner=ActionOwner.PEER_WORKER,
                due_on=held_on + dt.timedelta(days=21),
                is_done=number > 0,
            )
    services.arrangement_refresh_next_due(arrangement=arrangement)


def _seed_workflow(rng, arrangement, peer, supervisor, topics, today) -> None:
    """Monthly records for peer@ over the past year, ending in every workflow state."""
    first = arrangement.started + dt.timedelta(days=30)
    dates = []
    held_on = first
    while held_on <= today - dt.timedelta(days=3):
        dates.append(held_on)
        held_on += dt.timedelta(days=rng.choice([26, 28, 30]))
    # Oldest ones signed; the last five end in: submitted by the supervisor (waiting for
    # peer@ to sign), signed with an addendum, returned with a comment, submitted by peer@
    # (waiting for the supervisor), and a draft by peer@.
    for number, held_on in enumerate(dates):
        remaining = len(dates) - number
        author = (
            {5: supervisor}.get(remaining, peer)
            if remaining <= 5
            else (peer if number % 3 else supervisor)
        )
        other = supervisor if author == peer else peer
        actions = [
            services.ActionInput(
                text=ACTIONS[number % len(ACTIONS)],
                owner=rng.choice([ActionOwner.PEER_WORKER, ActionOwner.BOTH]),
                due_on=held_on + dt.timedelta(days=rng.choice([14, 21, 28])),
            )
        ]
        session = services.session_create(
            actor=author,
            arrangement=arrangement,
            held_on=held_on,
            duration_minutes=rng.choice([50, 60, 60, 75]),
            mode=rng.choice(SessionMode.values),
            topics=rng.sample(topics, k=rng.randint(2, 4)),
            shared_summary=SUMMARIES[number % len(SUMMARIES)],
            private_reflection=REFLECTIONS[number % len(REFLECTIONS)]
            if author == peer
            else "Jamie seemed more confident this month; I want to make space for the team question.",
            next_session_on=held_on + dt.timedelta(days=28),
            actions=actions,
        )
        # Most earlier actions got done; the carried-forward copies keep them open otherwise.
        if remaining > 3:
            SessionAction.objects.filter(session=session).update(is_done=True)
        if remaining == 1:
            continue  # draft by peer@
        services.session_submit(actor=author, session=session)
        if remaining in (2, 5):
            continue  # submitted, waiting for the other party
        if remaining == 3:
            services.session_return(actor=other, session=session, comment=RETURN_COMMENTS[0])
            continue
        services.session_sign(actor=other, session=session)
        if author == peer:
            services.reflection_save(
                actor=supervisor,
                session=session,
                text="Note to self: check in about workload before the ward reorganisation.",
            )
        if remaining == 4:
            services.addendum_add(
                actor=peer,
                session=session,
                text="Correction: the training course is in April, not March.",
            )
