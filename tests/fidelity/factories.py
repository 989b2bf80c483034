"""Factories for the fidelity app (build on tests/factories.py), and ``rate`` to write a
rating through the services."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import PlatformRole
from fidelity import services
from fidelity.models import (
    Consensus,
    InformantType,
    Instrument,
    Interview,
    Item,
    Rating,
    Wave,
    WaveSite,
)
from fidelity.vocabularies import ILLUSTRATIVE_SLUG, seed_instrument
from tests.factories import InitiativeFactory, UserFactory


def illustrative_instrument() -> Instrument:
    """The seeded instrument, version 1 (seeded again if a test flushed it)."""
    seed_instrument()
    return Instrument.objects.get(slug=ILLUSTRATIVE_SLUG, version=1)


class ResearcherFactory(UserFactory):
    email = factory.Sequence(lambda n: f"rater{n}@example.org")
    platform_role = PlatformRole.RESEARCHER


class WaveFactory(DjangoModelFactory):
    class Meta:
        model = Wave

    name = factory.Sequence(lambda n: f"Wave {n + 1}")
    starts_on = factory.Sequence(lambda n: dt.date(2020 + n % 50, 1, 1))
    ends_on = factory.LazyAttribute(lambda wave: wave.starts_on.replace(month=6, day=30))
    instrument = factory.LazyFunction(illustrative_instrument)


class WaveSiteFactory(DjangoModelFactory):
    class Meta:
        model = WaveSite

    wave = factory.SubFactory(WaveFactory)
    initiative = factory.SubFactory(InitiativeFactory)


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = Interview
        skip_postgeneration_save = True

    wave = factory.SubFactory(WaveFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    informant_type = InformantType.PEER_WORKER
    reference = factory.Sequence(lambda n: f"INT-{n:03d}")

    @factory.post_generation
    def site(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            WaveSite.objects.get_or_create(wave=obj.wave, initiative=obj.initiative)


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    interview = factory.SubFactory(InterviewFactory)
    rater = factory.SubFactory(ResearcherFactory)


def items_for(interview: Interview) -> list[Item]:
    return services.applicable_items(interview)


def rate(interview: Interview, rater, scores, *, submit: bool = True, notes=None) -> Rating:
    """Rate ``interview`` as ``rater``: ``scores`` is a list in item order, or {code: score}."""
    items = items_for(interview)
    if isinstance(scores, dict):
        by_id = {item.pk: scores.get(item.code) for item in items}
    else:
        by_id = {item.pk: score for item, score in zip(items, scores, strict=True)}
    rating = Rating.objects.filter(interview=interview, rater=rater).first()
    if rating is None:
        rating = services.rating_start(interview=interview, rater=rater)
    rating.refresh_from_db()
    return services.rating_save(
        rating=rating,
        scores=by_id,
        notes={item.pk: (notes or {}).get(item.code, "") for item in items if notes},
        submit=submit,
        expected_version=rating.version,
    )


def agree(interview: Interview, raters, scores: dict[str, int] | None = None) -> Consensus:
    """Record the consensus; ``scores`` {code: score} settles the disagreements."""
    items = {item.code: item.pk for item in items_for(interview)}
    return services.consensus_record(
        interview=interview,
        scores={items[code]: score for code, score in (scores or {}).items()},
        notes={},
        agreed_by=raters,
        recorded_by=raters[0],
    )
