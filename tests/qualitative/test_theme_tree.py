"""The coding page's theme picker: a collapsible tree (nested <details>, no inline script) in
codebook order, each theme with its colour and its number of codings; ticks survive an error."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from qualitative.models import Theme
from qualitative.selectors import theme_colour
from tests.qualitative.factories import ResearchProjectFactory, add_source, code, theme

pytestmark = pytest.mark.django_db

TEXT = "I was told not to talk about my own recovery on the ward.\nLater that changed."


@pytest.fixture
def source(initiative_a, researcher):
    source = add_source(project=ResearchProjectFactory(), initiative=initiative_a, text=TEXT)
    code(source, "not to talk about my own recovery", [theme("disclosure-risk")], researcher)
    code(source, "Later that changed.", [theme("disclosure-risk")], researcher)
    return source


def _tree(response):
    return lxml.html.fromstring(response.content).xpath("//ul[contains(@class,'theme-tree')]")[0]


def test_themes_are_a_tree_of_details_with_counts_and_colours(client_for, researcher, source):
    response = client_for(researcher).get(
        reverse("qualitative:source-detail", args=[source.public_id])
    )
    tree = _tree(response)
    disclosure = theme("disclosure-risk")
    parent = disclosure.parent
    # The sub-theme sits inside its parent's collapsible branch.
    (node,) = tree.xpath(f".//input[@value='{disclosure.public_id}']/ancestor::li[1]")
    branch = node.getparent().getparent()
    assert branch.tag == "details" and "open" in branch.attrib
    assert parent.name in branch.xpath("./summary")[0].text_content()
    row = node.xpath("./div[contains(@class,'form-check')]")[0]
    assert row.xpath(".//*[@data-testid='theme-count']")[0].text_content().split()[0] == "2"
    assert row.xpath(f".//span[contains(@class,'qual-c{theme_colour(disclosure.pk)}')]")
    # The accessible name carries the path, the visible text only the name.
    assert f"{parent.name} > {disclosure.name}" in " ".join(
        row.xpath(".//label")[0].text_content().split()
    )
    # Every theme is offered once, in codebook order, with ids from id_themes_0.
    boxes = tree.xpath(".//input[@type='checkbox'][@name='themes']")
    assert len(boxes) == Theme.objects.count()
    assert [box.get("id") for box in boxes] == [f"id_themes_{i}" for i in range(len(boxes))]
    # No inline script or handler: the page keeps a strict CSP.
    page = response.content.decode()
    assert "onclick=" not in page and "<script>" not in page
    assert "qualitative/coding.js" in page


def test_a_theme_without_codings_shows_zero(client_for, researcher, source):
    response = client_for(researcher).get(
        reverse("qualitative:source-detail", args=[source.public_id])
    )
    training = theme("training")
    (box,) = _tree(response).xpath(f".//input[@value='{training.public_id}']")
    count = box.getparent().xpath(".//*[@data-testid='theme-count']")[0]
    assert count.text_content().split()[0] == "0"


def test_ticked_themes_stay_ticked_when_the_form_comes_back_with_an_error(
    client_for, researcher, source
):
    training = theme("training")
    response = client_for(researcher).post(
        reverse("qualitative:coding-create", args=[source.public_id]),
        {"themes": [str(training.public_id)], "memo": "kept"},
    )
    assert response.status_code == 400
    tree = _tree(response)
    checked = tree.xpath(".//input[@checked]")
    assert [box.get("value") for box in checked] == [str(training.public_id)]


def test_no_theme_chosen_is_reported_against_the_tree(client_for, researcher, source):
    start = TEXT.index("Later")
    response = client_for(researcher).post(
        reverse("qualitative:coding-create", args=[source.public_id]),
        {"start": start, "end": start + 5, "quote": "Later"},
    )
    assert response.status_code == 400
    html = lxml.html.fromstring(response.content)
    assert html.xpath("//div[@id='themes-error']")
    # The error summary links to the first box of the tree.
    assert html.xpath("//*[@data-error-summary]//a[@href='#id_themes_0']")
    assert html.xpath("//input[@id='id_themes_0'][@aria-describedby='themes-error']")


def test_the_coding_page_query_count_does_not_grow_with_themes(
    client_for, researcher, source, django_assert_max_num_queries
):
    client = client_for(researcher)
    url = reverse("qualitative:source-detail", args=[source.public_id])
    client.get(url)
    with django_assert_max_num_queries(12) as before:
        client.get(url)
    parent = theme("disclosure-risk").parent
    for index in range(10):
        Theme.objects.create(name=f"Extra {index}", slug=f"extra-{index}", parent=parent)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)
