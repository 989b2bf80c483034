"""Reading an uploaded spreadsheet into rows of text, within the stated limits.

CSV and XLSX are read with tablib. From an XLSX file only the values are taken (the values the
spreadsheet last calculated), never a formula; from any file, a cell is kept as the text it
holds and nothing in it is ever evaluated. A leading apostrophe that peerwork's own exports put
before formula-like text is removed again, so an exported file imports unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from peerwork.lib.exports import is_formula_like

ALLOWED_EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[list[str]]


def column_name(text: object) -> str:
    """A header cell as a column name: lower case, words joined by underscores."""
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


def cell_text(value: object) -> str:
    """A cell as text: dates ISO, whole numbers without ".0", formula marks of our exports
    removed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal | float | int):
        return str(value)
    text = str(value).strip()
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def _check_xlsx_size(content: bytes, limit: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError(_("This is not a readable XLSX file.")) from None
    if expanded > limit:
        raise ValidationError(
            _("This workbook expands to %(size)s; at most %(limit)s can be read.")
            % {"size": filesizeformat(expanded), "limit": filesizeformat(limit)}
        )


def read_sheet(*, name: str, content: bytes) -> Sheet:
    """The first sheet of a CSV or XLSX file, or ``ValidationError`` saying what is wrong."""
    max_bytes = settings.PEERWORK_IMPORT_MAX_BYTES
    max_rows = settings.PEERWORK_IMPORT_MAX_ROWS
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if len(content) > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; files can be at most %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(max_bytes)}
        )
    dataset = tablib.Dataset()
    try:
        if extension == ".xlsx":
            if not content.startswith(b"PK\x03\x04"):
                raise ValidationError(_("This file's content does not match its .xlsx name."))
            _check_xlsx_size(content, max_bytes * 10)
            dataset.load(io.BytesIO(content), format="xlsx", headers=False)
        else:
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    text = content.decode("cp1252")
                except UnicodeDecodeError:
                    raise ValidationError(
                        _("The file is not text in UTF-8; save it as “CSV UTF-8” and try again.")
                    ) from None
            if "\x00" in text:
                raise ValidationError(_("This file's content does not match its .csv name."))
            dataset.load(text, format="csv", headers=False)
    except ValidationError:
        raise
    except Exception:  # tablib and openpyxl raise many kinds of errors on a damaged file
        raise ValidationError(_("The file could not be read as a spreadsheet.")) from None
    table = [[cell_text(value) for value in row] for row in dataset]
    while table and not any(table[-1]):
        table.pop()
    if not table:
        raise ValidationError(_("The file is empty: it needs a header row and at least one row."))
    header = [column_name(value) for value in table[0]]
    rows = [row for row in table[1:] if any(row)]
    if not rows:
        raise ValidationError(_("The file has a header row but no rows of data."))
    if len(rows) > max_rows:
        raise ValidationError(
            _("The file has %(count)s rows; at most %(limit)s can be imported at once.")
            % {"count": f"{len(rows):,}", "limit": f"{max_rows:,}"}
        )
    return Sheet(header=header, rows=rows)


_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?")


def parse_date(text: str) -> dt.date:
    """ISO (2024-03-31) or UK (31/03/2024) dates; ``ValueError`` with a message otherwise."""
    text = text.strip()
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _UK_DATE.fullmatch(text)
        if not match:
            raise ValueError(
                _("“%(text)s” is not a date: use 2024-03-31 or 31/03/2024.") % {"text": text}
            )
        day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%(text)s” is not a day of the calendar.") % {"text": text}) from None
