"""Exports: coded excerpts CSV/XLSX, codebook CSV and .qdc, the project as REFI-QDA .qdpx."""

from __future__ import annotations

import csv
import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import PartnerPart
from qualitative.models import Source, Theme
from tests.factories import InitiativeFactory, PeerWorkerRoleFactory
from tests.qualitative.factories import (
    ResearchProjectFactory,
    add_source,
    code,
    theme,
)

pytestmark = pytest.mark.django_db

P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"


@pytest.fixture
def project(researcher, initiative_a, org_b, role_a):
    project = ResearchProjectFactory(name="Wave 1 interviews", description="First wave.")
    voluntary = InitiativeFactory(research_code="P-02", partners=[(org_b, PartnerPart.LEAD)])
    first = add_source(
        project=project,
        initiative=initiative_a,
        title="Peer worker 1",
        text="Café culture: the team’s “rules” were unclear.\nSupervision helped.",
    )
    second = add_source(
        project=project,
        initiative=voluntary,
        title="Manager 1",
        group="manager",
        text="Peers wrote the job description.",
    )
    add_source(
        project=project, initiative=voluntary, title="Uncoded notes", text="Nothing coded here."
    )
    code(
        first,
        "the team’s “rules” were unclear.",
        [theme("organisational-culture"), theme("role-expectations")],
        researcher,
    )
    code(first, "Supervision helped.", [theme("supervision-support")], researcher)
    code(second, "Peers wrote the job description.", [theme("recruitment")], researcher)
    return project


def test_coded_excerpts_csv_has_one_row_per_coding(client_for, researcher, project):
    response = client_for(researcher).get(reverse("qualitative:export-codings-csv"))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="peerwork-coded-excerpts-all-{today}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4
    first = rows[0]
    assert first["Initiative code"] == "P-01" and first["Context"] == "Statutory"
    assert first["Source"] == "Peer worker 1" and first["Interviewee group"] == "Peer worker"
    assert {row["Theme path"] for row in rows if row["Initiative code"] == "P-01"} == {
        "Cultural issues > Organisational culture",
        "Cultural issues > Role expectations",
        "Structural issues > Supervision and support",
    }
    assert "the team’s “rules” were unclear." in {row["Text"] for row in rows}
    assert {row["Coder"] for row in rows} == {researcher.full_name}


def test_coded_excerpts_xlsx(client_for, researcher, project):
    response = client_for(researcher).get(
        reverse("qualitative:export-codings-xlsx"), {"group": "peer_worker"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Initiative code", "Context", "Theme path")
    assert len(rows) == 1 + 3  # manager's coding filtered out
    assert "Supervision helped." in [row[9] for row in rows]


def test_codebook_csv_and_qdc(client_for, researcher, project):
    client = client_for(researcher)
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("qualitative:export-codebook-csv")).content.decode())
        )
    )
    assert rows[0][:3] == ["tag", "description", "Name"]
    assert rows[2][0] == "Structural issues > Recruitment"
    assert rows[2][2:4] == ["Recruitment", "2"]
    assert len(rows) == 1 + Theme.objects.count()
    root = ET.fromstring(client.get(reverse("qualitative:export-codebook-qdc")).content)
    assert root.tag == f"{C}CodeBook"
    top = root.find(f"{C}Codes").findall(f"{C}Code")
    assert [code.get("name") for code in top] == ["Structural issues", "Cultural issues"]
    assert len(top[1].findall(f"{C}Code")) == 8
    assert top[0].find(f"{C}Description").text.startswith("The formal arrangements")


def test_qdpx_is_a_valid_project_referencing_every_source(client_for, researcher, project):
    response = client_for(researcher).get(
        reverse("qualitative:export-project-qdpx", args=[project.public_id])
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    root = ET.fromstring(archive.read("project.qde"))
    assert root.tag == f"{P}Project" and root.get("name") == "Wave 1 interviews"
    assert [child.tag.removeprefix(P) for child in root] == [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Description",
    ]
    code_guids = {code.get("guid") for code in root.iter(f"{P}Code")}
    text_sources = root.find(f"{P}Sources").findall(f"{P}TextSource")
    assert {source.get("guid") for source in text_sources} == {
        str(public_id)
        for public_id in Source.objects.filter(project=project).values_list("public_id", flat=True)
    }
    selections = 0
    for text_source in text_sources:
        path = text_source.get("plainTextPath")
        assert path.startswith("internal://")
        text = archive.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
        stored = Source.objects.get(public_id=text_source.get("guid"))
        assert text == stored.text
        for selection in text_source.findall(f"{P}PlainTextSelection"):
            selections += 1
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] in (
                "the team’s “rules” were unclear.",
                "Supervision helped.",
                "Peers wrote the job description.",
            )
            for coding in selection.findall(f"{P}Coding"):
                assert coding.find(f"{P}CodeRef").get("targetGUID") in code_guids
                assert coding.get("creatingUser") == str(researcher.public_id)
    assert selections == 3
    cases = {case.get("name"): case for case in root.find(f"{P}Cases")}
    assert set(cases) == {"P-01", "P-02"}
    assert len(cases["P-02"].findall(f"{P}SourceRef")) == 2
    variables = {v.get("guid"): v.get("name") for v in root.find(f"{P}Variables")}
    case_values = {
        variables[value.find(f"{P}VariableRef").get("targetGUID")]: value[1].text
        for value in cases["P-01"].findall(f"{P}VariableValue")
    }
    assert case_values["Organisational context"] == "Statutory"
    assert case_values["Lived experience essential (share of roles, %)"] == "100"
    users = {user.get("name") for user in root.find(f"{P}Users")}
    assert researcher.full_name in users


def test_qdpx_case_variables_leave_out_suppressed_figures(
    client_for, researcher, project, initiative_a
):
    PeerWorkerRoleFactory(initiative=initiative_a, title="Second role")
    archive = zipfile.ZipFile(
        io.BytesIO(
            client_for(researcher)
            .get(reverse("qualitative:export-project-qdpx", args=[project.public_id]))
            .content
        )
    )
    xml = archive.read("project.qde").decode()
    assert "Current peer workers" in xml  # declared as a variable
    root = ET.fromstring(xml)
    guid = next(
        v.get("guid") for v in root.find(f"{P}Variables") if v.get("name") == "Current peer workers"
    )
    assert guid not in [
        ref.get("targetGUID") for ref in root.find(f"{P}Cases").iter(f"{P}VariableRef")
    ]


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(client_for, researcher, initiative_a):
    source = add_source(
        project=ResearchProjectFactory(),
        initiative=initiative_a,
        text="=HYPERLINK(1) said the note",
    )
    code(source, "=HYPERLINK(1)", [theme("training")], researcher)
    sheet = load_workbook(
        io.BytesIO(client_for(researcher).get(reverse("qualitative:export-codings-xlsx")).content)
    ).active
    cell = sheet.cell(row=2, column=10)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"
