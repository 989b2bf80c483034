"""Every plot says where its figures come from, in plain language: under the plot, inside the
SVG and PNG downloads, and never as an internal name (a model path or a field name). Downloads
carry the selection and the date in their file name."""

from __future__ import annotations

import html
import re

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from comparison.disclosure import MEASURES
from comparison.facts import FACTS
from comparison.services import profiles_rebuild
from tests.comparison.scenes import TODAY, initiative_in, with_role

pytestmark = pytest.mark.django_db

YEAR_2024 = {"first": "2024-Q1", "last": "2024-Q4"}
# A dotted path (cases.PeerWorker, peer_worker.started), a snake_case name or a lookup (a__b).
INTERNAL_NAME = re.compile(
    r"\b[a-z]+(?:_[a-z]+)+\b|\b[A-Za-z_]+\.[A-Za-z_]+\b|__|\b[A-Z][a-z]+[A-Z]\w*\b"
)


@pytest.mark.parametrize(
    "source", [str(fact.source) for fact in FACTS] + [str(measure.source) for measure in MEASURES]
)
def test_every_source_is_plain_language(source):
    assert source.strip()
    assert not INTERNAL_NAME.search(source), source


@pytest.fixture
def landscape():
    with time_machine.travel(TODAY, tick=False):
        big = initiative_in("voluntary", code="P-51", name="Harbour Peers")
        with_role(big, workers=7)
        other = initiative_in("voluntary", code="P-52", name="Lighthouse Peers")
        with_role(other, workers=6)
        profiles_rebuild(force=True)
        yield


@pytest.mark.parametrize(
    ("parameter", "source"),
    [
        ({"measure": "headcount"}, str(MEASURES[0].source)),
        (
            {"fact": "peer_on_panel"},
            str(next(fact.source for fact in FACTS if fact.key == "peer_on_panel")),
        ),
    ],
)
def test_the_source_is_under_the_plot_and_in_its_downloads(
    landscape, researcher, client_for, parameter, source
):
    client = client_for(researcher)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("comparison:plot"), {**YEAR_2024, **parameter})
        tree = lxml.html.fromstring(page.content)
        (caption,) = tree.xpath("//figure/figcaption//*[@data-testid='plot-source']")
        assert caption.text_content().strip() == f"Where this comes from: {source}"

        svg = client.get(
            reverse("comparison:plot-download"), {**YEAR_2024, **parameter, "format": "svg"}
        )
        assert f"Where this comes from: {source}" in html.unescape(svg.content.decode())
        name = re.search(r'filename="([^"]+)"', svg["Content-Disposition"]).group(1)
        key = next(iter(parameter.values()))
        assert name.startswith(f"peerwork-{key}-2024Q1-2024Q4")
        assert name.endswith(f"-{TODAY.date().isoformat()}.svg")
