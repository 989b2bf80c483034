"""REFI-QDA exchange as QDA tools read it: schema-valid files, safe archive paths, one selection
per coder, grouping themes not codable, cases linked to their sources, a CSV codebook for
Taguette; with non-ASCII text and emoji (positions count Unicode code points)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from qualitative.models import Theme
from qualitative.refi import codebook_qdc, project_qdpx, safe_source_name
from tests.factories import UserFactory
from tests.qualitative.factories import ResearchProjectFactory, add_source, theme

pytestmark = pytest.mark.django_db

P = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"
SCHEMAS = Path(__file__).parent / "refi_qda"

EMOJI_TEXT = (
    "Zoë said 🙂 the café’s rota was “fair”.\n"
    "👩🏽‍⚕️ Supervision every fortnight helped — a lot.\n"
    "Nothing else."
)
PASSAGE = "Supervision every fortnight helped — a lot."


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def assert_valid(schema: etree.XMLSchema, document: bytes) -> etree._Element:
    root = etree.fromstring(document)
    assert schema.validate(root), [str(error) for error in schema.error_log]
    return root


@pytest.fixture
def second_researcher(db):
    from accounts.models import PlatformRole

    return UserFactory(
        email="second.researcher@example.org",
        full_name="Søren Ödegaard",
        platform_role=PlatformRole.RESEARCHER,
    )


@pytest.fixture
def project(researcher, second_researcher, initiative_a):
    from qualitative.services import coding_apply

    project = ResearchProjectFactory(name="Wave 2 — Zoë’s interviews 🙂")
    source = add_source(
        project=project,
        initiative=initiative_a,
        title="Peer worker 1/2: café / rota",
        text=EMOJI_TEXT,
    )
    add_source(project=project, initiative=initiative_a, title="Plain notes", text="Uncoded.")
    start = source.text.index(PASSAGE)
    coding_apply(
        source=source,
        start=start,
        end=start + len(PASSAGE),
        themes=[theme("supervision-support")],
        coder=researcher,
        memo="Frequency matters 👍",
    )
    coding_apply(
        source=source,
        start=start,
        end=start + len(PASSAGE),
        themes=[theme("organisational-culture")],
        coder=second_researcher,
        memo="Culture, not structure — Søren",
    )
    return project


def _archive(project) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(project_qdpx(project)))


def test_project_and_codebook_validate_against_the_refi_schemas(project):
    archive = _archive(project)
    assert_valid(_schema("Project.xsd"), archive.read("project.qde"))
    assert_valid(_schema("Codebook.xsd"), codebook_qdc())


def test_schema_check_catches_an_invalid_project():
    bad = b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources/></Project>'
    assert not _schema("Project.xsd").validate(etree.fromstring(bad))


def test_sources_are_under_lower_case_sources_with_safe_file_names(project):
    archive = _archive(project)
    names = archive.namelist()
    assert names[0] == "project.qde"
    for name in names[1:]:
        folder, file_name = name.split("/")
        assert folder == "sources"
        assert safe_source_name(file_name) == file_name and file_name.endswith(".txt")
    root = etree.fromstring(archive.read("project.qde"))
    for text_source in root.iter(f"{P}TextSource"):
        path = text_source.get("plainTextPath")
        assert path == f"internal://{text_source.get('guid')}.txt"
        assert f"sources/{path.removeprefix('internal://')}" in names
    titled = next(s for s in root.iter(f"{P}TextSource") if "café" in s.get("name"))
    # Readable name without path separators; the exact title is kept in the description.
    assert titled.get("name") == "P-01 Peer worker 1-2- café - rota"
    assert titled.find(f"{P}Description").text == "P-01 Peer worker 1/2: café / rota"


def test_safe_source_name():
    assert safe_source_name('a/b\\c:d*e?f"g<h>i|j') == "a-b-c-d-e-f-g-h-i-j"
    assert safe_source_name("Zoë 🙂 notes") == "Zoë 🙂 notes"
    assert "/" not in safe_source_name("../../etc/passwd")
    assert safe_source_name("///") == "-"
    assert safe_source_name("\x00") == "-"


def test_offsets_count_code_points_in_text_with_emoji(project):
    archive = _archive(project)
    root = etree.fromstring(archive.read("project.qde"))
    selections = list(root.iter(f"{P}PlainTextSelection"))
    assert len(selections) == 2
    for selection in selections:
        source = selection.getparent()
        text = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
        assert text == EMOJI_TEXT
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert text[start:end] == PASSAGE
        # Code points, not UTF-8 bytes or UTF-16 units: the emoji before it count as 1 each.
        assert start == EMOJI_TEXT.index(PASSAGE) != EMOJI_TEXT.encode().index(PASSAGE.encode())


def test_a_passage_coded_by_two_researchers_is_two_selections(
    project, researcher, second_researcher
):
    root = etree.fromstring(_archive(project).read("project.qde"))
    users = {user.get("guid"): user.get("name") for user in root.iter(f"{P}User")}
    codes = {code.get("guid"): code.get("name") for code in root.iter(f"{P}Code")}
    found = {}
    for selection in root.iter(f"{P}PlainTextSelection"):
        codings = selection.findall(f"{P}Coding")
        assert {coding.get("creatingUser") for coding in codings} == {selection.get("creatingUser")}
        found[users[selection.get("creatingUser")]] = (
            selection.find(f"{P}Description").text,
            [codes[coding.find(f"{P}CodeRef").get("targetGUID")] for coding in codings],
        )
    assert found == {
        researcher.full_name: ("Frequency matters 👍", ["Supervision and support"]),
        second_researcher.full_name: ("Culture, not structure — Søren", ["Organisational culture"]),
    }
    guids = [selection.get("guid") for selection in root.iter(f"{P}PlainTextSelection")]
    assert len(set(guids)) == 2


def test_grouping_themes_are_not_codable(project):
    parent = theme("supervision-support").parent
    codebook = etree.fromstring(codebook_qdc())
    flags = {code.get("name"): code.get("isCodable") for code in codebook.iter(f"{C}Code")}
    assert flags[parent.name] == "false"
    assert flags["Supervision and support"] == "true"
    leaves = Theme.objects.exclude(pk__in=Theme.objects.values("parent"))
    assert all(flags[leaf.name] == "true" for leaf in leaves)
    # A parent theme coded directly stays codable (its codings must import).
    from qualitative.services import coding_apply

    source = project.sources.get(title="Plain notes")
    coding_apply(source=source, start=0, end=7, themes=[parent], coder=UserFactory())
    codebook = etree.fromstring(codebook_qdc())
    assert (
        next(code for code in codebook.iter(f"{C}Code") if code.get("name") == parent.name).get(
            "isCodable"
        )
        == "true"
    )
    root = etree.fromstring(_archive(project).read("project.qde"))
    assert (
        next(code for code in root.iter(f"{P}Code") if code.get("name") == parent.name).get(
            "isCodable"
        )
        == "true"
    )


def test_cases_carry_their_sources(project, initiative_a):
    root = etree.fromstring(_archive(project).read("project.qde"))
    variables = {v.get("name"): v.get("guid") for v in root.find(f"{P}Variables")}
    case = root.find(f"{P}Cases").find(f"{P}Case")
    assert case.get("name") == "P-01"
    source_guids = {s.get("guid") for s in root.iter(f"{P}TextSource")}
    assert {ref.get("targetGUID") for ref in case.findall(f"{P}SourceRef")} == source_guids
    for text_source in root.iter(f"{P}TextSource"):
        values = {
            value.find(f"{P}VariableRef").get("targetGUID"): value.find(f"{P}TextValue")
            for value in text_source.findall(f"{P}VariableValue")
        }
        assert values[variables["Case"]].text == initiative_a.research_code
    # The case's own variables do not include the source-level "Case" variable.
    assert variables["Case"] not in {ref.get("targetGUID") for ref in case.iter(f"{P}VariableRef")}


def test_codebook_csv_has_the_columns_taguette_imports(client_for, researcher, project):
    child = theme("supervision-support")
    child.definition = "=Support in supervision 🙂"
    child.memo = "Søren’s note"
    child.save()
    response = client_for(researcher).get(reverse("qualitative:export-codebook-csv"))
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    # Taguette: exactly one of "tag", "name", "path", and "description" (lower case).
    assert sum(column in header for column in ("tag", "name", "path")) == 1
    assert "tag" in header and "description" in header
    assert len(rows) == Theme.objects.count()
    by_tag = {row[header.index("tag")]: row for row in rows}
    row = by_tag[f"{child.parent.name} > {child.name}"]
    # Formula-like text is neutralised by peerwork.lib.exports.
    assert row[header.index("description")] == "'=Support in supervision 🙂\n\nSøren’s note"
    assert row[header.index("Codings")] == "1"


def test_control_characters_in_memos_do_not_break_the_xml(project, researcher):
    from qualitative.models import Coding

    Coding.objects.filter(coder=researcher).update(memo="Bell\x07 and form feed\x0c 🙂")
    child = theme("supervision-support")
    child.definition = "Pasted\x01 text"
    child.save()
    root = assert_valid(_schema("Project.xsd"), _archive(project).read("project.qde"))
    memos = [
        selection.find(f"{P}Description").text for selection in root.iter(f"{P}PlainTextSelection")
    ]
    assert "Bell and form feed 🙂" in memos
    codebook = assert_valid(_schema("Codebook.xsd"), codebook_qdc())
    assert "Pasted text" in [d.text for d in codebook.iter(f"{C}Description")]


def test_sources_with_the_same_title_get_distinct_names(project, initiative_a):
    add_source(project=project, initiative=initiative_a, title="plain notes", text="Again.")
    add_source(project=project, initiative=initiative_a, title="Plain notes", text="Thrice.")
    root = etree.fromstring(_archive(project).read("project.qde"))
    names = sorted(
        source.get("name")
        for source in root.iter(f"{P}TextSource")
        if "notes" in source.get("name")
    )
    assert [name.casefold() for name in names] == [
        "p-01 plain notes",
        "p-01 plain notes (2)",
        "p-01 plain notes (3)",
    ]
    renamed = [s for s in root.iter(f"{P}TextSource") if s.get("name").endswith(")")]
    assert all(s.find(f"{P}Description").text.casefold() == "p-01 plain notes" for s in renamed)
