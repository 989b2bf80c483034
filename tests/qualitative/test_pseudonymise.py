"""Pseudonymisation at intake: names never stored, list growth re-applied, excerpts follow."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from qualitative.models import Excerpt, Source
from qualitative.pseudonymise import move_offset, pseudonymise
from qualitative.services import replacement_add
from tests.qualitative.factories import (
    ReplacementFactory,
    ResearchProjectFactory,
    add_source,
    code,
    theme,
)

pytestmark = pytest.mark.django_db

TRANSCRIPT = (
    "Interviewer: How did Jo find the Aire Ward?\n"
    "Jo: Honestly, jo-jo days. Joanne on the aire ward said Jo should keep quiet about it.\n"
    "We met in Harrogate. harrogate is small."
)


def test_whole_word_case_insensitive_replacement():
    text, spans = pseudonymise(TRANSCRIPT, [("Jo", "[PW1]"), ("Aire Ward", "[ward]")])
    assert "Jo:" not in text and "Jo should" not in text
    assert "[PW1]: Honestly" in text
    assert "Joanne" in text  # not a whole-word match
    assert "the [ward]?" in text and "on the [ward] said" in text
    assert len(spans) == 7  # "jo-jo" is two whole words


def test_longest_term_wins():
    text, _spans = pseudonymise(
        "Aire Ward and Aire", [("Aire", "[river]"), ("Aire Ward", "[ward]")]
    )
    assert text == "[ward] and [river]"


def test_source_add_never_stores_listed_names(researcher, initiative_a):
    project = ResearchProjectFactory()
    ReplacementFactory(project=project, term="Jo", replacement="[PW1]")
    ReplacementFactory(project=project, term="Harrogate", replacement="[town]")
    source = add_source(
        project=project, initiative=initiative_a, text=TRANSCRIPT, title="Jo in Harrogate"
    )
    source.refresh_from_db()
    assert "Harrogate" not in source.text and "harrogate" not in source.text
    assert "Jo:" not in source.text
    assert source.title == "[PW1] in [town]"
    assert not Source.objects.filter(text__icontains="harrogate").exists()


def test_growing_list_reapplies_to_every_source_and_moves_excerpts(researcher, initiative_a):
    project = ResearchProjectFactory()
    first = add_source(project=project, initiative=initiative_a, text=TRANSCRIPT)
    second = add_source(project=project, initiative=initiative_a, text="Nothing about Harrogate")
    other_project_source = add_source(
        project=ResearchProjectFactory(), initiative=initiative_a, text="Harrogate again"
    )
    code(first, "keep quiet about it", [theme("disclosure-risk")], researcher)
    code(first, "harrogate is small", [theme("organisational-culture")], researcher)

    _entry, changed = replacement_add(
        project=project, term="harrogate", replacement="[town]", created_by=researcher
    )

    assert changed == 2
    first.refresh_from_db()
    second.refresh_from_db()
    other_project_source.refresh_from_db()
    assert "arrogate" not in first.text and second.text == "Nothing about [town]"
    assert other_project_source.text == "Harrogate again"  # another project's list
    passages = sorted(excerpt.text for excerpt in Excerpt.objects.filter(source=first))
    # The excerpt after the replacement still covers the same words; the one containing the
    # replaced word now holds the replacement.
    assert passages == ["[town] is small", "keep quiet about it"]


def test_duplicate_term_refused(initiative_a):
    project = ResearchProjectFactory()
    replacement_add(project=project, term="Jo", replacement="[PW1]")
    with pytest.raises(ValidationError) as error:
        replacement_add(project=project, term="JO", replacement="[PW2]")
    assert "term" in error.value.error_dict


def test_replacement_containing_a_listed_name_refused():
    project = ResearchProjectFactory()
    replacement_add(project=project, term="Jo", replacement="[PW1]")
    with pytest.raises(ValidationError):
        replacement_add(project=project, term="Sam", replacement="Jo's friend")


@given(st.text(alphabet="ab xy\n-", min_size=0, max_size=40))
def test_moved_offsets_point_at_the_same_unreplaced_characters(text):
    new_text, spans = pseudonymise(text, [("ab", "[name]")])
    for offset, character in enumerate(text):
        inside = any(span.old_start <= offset < span.old_end for span in spans)
        if inside:
            continue
        assert new_text[move_offset(offset, spans, is_end=False)] == character
    assert move_offset(len(text), spans, is_end=True) == len(new_text)


def test_excerpts_that_collapse_onto_one_replacement_are_merged(researcher, initiative_a):
    project = ResearchProjectFactory()
    source = add_source(project=project, initiative=initiative_a, text="Jo said it was fine.")
    code(source, "Jo", [theme("training")], researcher)
    code(source, "J", [theme("training"), theme("professionalism")], researcher)

    replacement_add(project=project, term="Jo", replacement="[PW1]")

    excerpt = Excerpt.objects.get(source=source)
    assert excerpt.text == "[PW1]"
    assert sorted(excerpt.codings.values_list("theme__slug", flat=True)) == [
        "professionalism",
        "training",
    ]
