"""The REFI-QDA project export carries each case's fidelity domain scores as case variables."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse

from fidelity.models import ConsensusScore
from tests.qualitative.factories import ResearchProjectFactory, SourceFactory

P = "{urn:QDA-XML:project:1.0}"


@pytest.mark.django_db
def test_qdpx_cases_carry_fidelity_domain_scores(rated_wave, researcher, client_for):
    project = ResearchProjectFactory(name="Fidelity interviews")
    for site in rated_wave["sites"][:2]:
        SourceFactory(project=project, initiative=site)
    response = client_for(researcher).get(
        reverse("qualitative:export-project-qdpx", args=[project.public_id])
    )
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(response.content)).read("project.qde"))
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable")) for v in root.find(f"{P}Variables")
    }
    assert ("Fidelity: Reciprocity and mutuality", "Float") in variables.values()
    cases = {case.get("name"): case for case in root.find(f"{P}Cases")}
    values = {
        variables[value.find(f"{P}VariableRef").get("targetGUID")][0]: value[1].text
        for value in cases["P-01"].findall(f"{P}VariableValue")
    }
    assert values["Fidelity: wave"] == "Wave 1"
    site = rated_wave["sites"][0]
    means = {
        key: sum(scores) / len(scores)
        for key in ("trust", "reciprocity", "leadership", "community")
        if (
            scores := list(
                ConsensusScore.objects.filter(
                    consensus__interview__initiative=site, item__domain__key=key
                ).values_list("score", flat=True)
            )
        )
    }
    trust = values["Fidelity: Building trusting relationships based on shared lived experience"]
    assert float(trust) == pytest.approx(means["trust"], abs=0.001)
    assert float(values["Fidelity: total"]) == pytest.approx(sum(means.values()) / 4, abs=0.001)
    assert set(cases) == {"P-01", "P-02"}
