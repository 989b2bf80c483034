"""REFI-QDA exchange: the codebook as ``.qdc`` and a whole project as ``.qdpx``.

Follows the REFI-QDA Project standard (namespace ``urn:QDA-XML:project:1.0``, codebook
``urn:QDA-XML:codebook:1.0``). Element order follows the schema: Project → Users, CodeBook,
Variables, Cases, Sources, Description; TextSource → Description, PlainTextSelection*,
VariableValue*; PlainTextSelection → Description, Coding*. Source texts are stored as UTF-8
files ``sources/<guid>.txt`` (section 8.1 of the standard; ATLAS.ti rejects other spellings)
referenced as ``internal://<guid>.txt``: the file name is never the source's title, which may
hold "/" or other characters a file system refuses. Selection positions count Unicode code
points (section 10.2), as Python string offsets do.

Importers read things differently, so:

- a passage coded by several researchers is one ``PlainTextSelection`` per coder, each
  credited to that coder and carrying only that coder's memos;
- a theme that has sub-themes and no coding of its own only groups them: it is written
  ``isCodable="false"`` so importers do not create it twice;
- a source's ``name`` keeps its title readable but replaces characters that are unsafe in a
  file name and numbers repeated names (some importers name their copy of the file after it);
  the exact title is then in the source's ``Description``;
- each case (initiative) lists its sources, and each source also carries the case's research
  code as the "Case" variable, for importers that link sources to cases by attribute.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from xml.etree import ElementTree as ET

from django.db.models import Prefetch

from cases.models import Context, Initiative
from peerwork.lib.case_variables import case_variables
from qualitative.models import Coding, Excerpt, ResearchProject, Source, Theme
from qualitative.selectors import codebook_rows, structural_indicators

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "peerwork"
SOURCES_FOLDER = "sources"
# Characters a file name may not hold on common systems (and control characters).
_UNSAFE_NAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]+')

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Deterministic GUIDs for things that have no UUID of their own (users, variables, cases).
_GUID_NAMESPACE = uuid.UUID("6f1f3c52-5d0c-4c55-9a43-0e0e5b8f7a11")


def _guid(*parts: object) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, "/".join(str(part) for part in parts)))


def _timestamp(moment) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _codes_element(parent: ET.Element, ns: str) -> None:
    """``<Codes>`` with nested ``<Code>`` elements in codebook order."""
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    elements: dict[int, ET.Element] = {}
    rows = codebook_rows(with_counts=True)
    parents = {node.theme.parent_id for node in rows}
    for node in rows:
        theme = node.theme
        container = elements.get(theme.parent_id, codes)
        codable = theme.pk not in parents or theme.coding_count > 0
        code = ET.SubElement(
            container,
            f"{{{ns}}}Code",
            {
                "guid": str(theme.public_id),
                "name": theme.name,
                "isCodable": "true" if codable else "false",
            },
        )
        description = theme_description(theme)
        if description:
            ET.SubElement(code, f"{{{ns}}}Description").text = description
        elements[theme.pk] = code


def theme_description(theme: Theme) -> str:
    """A theme's definition and memo as one text (the codebook ``Description``)."""
    return "\n\n".join(text for text in (theme.definition, theme.memo) if text)


def safe_source_name(name: str) -> str:
    """``name`` with runs of file-name-unsafe characters replaced by "-"."""
    return _UNSAFE_NAME.sub("-", name).strip(" .") or "source"


def _serialise(root: ET.Element, ns: str) -> bytes:
    # XML 1.0 cannot hold most control characters (a pasted memo may): drop them so the
    # document stays well-formed.
    for element in root.iter():
        if element.text:
            element.text = _NOT_XML.sub("", element.text)
        for key, value in element.attrib.items():
            element.set(key, _NOT_XML.sub("", value))
    ET.register_namespace("", ns)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_qdc() -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document."""
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    _codes_element(root, CODEBOOK_NS)
    return _serialise(root, CODEBOOK_NS)


# name, REFI type, applies to ("case" or "source")
CASE_VARIABLES = [
    ("context", "Organisational context", "Text"),
    ("lived_experience_essential", "Lived experience essential (share of roles, %)", "Float"),
    ("current_peer_workers", "Current peer workers", "Integer"),
    ("peer_on_panel", "Peer on interview panel", "Text"),
    ("peer_training_hours", "Peer-specific training hours", "Float"),
    ("supervision_on_time", "Supervision on time (%)", "Float"),
]
SOURCE_VARIABLES = [
    ("case", "Case", "Text"),
    ("interviewee_group", "Interviewee group", "Text"),
    ("wave", "Wave", "Integer"),
    ("interviewed_on", "Date", "Date"),
]
_VALUE_ELEMENT = {
    "Text": "TextValue",
    "Float": "FloatValue",
    "Integer": "IntegerValue",
    "Date": "DateValue",
}


def _variable_value(parent: ET.Element, key: str, kind: str, value) -> None:
    if value is None or value == "":
        return
    if kind in ("Float", "Integer") and not isinstance(value, int | float):
        return  # suppressed or not numeric: leave the case without this value
    element = ET.SubElement(parent, f"{{{PROJECT_NS}}}VariableValue")
    ET.SubElement(element, f"{{{PROJECT_NS}}}VariableRef", {"targetGUID": _guid("variable", key)})
    if kind == "Date":
        value = value.isoformat()
    elif kind == "Integer":
        value = int(value)
    ET.SubElement(element, f"{{{PROJECT_NS}}}{_VALUE_ELEMENT[kind]}").text = str(value)


def project_qdpx(project: ResearchProject) -> bytes:
    """The whole project as a REFI-QDA ``.qdpx`` (zip of project.qde and source texts)."""
    ns = PROJECT_NS
    sources = list(
        Source.objects.filter(project=project)
        .select_related("initiative")
        .prefetch_related(
            Prefetch(
                "excerpts",
                queryset=Excerpt.objects.order_by("start", "end").prefetch_related(
                    Prefetch("codings", queryset=Coding.objects.select_related("coder"))
                ),
            )
        )
        .order_by("initiative__research_code", "title")
    )
    coders = {}
    for source in sources:
        for excerpt in source.excerpts.all():
            for coding in excerpt.codings.all():
                coders[coding.coder_id] = coding.coder
    creator = _guid("user", "peerwork")

    root = ET.Element(
        f"{{{ns}}}Project",
        {
            "name": project.name,
            "origin": ORIGIN,
            "creatingUserGUID": creator,
            "creationDateTime": _timestamp(project.created),
        },
    )
    users = ET.SubElement(root, f"{{{ns}}}Users")
    ET.SubElement(users, f"{{{ns}}}User", {"guid": creator, "name": "peerwork"})
    for coder in coders.values():
        ET.SubElement(
            users, f"{{{ns}}}User", {"guid": str(coder.public_id), "name": coder.full_name}
        )

    codebook = ET.SubElement(root, f"{{{ns}}}CodeBook")
    _codes_element(codebook, ns)

    initiative_ids = sorted({source.initiative_id for source in sources})
    # Variables other apps add per case (e.g. fidelity domain scores): peerwork.lib.case_variables.
    extra_variables, extra_values = case_variables(initiative_ids)
    variables = ET.SubElement(root, f"{{{ns}}}Variables")
    for key, name, kind in CASE_VARIABLES + SOURCE_VARIABLES + extra_variables:
        ET.SubElement(
            variables,
            f"{{{ns}}}Variable",
            {"guid": _guid("variable", key), "name": name, "typeOfVariable": kind},
        )

    initiatives = {
        initiative.pk: initiative for initiative in Initiative.objects.filter(pk__in=initiative_ids)
    }
    indicators = structural_indicators(initiative_ids)
    contexts = dict(Context.choices)
    cases = ET.SubElement(root, f"{{{ns}}}Cases")
    for initiative_id in initiative_ids:
        initiative = initiatives[initiative_id]
        case = ET.SubElement(
            cases,
            f"{{{ns}}}Case",
            {"guid": _guid("case", initiative.public_id), "name": initiative.research_code},
        )
        values = dict(indicators.get(initiative_id, {}))
        values["context"] = str(contexts.get(initiative.context, ""))
        values.update(extra_values.get(initiative_id, {}))
        for key, _name, kind in CASE_VARIABLES + extra_variables:
            _variable_value(case, key, kind, values.get(key))
        for source in sources:
            if source.initiative_id == initiative_id:
                ET.SubElement(case, f"{{{ns}}}SourceRef", {"targetGUID": str(source.public_id)})

    groups = dict(Source._meta.get_field("interviewee_group").choices)
    theme_guids = {
        pk: str(public_id) for pk, public_id in Theme.objects.values_list("pk", "public_id")
    }
    files: dict[str, str] = {}
    names_taken: set[str] = set()
    sources_element = ET.SubElement(root, f"{{{ns}}}Sources")
    for source in sources:
        file_name = f"{source.public_id}.txt"
        files[f"{SOURCES_FOLDER}/{file_name}"] = source.text
        title = f"{source.initiative.research_code} {source.title}"
        name = safe_source_name(title)
        # Importers keep one file per name (and file systems may ignore case): number repeats.
        repeat = 1
        while name.casefold() in names_taken:
            repeat += 1
            name = f"{safe_source_name(title)} ({repeat})"
        names_taken.add(name.casefold())
        text_source = ET.SubElement(
            sources_element,
            f"{{{ns}}}TextSource",
            {
                "guid": str(source.public_id),
                "name": name,
                "plainTextPath": f"internal://{file_name}",
                "creatingUser": creator,
                "creationDateTime": _timestamp(source.created),
            },
        )
        if name != title:
            ET.SubElement(text_source, f"{{{ns}}}Description").text = title
        for excerpt in source.excerpts.all():
            by_coder: dict[int, list[Coding]] = {}
            for coding in sorted(excerpt.codings.all(), key=lambda c: (c.created, c.pk)):
                by_coder.setdefault(coding.coder_id, []).append(coding)
            if not by_coder:
                continue
            passage = source.text[excerpt.start : excerpt.end]
            for codings in by_coder.values():
                coder = codings[0].coder
                selection = ET.SubElement(
                    text_source,
                    f"{{{ns}}}PlainTextSelection",
                    {
                        "guid": _guid("selection", excerpt.public_id, coder.public_id),
                        "name": " ".join(passage.split())[:60],
                        "startPosition": str(excerpt.start),
                        "endPosition": str(excerpt.end),
                        "creatingUser": str(coder.public_id),
                        "creationDateTime": _timestamp(codings[0].created),
                    },
                )
                memos = "\n\n".join(dict.fromkeys(c.memo for c in codings if c.memo))
                if memos:
                    ET.SubElement(selection, f"{{{ns}}}Description").text = memos
                for coding in codings:
                    coding_element = ET.SubElement(
                        selection,
                        f"{{{ns}}}Coding",
                        {
                            "guid": str(coding.public_id),
                            "creatingUser": str(coder.public_id),
                            "creationDateTime": _timestamp(coding.created),
                        },
                    )
                    ET.SubElement(
                        coding_element,
                        f"{{{ns}}}CodeRef",
                        {"targetGUID": theme_guids[coding.theme_id]},
                    )
        source_values = {
            "case": source.initiative.research_code,
            "interviewee_group": str(groups.get(source.interviewee_group, "")),
            "wave": source.wave,
            "interviewed_on": source.interviewed_on,
        }
        for key, _name, kind in SOURCE_VARIABLES:
            _variable_value(text_source, key, kind, source_values.get(key))

    if project.description:
        ET.SubElement(root, f"{{{ns}}}Description").text = project.description

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _serialise(root, ns))
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
    return buffer.getvalue()
