"""Coding in the browser's form: passages coded by offsets, each coding records its coder."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from qualitative.models import Coding, Excerpt, Source
from qualitative.services import SharedSession, supervision_offer_create
from tests.factories import UserFactory
from tests.qualitative.factories import (
    ResearchProjectFactory,
    add_source,
    theme,
)

pytestmark = pytest.mark.django_db

TEXT = "I was told not to talk about my own recovery on the ward.\nLater that changed."


@pytest.fixture
def source(initiative_a):
    return add_source(project=ResearchProjectFactory(), initiative=initiative_a, text=TEXT)


def _post(client, source, passage, themes, **extra):
    start = source.text.index(passage)
    data = {
        "start": start,
        "end": start + len(passage),
        "quote": passage,
        "themes": [str(t.public_id) for t in themes],
        **extra,
    }
    return client.post(reverse("qualitative:coding-create", args=[source.public_id]), data)


def test_researcher_codes_a_passage_with_two_themes(client_for, researcher, source):
    response = _post(
        client_for(researcher),
        source,
        "not to talk about my own recovery",
        [theme("disclosure-risk"), theme("role-expectations")],
        memo="Caution about risk.",
    )
    assert response.status_code == 302
    excerpt = Excerpt.objects.get(source=source)
    assert excerpt.text == "not to talk about my own recovery"
    codings = Coding.objects.filter(excerpt=excerpt)
    assert {c.theme.slug for c in codings} == {"disclosure-risk", "role-expectations"}
    assert {c.coder for c in codings} == {researcher}
    assert all(c.memo == "Caution about risk." for c in codings)


def test_two_researchers_code_the_same_passage_each_recorded(client_for, researcher, source):
    colleague = UserFactory(platform_role="researcher", full_name="Cal Colleague")
    _post(client_for(researcher), source, "Later that changed.", [theme("organisational-culture")])
    _post(client_for(colleague), source, "Later that changed.", [theme("strategic-alignment")])
    excerpt = Excerpt.objects.get(source=source)
    assert dict(excerpt.codings.values_list("theme__slug", "coder__full_name")) == {
        "organisational-culture": researcher.full_name,
        "strategic-alignment": "Cal Colleague",
    }


def test_same_theme_twice_is_not_duplicated(client_for, researcher, source):
    client = client_for(researcher)
    _post(client, source, "Later that changed.", [theme("training")])
    _post(client, source, "Later that changed.", [theme("training")])
    assert Coding.objects.count() == 1


def test_offsets_that_no_longer_match_the_text_are_refused(client_for, researcher, source):
    response = client_for(researcher).post(
        reverse("qualitative:coding-create", args=[source.public_id]),
        {
            "start": 0,
            "end": 5,
            "quote": "something else",
            "themes": [str(theme("training").public_id)],
        },
    )
    assert response.status_code == 400
    assert "reload the page" in response.content.decode()
    assert not Coding.objects.exists()


def test_offsets_outside_the_text_are_refused(client_for, researcher, source):
    response = client_for(researcher).post(
        reverse("qualitative:coding-create", args=[source.public_id]),
        {"start": 5, "end": 5000, "themes": [str(theme("training").public_id)]},
    )
    assert response.status_code == 400
    assert not Excerpt.objects.exists()


def test_memo_update_and_removal(client_for, researcher, source):
    client = client_for(researcher)
    _post(client, source, "Later that changed.", [theme("training")])
    coding = Coding.objects.get()
    client.post(
        reverse("qualitative:coding-update", args=[coding.public_id]),
        {"memo": "Shift after training."},
    )
    coding.refresh_from_db()
    assert coding.memo == "Shift after training."
    client.post(reverse("qualitative:coding-delete", args=[coding.public_id]))
    assert not Coding.objects.exists() and not Excerpt.objects.exists()


def test_coding_page_shows_coded_passage_marked(client_for, researcher, source):
    client = client_for(researcher)
    _post(client, source, "Later that changed.", [theme("training")])
    html = client.get(
        reverse("qualitative:source-detail", args=[source.public_id])
    ).content.decode()
    training = theme("training")
    coding = Coding.objects.get()
    colour = f"qual-c{training.pk % 8}"
    assert (
        f'<mark class="qual-coded {colour}" title="{training.name}" '
        f'data-excerpts="{coding.excerpt.public_id}">' in html
    )
    # The stripe at the start of the passage is a link to its coding, named by both.
    detail = reverse("qualitative:coding-detail", args=[coding.public_id])
    assert f'<a class="qual-stripe qual-stripe-link {colour}" href="{detail}"' in html
    assert 'aria-label="Coding: Training on ‘Later that changed.’"' in html
    assert "></a>Later that changed.</mark>" in html
    assert "qualitative/coding.js" in html
    # Positions are never shown: they travel in hidden fields only.
    assert 'type="hidden" name="start"' in html and 'type="hidden" name="end"' in html


def test_a_post_without_a_selection_asks_for_one(client_for, researcher, source):
    response = client_for(researcher).post(
        reverse("qualitative:coding-create", args=[source.public_id]),
        {"themes": [str(theme("training").public_id)]},
    )
    assert response.status_code == 400
    assert "Select a passage in the text first." in response.content.decode()


def test_corpus_filters_by_group_and_wave(client_for, researcher, initiative_a):
    project = ResearchProjectFactory()
    add_source(project=project, initiative=initiative_a, text="a", title="Peer wave 1", wave=1)
    add_source(project=project, initiative=initiative_a, text="b", title="Peer wave 2", wave=2)
    add_source(
        project=project,
        initiative=initiative_a,
        text="c",
        title="Manager wave 2",
        wave=2,
        group="manager",
    )
    client = client_for(researcher)
    html = client.get(reverse("qualitative:corpus"), {"wave": 2}).content.decode()
    assert "Peer wave 2" in html and "Manager wave 2" in html and "Peer wave 1" not in html
    html = client.get(
        reverse("qualitative:corpus"), {"wave": 2, "group": "manager"}
    ).content.decode()
    assert "Manager wave 2" in html and "Peer wave 2" not in html


def test_researcher_deletes_a_source_with_its_codings(client_for, researcher, source):
    client = client_for(researcher)
    _post(client, source, "Later that changed.", [theme("training")])
    response = client.post(reverse("qualitative:source-delete", args=[source.public_id]))
    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists() and not Coding.objects.exists()


def test_offered_supervision_passage_cannot_be_deleted_by_researchers(
    client_for, researcher, peer_worker_a
):
    offer = supervision_offer_create(
        peer_worker=peer_worker_a,
        session=SharedSession(uuid.uuid4(), None, "We spoke about hours."),
        passage="We spoke about hours.",
        offered_by=peer_worker_a.user,
    )
    response = client_for(researcher).post(
        reverse("qualitative:source-delete", args=[offer.source.public_id])
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.source is not None and offer.withdrawn is None
