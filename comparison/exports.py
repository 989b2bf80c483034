"""Tidy CSV and XLSX exports of the comparison, with a data dictionary.

One row per column (initiative or context) × dimension × category. Suppressed figures have
an empty value, count and n and the status "suppressed" — in exports exactly as on screen.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import timezone

from comparison.access import Audience
from comparison.registry import Cell, Dimension, Kind, Status
from comparison.selectors import Column
from comparison.tables import Comparison

MEASURE_COLUMNS = [
    (
        "group",
        "Dimension group (structural — recruitment, terms, training, supervision; role boundaries; workforce).",
    ),
    ("dimension", "Dimension key (see the dimension entries of this dictionary)."),
    ("dimension_label", "Dimension as labelled on screen."),
    ("kind", "proportion, median, count or distribution."),
    ("category", "For distributions: the category key; empty for other kinds."),
    ("category_label", "For distributions: the category as labelled on screen."),
    (
        "value",
        "Proportion or category share in %, median, or count; empty when suppressed or no data.",
    ),
    ("unit", "Unit of value."),
    ("count", "Numerator of a proportion or number in a category; empty when suppressed."),
    ("n", "What the figure is computed from (see n_counts); empty when suppressed."),
    ("n_counts", "What n counts: roles, peer workers, leavers, funded posts, ..."),
    (
        "person_level",
        "yes if the figure is about people and so subject to small-number suppression.",
    ),
    (
        "status",
        "shown, suppressed (fewer than the threshold of people, or could reveal such a figure) or no data.",
    ),
]
INITIATIVE_COLUMNS = [
    ("research_code", "Pseudonymous code of the initiative (P-nn)."),
    ("context", "Organisational context: statutory, voluntary or partnership."),
    ("region", "NHS England region of the lead organisation."),
    ("settings", "Service settings the initiative works in, separated by '; '."),
]
IDENTIFIED_COLUMNS = [
    (
        "initiative_name",
        "Initiative name (only where identified access is granted, or the manager's own).",
    ),
    ("organisations", "Partner organisations (only where identified access is granted)."),
]
CONTEXT_COLUMNS = [
    (
        "context",
        "Organisational context (for a service manager: the other initiatives of that context, pooled).",
    ),
    ("initiatives", "Number of initiatives pooled in the context."),
]


def _number(value) -> str | float | int:
    if value is None:
        return ""
    value = float(value)
    return int(value) if value.is_integer() else round(value, 1)


def _measures(dimension: Dimension, cell: Cell) -> Iterator[dict]:
    base = {
        "group": dimension.group,
        "dimension": dimension.key,
        "dimension_label": str(dimension.label),
        "kind": dimension.kind.value,
        "unit": "%"
        if dimension.kind in (Kind.PROPORTION, Kind.DISTRIBUTION)
        else dimension.unit.strip(),
        "n_counts": str(dimension.counts),
        "person_level": "yes" if dimension.is_person_level else "no",
    }
    if dimension.kind == Kind.DISTRIBUTION:
        for category in cell.categories:
            hidden = cell.is_suppressed or category.is_suppressed
            status = Status.SUPPRESSED if hidden else cell.status
            shown = status == Status.SHOWN
            yield {
                **base,
                "category": category.value,
                "category_label": str(category.label),
                "value": _number(cell.share(category)) if shown else "",
                "count": category.count if shown else "",
                "n": cell.n if shown else "",
                "status": str(status),
            }
        return
    shown = cell.status == Status.SHOWN
    yield {
        **base,
        "category": "",
        "category_label": "",
        "value": _number(cell.value) if shown else "",
        "count": (cell.numerator if dimension.kind == Kind.PROPORTION else "") if shown else "",
        "n": cell.n if shown else "",
        "status": str(cell.status),
    }


def _identified(comparison: Comparison) -> bool:
    return comparison.has_identified or comparison.audience == Audience.MANAGER


def initiative_header(comparison: Comparison) -> list[str]:
    columns = [name for name, _meaning in INITIATIVE_COLUMNS]
    if _identified(comparison):
        columns += [name for name, _meaning in IDENTIFIED_COLUMNS]
    return columns + [name for name, _meaning in MEASURE_COLUMNS]


def initiative_rows(comparison: Comparison) -> Iterator[list]:
    header = initiative_header(comparison)
    for column in comparison.initiative_columns:
        described = {
            "research_code": column.research_code,
            "context": column.context,
            "region": column.region,
            "settings": "; ".join(column.settings),
            "initiative_name": column.name,
            "organisations": "; ".join(column.organisations),
        }
        for dimension in comparison.dimensions:
            for measure in _measures(dimension, comparison.cell(column, dimension)):
                merged = {**described, **measure}
                yield [merged[name] for name in header]


def context_header() -> list[str]:
    return [name for name, _m in CONTEXT_COLUMNS] + [name for name, _m in MEASURE_COLUMNS]


def context_rows(comparison: Comparison) -> Iterator[list]:
    header = context_header()
    for column in comparison.context_columns:
        described = {"context": column.context, "initiatives": column.initiatives}
        for dimension in comparison.dimensions:
            for measure in _measures(dimension, comparison.cell(column, dimension)):
                merged = {**described, **measure}
                yield [merged[name] for name in header]


DICTIONARY_HEADER = [
    "entry",
    "name",
    "label",
    "group",
    "kind",
    "unit",
    "n_counts",
    "person_level",
    "meaning",
    "source",
]


def dictionary_rows(comparison: Comparison) -> Iterator[list]:
    seen = set()
    for table, columns in [
        ("initiatives", INITIATIVE_COLUMNS + IDENTIFIED_COLUMNS + MEASURE_COLUMNS),
        ("contexts", CONTEXT_COLUMNS + MEASURE_COLUMNS),
    ]:
        for name, meaning in columns:
            if name in seen:
                continue
            seen.add(name)
            yield ["column", name, "", "", "", "", "", "", meaning, f"export column ({table})"]
    for dimension in comparison.dimensions:
        yield [
            "dimension",
            dimension.key,
            str(dimension.label),
            dimension.group_label,
            dimension.kind.value,
            "%"
            if dimension.kind in (Kind.PROPORTION, Kind.DISTRIBUTION)
            else dimension.unit.strip(),
            str(dimension.counts),
            "yes" if dimension.is_person_level else "no",
            str(dimension.description),
            dimension.source_text,
        ]
        for value, label, _aggregate in dimension.categories:
            yield [
                "category",
                f"{dimension.key}.{value}",
                str(label),
                dimension.group_label,
                "",
                "",
                "",
                "",
                f"Category of {dimension.key}",
                dimension.source_text,
            ]


def about_rows(comparison: Comparison) -> list[list]:
    rows = [
        ["generated", timezone.now().isoformat(timespec="seconds")],
        ["audience", comparison.audience.value],
        ["suppression threshold", comparison.threshold],
        [
            "suppression",
            "Person-level figures from fewer than the threshold of people are suppressed, and so "
            "is any figure from which a suppressed one could be calculated back.",
        ],
    ]
    rows += [[f"filter: {name}", value] for name, value in comparison.filters.describe()]
    return rows


def _safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _safe_rows(rows):
    for row in rows:
        yield [_safe(value) for value in row]


def csv_text(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(_safe_rows(rows))
    return buffer.getvalue()


def comparison_csv(comparison: Comparison, table: str) -> str:
    if table == "contexts":
        return csv_text(context_header(), context_rows(comparison))
    if table == "dictionary":
        return csv_text(DICTIONARY_HEADER, dictionary_rows(comparison))
    return csv_text(initiative_header(comparison), initiative_rows(comparison))


def comparison_xlsx(comparison: Comparison) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheets = [
        ("By initiative", initiative_header(comparison), initiative_rows(comparison)),
        ("By context", context_header(), context_rows(comparison)),
        ("Data dictionary", DICTIONARY_HEADER, dictionary_rows(comparison)),
        ("About", ["item", "value"], about_rows(comparison)),
    ]
    for index, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in _safe_rows(rows):
            sheet.append(row)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_title(column: Column) -> str:
    return column.name or column.label
