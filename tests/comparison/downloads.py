"""Reading the comparison's downloads back in tests: CSV rows and every sheet of a workbook."""

from __future__ import annotations

import csv
import io


def csv_dicts(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def xlsx_sheets(response) -> dict[str, list[list]]:
    """``{sheet title: rows}``, the header row first, cell values as openpyxl reads them."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def xlsx_dicts(rows: list[list]) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def xlsx_text(response) -> str:
    """Every cell of every sheet, as one text to search."""
    return "\n".join(
        "\t".join("" if value is None else str(value) for value in row)
        for rows in xlsx_sheets(response).values()
        for row in rows
    )
