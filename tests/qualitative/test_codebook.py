"""The codebook: seeded themes; add, rename, move and merge (merging moves codings)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualitative.models import CellSummary, Coding, Theme
from qualitative.services import theme_create, theme_merge, theme_update
from tests.qualitative.factories import (
    ResearchProjectFactory,
    add_source,
    code,
    theme,
)

pytestmark = pytest.mark.django_db


def test_codebook_is_seeded_with_the_study_themes():
    structural = theme("structural")
    cultural = theme("cultural")
    assert set(structural.children.values_list("name", flat=True)) == {
        "Recruitment",
        "Training",
        "Supervision and support",
        "Line management",
        "Terms and conditions",
    }
    assert cultural.children.count() == 8
    assert theme("distinctiveness").name == "Distinctiveness / erosion of the role"
    assert all(child.definition for child in Theme.objects.filter(depth=1))


def test_researcher_adds_a_sub_theme_through_the_codebook_page(client_for, researcher):
    response = client_for(researcher).post(
        reverse("qualitative:codebook"),
        {
            "name": "Peer networks",
            "parent": str(theme("supervision-support").public_id),
            "definition": "Peer-led support between peer workers.",
        },
    )
    assert response.status_code == 302
    created = Theme.objects.get(name="Peer networks")
    assert created.parent == theme("supervision-support")
    assert created.depth == 2 and created.path.startswith(theme("structural").path)


def test_duplicate_name_under_same_parent_is_refused(client_for, researcher):
    response = client_for(researcher).post(
        reverse("qualitative:codebook"),
        {"name": "training", "parent": str(theme("structural").public_id)},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Theme.objects.filter(name__iexact="training").count() == 1


def test_rename_and_move_carry_the_subtree():
    parent = theme_create(name="Hours", parent=theme("terms-conditions"))
    child = theme_create(name="Flexible hours", parent=parent)
    theme_update(
        theme=parent, name="Working hours", definition="", memo="memo", parent=theme("cultural")
    )
    parent.refresh_from_db()
    child.refresh_from_db()
    assert parent.name == "Working hours" and parent.parent == theme("cultural")
    assert child.path.startswith(parent.path) and child.path.startswith(theme("cultural").path)
    assert (parent.depth, child.depth) == (1, 2)


def test_moving_a_theme_under_its_own_child_is_refused():
    parent = theme_create(name="Hours", parent=theme("terms-conditions"))
    child = theme_create(name="Flexible hours", parent=parent)
    with pytest.raises(ValidationError):
        theme_update(theme=parent, name="Hours", definition="", memo="", parent=child)


def test_merge_moves_codings_without_duplicates(researcher, initiative_a):
    source = add_source(
        project=ResearchProjectFactory(),
        initiative=initiative_a,
        text="The team kept me away from the notes. Boundaries were never explained.",
    )
    professionalism, boundaries = theme("professionalism"), theme("practice-boundaries")
    code(source, "The team kept me away from the notes.", [professionalism, boundaries], researcher)
    code(source, "Boundaries were never explained.", [professionalism], researcher)
    CellSummary.objects.create(initiative=initiative_a, theme=professionalism, text="Cautious.")

    moved = theme_merge(theme=professionalism, into=boundaries)

    assert moved == 1  # the first passage already had "Practice boundaries"
    assert not Theme.objects.filter(pk=professionalism.pk).exists()
    assert Coding.objects.filter(theme=boundaries).count() == 2
    assert Coding.objects.count() == 2
    assert CellSummary.objects.get(theme=boundaries).text == "Cautious."


def test_merge_into_own_descendant_is_refused():
    with pytest.raises(ValidationError):
        theme_merge(theme=theme("cultural"), into=theme("professionalism"))


def test_merge_view_moves_children(client_for, researcher):
    extra = theme_create(name="Ward rounds", parent=theme("team-integration"))
    response = client_for(researcher).post(
        reverse("qualitative:theme-merge", args=[theme("team-integration").public_id]),
        {"into": str(theme("organisational-culture").public_id)},
    )
    assert response.status_code == 302
    extra.refresh_from_db()
    assert extra.parent == theme("organisational-culture")
    assert extra.path.startswith(theme("organisational-culture").path)
