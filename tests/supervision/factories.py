"""Factories for supervision models, built on tests/factories.py."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from supervision.models import (
    ActionOwner,
    SessionAction,
    SessionMode,
    SessionStatus,
    SupervisionArrangement,
    SupervisionSession,
    SupervisionType,
)
from tests.factories import OrganisationFactory, PeerWorkerFactory, UserFactory


class ArrangementFactory(DjangoModelFactory):
    class Meta:
        model = SupervisionArrangement

    peer_worker = factory.SubFactory(PeerWorkerFactory)
    supervisor = factory.SubFactory(UserFactory)
    supervisor_organisation = factory.SubFactory(OrganisationFactory)
    supervision_type = SupervisionType.MANAGERIAL
    frequency_days = 28
    started = dt.date(2024, 3, 1)
    next_due_on = factory.LazyAttribute(lambda o: o.started + dt.timedelta(days=o.frequency_days))


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = SupervisionSession

    arrangement = factory.SubFactory(ArrangementFactory)
    author = factory.LazyAttribute(
        lambda o: o.arrangement.peer_worker.user or o.arrangement.supervisor
    )
    held_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    duration_minutes = 60
    mode = SessionMode.IN_PERSON
    supervision_type = factory.LazyAttribute(lambda o: o.arrangement.supervision_type)
    shared_summary = factory.Sequence(lambda n: f"Shared summary number {n}")
    private_reflection = factory.Sequence(lambda n: f"Private reflection number {n}")
    status = SessionStatus.DRAFT
    author_signed_at = factory.LazyAttribute(
        lambda o: (
            timezone.now() if o.status in (SessionStatus.SUBMITTED, SessionStatus.SIGNED) else None
        )
    )
    counterpart_signed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == SessionStatus.SIGNED else None
    )


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = SessionAction

    session = factory.SubFactory(SessionFactory)
    text = factory.Sequence(lambda n: f"Action {n}")
    owner = ActionOwner.PEER_WORKER
    due_on = factory.LazyAttribute(lambda o: o.session.held_on + dt.timedelta(days=14))
