"""A coding opened from its stripe, and removed from there; applying and removing codings
from the page's script (htmx) answer with what changed and what to announce.

Who may: the corpus's own rule (``get_coding_for``): any researcher or administrator, the
coder or not; every other persona gets 403; a coding that does not exist is a 404.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import PlatformRole
from qualitative.models import Coding, Excerpt, IntervieweeGroup
from tests.factories import UserFactory
from tests.qualitative.factories import ResearchProjectFactory, add_source, code, theme

pytestmark = pytest.mark.django_db

TEXT = "I felt I could say what I had been through, and the team listened to me.\nLater it changed."
PASSAGE = "I felt I could say what I had been through, and the team listened to me."
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def source(initiative_a):
    return add_source(project=ResearchProjectFactory(), initiative=initiative_a, text=TEXT)


@pytest.fixture
def coding(source, researcher):
    [coding] = code(source, PASSAGE, [theme("practice-boundaries")], researcher)
    return coding


@pytest.fixture
def other_researcher(db):
    return UserFactory(
        email="second@example.org", full_name="Sam Second", platform_role=PlatformRole.RESEARCHER
    )


def _detail(coding):
    return reverse("qualitative:coding-detail", args=[coding.public_id])


def _delete(coding):
    return reverse("qualitative:coding-delete", args=[coding.public_id])


def test_the_stripe_is_a_link_to_the_coding(client_for, researcher, coding, source):
    html = (
        client_for(researcher)
        .get(reverse("qualitative:source-detail", args=[source.public_id]))
        .content.decode()
    )

    assert f'href="{_detail(coding)}" hx-get="{_detail(coding)}" hx-target="#coding-detail"' in html
    assert 'aria-label="Coding: Practice boundaries on ‘I felt I could say…’"' in html
    # The live regions the page's script fills are there from the start, empty.
    assert (
        '<div id="coding-status" role="status" aria-live="polite" aria-atomic="true"></div>' in html
    )
    assert '<div id="coding-alert" role="alert" aria-atomic="true"></div>' in html


def test_the_panel_shows_theme_passage_coder_and_date(client_for, researcher, coding):
    response = client_for(researcher).get(_detail(coding), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<!doctype html>" not in html  # the panel alone
    assert "Coding: Practice boundaries" in html
    assert f'data-excerpt="{coding.excerpt.public_id}"' in html
    assert f'<blockquote class="small qual-quote mb-2">{PASSAGE}</blockquote>' in html
    assert "Rae Researcher" in html
    assert f'datetime="{coding.created.isoformat()}"' in html
    assert "16 words" in html
    assert f'hx-post="{_delete(coding)}"' in html and "csrfmiddlewaretoken" in html
    assert 'data-confirm="Remove the coding “Practice boundaries” from this passage?"' in html


def test_without_script_the_coding_page_opens_with_the_panel_and_the_passage_marked(
    client_for, researcher, coding
):
    response = client_for(researcher).get(_detail(coding))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<!doctype html>" in html and 'id="coding-form"' in html
    assert 'id="coding-detail-heading"' in html
    assert (
        f'qual-focus" title="Practice boundaries" data-excerpts="{coding.excerpt.public_id}"'
        in html
    )
    # Close goes back to the page without the panel.
    source_url = reverse("qualitative:source-detail", args=[coding.excerpt.source.public_id])
    assert f'href="{source_url}" data-coding-close' in html


def test_the_panel_names_the_other_themes_of_the_passage(client_for, researcher, source):
    code(source, PASSAGE, [theme("practice-boundaries"), theme("training")], researcher)
    coding = Coding.objects.get(theme=theme("practice-boundaries"))

    html = client_for(researcher).get(_detail(coding), **HTMX).content.decode()

    assert "Also coded on this passage" in html and "Training" in html


@pytest.mark.parametrize("viewer", ["researcher", "other_researcher", "administrator"])
def test_researchers_and_administrators_see_and_remove_any_coding(
    request, client_for, coding, viewer
):
    client = client_for(request.getfixturevalue(viewer))

    assert client.get(_detail(coding), **HTMX).status_code == 200
    response = client.post(_delete(coding), **HTMX)

    assert response.status_code == 200
    assert not Coding.objects.exists() and not Excerpt.objects.exists()


@pytest.mark.parametrize("persona", ["manager_a", "supervisor_a", "peer_a", "manager_b"])
def test_other_personas_neither_see_nor_remove_a_coding(personas, client_for, coding, persona):
    client = client_for(personas[persona])

    assert client.get(_detail(coding)).status_code == 403
    assert client.get(_detail(coding), **HTMX).status_code == 403
    assert client.post(_delete(coding), **HTMX).status_code == 403
    assert Coding.objects.filter(pk=coding.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client_for, coding):
    response = client_for(None).get(_detail(coding))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_coding_that_does_not_exist_is_not_found(client_for, researcher, coding):
    missing = reverse("qualitative:coding-detail", args=[uuid.uuid4()])

    assert client_for(researcher).get(missing).status_code == 404
    assert (
        client_for(researcher)
        .post(reverse("qualitative:coding-delete", args=[uuid.uuid4()]), **HTMX)
        .status_code
        == 404
    )


def test_the_coding_page_cannot_be_changed_by_get(client_for, researcher, coding):
    assert client_for(researcher).get(_delete(coding)).status_code == 405
    assert Coding.objects.filter(pk=coding.pk).exists()


def test_removal_from_the_panel_updates_the_page_and_announces_it(
    client_for, researcher, coding, source
):
    response = client_for(researcher).post(_delete(coding), **HTMX)

    html = response.content.decode()
    assert not Coding.objects.exists()
    assert '<div id="source-text" hx-swap-oob="innerHTML">' + TEXT + "</div>" in html
    assert '<div id="coding-detail" hx-swap-oob="innerHTML"></div>' in html
    assert "Removed the coding “Practice boundaries” from “I felt I could say…”." in html
    count = f'id="theme-count-{theme("practice-boundaries").public_id}"'
    assert count in html and "0<span" in html.split(count, 1)[1][:80]
    assert response["HX-Trigger-After-Settle"] == '{"coding-removed": {}}'


def test_removal_without_script_returns_to_the_page_with_a_message(
    client_for, researcher, coding, source
):
    client = client_for(researcher)

    response = client.post(_delete(coding), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "qualitative:source-detail", args=[source.public_id]
    )
    assert (
        "Removed the coding “Practice boundaries” from “I felt I could say…”."
        in response.content.decode()
    )


def _apply(client, source, passage, themes, **headers):
    start = source.text.index(passage) if passage else None
    data = {"themes": [str(t.public_id) for t in themes]}
    if passage:
        data.update(start=start, end=start + len(passage), quote=passage)
    return client.post(
        reverse("qualitative:coding-create", args=[source.public_id]), data, **headers
    )


def test_applying_a_theme_is_announced_with_the_passage_and_its_length(
    client_for, researcher, source
):
    response = _apply(
        client_for(researcher), source, PASSAGE, [theme("practice-boundaries")], **HTMX
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Coded “Practice boundaries” on “I felt I could say…” (16 words)." in html
    assert '<div id="coding-alert" hx-swap-oob="innerHTML"></div>' in html
    coding = Coding.objects.get()
    assert f'href="{_detail(coding)}"' in html  # the new stripe, in the text sent back
    assert response["HX-Trigger-After-Settle"] == '{"coding-applied": {}}'


def test_applying_two_themes_names_both(client_for, researcher, source):
    response = _apply(
        client_for(researcher),
        source,
        "Later it changed.",
        [theme("practice-boundaries"), theme("training")],
        **HTMX,
    )

    assert "Coded “Practice boundaries”, “Training” on “Later it changed.” (3 words)." in (
        response.content.decode()
    )


def test_applying_a_theme_already_there_says_nothing_was_added(
    client_for, researcher, source, coding
):
    response = _apply(
        client_for(researcher), source, PASSAGE, [theme("practice-boundaries")], **HTMX
    )

    assert "“Practice boundaries” already coded on “I felt I could say…”; nothing added." in (
        response.content.decode()
    )
    assert Coding.objects.count() == 1


def test_applying_without_a_selection_is_an_alert(client_for, researcher, source):
    response = _apply(client_for(researcher), source, "", [theme("training")], **HTMX)

    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps successful answers only
    alert = html.split('<div id="coding-alert" hx-swap-oob="innerHTML">', 1)[1]
    assert alert.startswith('<div class="alert alert-danger')
    assert "Select a passage in the text first." in alert
    assert '<div id="coding-status" hx-swap-oob="innerHTML"></div>' in html
    assert not Coding.objects.exists()


def test_applying_without_a_theme_is_an_alert(client_for, researcher, source):
    response = _apply(client_for(researcher), source, PASSAGE, [], **HTMX)

    assert "This field is required." in response.content.decode().split("coding-alert", 1)[1]


def test_applying_without_script_shows_the_same_words_after_the_redirect(
    client_for, researcher, source
):
    response = _apply(client_for(researcher), source, PASSAGE, [theme("training")])

    assert response.status_code == 302
    page = client_for(researcher).get(response["Location"])
    assert response["Location"].endswith(f"/sources/{source.public_id}/")
    assert page.status_code == 200


def test_opening_a_coding_of_a_shared_supervision_passage_is_logged(
    client_for, researcher, initiative_a
):
    from auditlog.models import LogEntry

    shared = add_source(
        project=ResearchProjectFactory(),
        initiative=initiative_a,
        text="We talked about boundaries.",
        group=IntervieweeGroup.SUPERVISION_RECORD,
    )
    [coding] = code(shared, "boundaries", [theme("practice-boundaries")], researcher)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()

    client_for(researcher).get(_detail(coding), **HTMX)

    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1


def test_the_coding_panel_query_count_does_not_grow_with_the_codings(
    client_for, researcher, coding, source, django_assert_num_queries
):
    """The panel answers in the same number of queries with one coding on the source or many."""
    client = client_for(researcher)
    client.get(_detail(coding), **HTMX)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_detail(coding), **HTMX).status_code == 200
    for passage in ("Later it changed.", "the team listened to me", "I felt I could say"):
        code(source, passage, [theme("practice-boundaries")], researcher)
    with django_assert_num_queries(len(few)):
        assert client.get(_detail(coding), **HTMX).status_code == 200
