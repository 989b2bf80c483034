"""Factories for the qualitative corpus (build on tests/factories.py)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from qualitative.models import (
    CellSummary,
    Coding,
    Excerpt,
    IntervieweeGroup,
    Replacement,
    ResearchProject,
    Source,
    Theme,
)
from tests.factories import InitiativeFactory, UserFactory


class ResearchProjectFactory(DjangoModelFactory):
    class Meta:
        model = ResearchProject

    name = factory.Sequence(lambda n: f"Project {n}")


class ReplacementFactory(DjangoModelFactory):
    class Meta:
        model = Replacement

    project = factory.SubFactory(ResearchProjectFactory)
    term = factory.Sequence(lambda n: f"Name{n}")
    replacement = "[name]"


class SourceFactory(DjangoModelFactory):
    """A source stored as given: use services.source_add to test pseudonymisation."""

    class Meta:
        model = Source

    project = factory.SubFactory(ResearchProjectFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Interview {n}")
    interviewee_group = IntervieweeGroup.PEER_WORKER
    wave = 1
    text = "We talked about supervision and about how the team sees the peer role."


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")


class ExcerptFactory(DjangoModelFactory):
    class Meta:
        model = Excerpt

    source = factory.SubFactory(SourceFactory)
    start = 0
    end = 10


class CodingFactory(DjangoModelFactory):
    class Meta:
        model = Coding

    excerpt = factory.SubFactory(ExcerptFactory)
    theme = factory.SubFactory(ThemeFactory)
    coder = factory.SubFactory(UserFactory)


class CellSummaryFactory(DjangoModelFactory):
    class Meta:
        model = CellSummary

    initiative = factory.SubFactory(InitiativeFactory)
    theme = factory.SubFactory(ThemeFactory)
    text = "Summary"


def theme(slug: str) -> Theme:
    """A seeded theme by slug (the seed codebook exists in every test database)."""
    return Theme.objects.get(slug=slug)


def add_source(
    *, project, initiative, text, group=IntervieweeGroup.PEER_WORKER, wave=1, title="Interview"
):
    from qualitative.services import source_add

    return source_add(
        project=project,
        initiative=initiative,
        title=title,
        text=text,
        interviewee_group=group,
        wave=wave,
    )


def code(source, passage: str, themes, coder, *, occurrence: int = 0):
    """Code the ``occurrence``-th appearance of ``passage`` in ``source`` with ``themes``."""
    from qualitative.services import coding_apply

    start = -1
    for _ in range(occurrence + 1):
        start = source.text.index(passage, start + 1)
    return coding_apply(
        source=source, start=start, end=start + len(passage), themes=list(themes), coder=coder
    )
