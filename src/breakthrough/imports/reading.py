"""Reading an uploaded CSV or XLSX file into rows, and its cells into values, with errors that name the
file, the row and the column and say what was expected.

Handled: a UTF-8 byte-order mark, headers in any case and spacing, extra columns (ignored, and said so),
empty trailing rows, numbers with thousands separators, dates as ISO, US (month/day/year), month names or
Excel dates, cells with leading apostrophes. Refused clearly: a file over ``IMPORT_MAX_BYTES`` (before it is
read), text that is not UTF-8, missing columns, formulas (a formula's cached result is not trusted).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            start=1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ],
            start=1,
        )
    },
}
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column:
            where.append(_("column “%(c)s”") % {"c": self.column})
        return f"{', '.join(where)}: {self.message}"


class FileRefused(Exception):
    """The whole file is refused (size, encoding, type, columns); nothing of it was read further."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Sheet:
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row number in the file, cells)
    ignored: list[str] = field(default_factory=list)  # extra columns, named in the preview


def check_size(name: str, size: int) -> None:
    """Refuse a file larger than the limit; called with the upload's declared size, before reading it."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise FileRefused(
            [
                Problem(
                    name,
                    None,
                    "",
                    _("The file is %(size)s bytes; the limit is %(limit)s bytes.")
                    % {"size": size, "limit": limit},
                )
            ]
        )


def normal(header: Any) -> str:
    return re.sub(r"\s+", "_", str(header or "").strip().lower())


def read_table(name: str, data: bytes, *, required: list[str], optional: list[str], sheet: str = "") -> Sheet:
    """The file's rows as dicts keyed by normalised header; blank rows dropped."""
    check_size(name, len(data))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        header, raw = _xlsx_rows(name, data, sheet)
    elif lower.endswith((".csv", ".txt")):
        header, raw = _csv_rows(name, data)
    else:
        raise FileRefused([Problem(name, None, "", _("Upload a .csv or .xlsx file."))])
    keys = [normal(h) for h in header]
    missing = [c for c in required if c not in keys]
    if missing:
        raise FileRefused(
            [
                Problem(
                    name,
                    1,
                    c,
                    _("This column is missing (expected columns: %(cols)s).") % {"cols": ", ".join(required)},
                )
                for c in missing
            ]
        )
    known = set(required) | set(optional)
    out = Sheet(file=name, header=keys, ignored=[k for k in keys if k and k not in known])
    for number, cells in raw:
        row = {k: _clean(v) for k, v in zip(keys, cells, strict=False) if k in known}
        if any(v not in (None, "") for v in row.values()):
            out.rows.append((number, row))
    return out


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value[1:] if value.startswith("'") else value  # a spreadsheet's "keep as text" apostrophe
    return value


def _csv_rows(name: str, data: bytes) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            [
                Problem(
                    name,
                    None,
                    "",
                    _("The file is not UTF-8 text (byte %(at)s). Save it as “CSV UTF-8” and upload it again.")
                    % {"at": exc.start},
                )
            ]
        ) from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") and "\t" not in sample else ","
    delimiter = "\t" if sample.count("\t") > sample.count(delimiter) else delimiter
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise FileRefused([Problem(name, None, "", _("The file is empty."))])
    problems = []
    for number, cells in enumerate(rows[1:], start=2):
        for key, value in zip(rows[0], cells, strict=False):
            if value.strip().startswith("=") and len(value.strip()) > 1:
                problems.append(
                    Problem(name, number, normal(key), _("This cell holds a formula; put its value instead."))
                )
    if problems:
        raise FileRefused(problems)
    return rows[0], list(enumerate(rows[1:], start=2))


def _xlsx_rows(name: str, data: bytes, sheet: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileRefused([Problem(name, None, "", _("This is not an Excel workbook (.xlsx)."))]) from exc
    ws = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
    rows, problems = [], []
    header: list[str] = []
    for number, cells in enumerate(ws.iter_rows(), start=1):
        values = []
        for cell in cells:
            if cell.data_type == "f":
                problems.append(
                    Problem(
                        name,
                        number,
                        normal(header[cell.column - 1])
                        if header and cell.column <= len(header)
                        else cell.coordinate,
                        _("This cell holds a formula; put its value instead."),
                    )
                )
            values.append(cell.value)
        if number == 1:
            header = [str(v or "") for v in values]
        else:
            rows.append((number, values))
    book.close()
    if problems:
        raise FileRefused(problems)
    if not header:
        raise FileRefused([Problem(name, None, "", _("The sheet is empty."))])
    return header, rows


# --- cells ---


class CellError(ValueError):
    """A cell that does not hold what its column expects; the message says what was expected."""


def number(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(_("Expected a number."))
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).replace("\u00a0", "").replace(" ", "")
    if THOUSANDS.match(text):
        text = text.replace(",", "")
    elif "," in text:
        raise CellError(
            _("Expected a number like 1234.5 (a comma only between thousands), not “%(v)s”.") % {"v": value}
        )
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise CellError(_("Expected a number, not “%(v)s”.") % {"v": value}) from None
    if not result.is_finite():
        raise CellError(_("Expected a number, not “%(v)s”.") % {"v": value})
    return result


def date(value: Any) -> dt.date | None:
    """A day: 2026-03-15, 3/15/2026 (month first), 15 March 2026, or an Excel date cell."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%m/%d/%Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    parts = re.split(r"[\s,]+", text.lower())
    if len(parts) == 3 and parts[1] in MONTHS and parts[0].isdigit() and parts[2].isdigit():
        try:
            return dt.date(int(parts[2]), MONTHS[parts[1]], int(parts[0]))
        except ValueError:
            pass
    raise CellError(_("Expected a date like 2026-03-15 or 3/15/2026, not “%(v)s”.") % {"v": value})


def month(value: Any) -> dt.date | None:
    """A month: 2026-03, 3/2026, March 2026, marzo 2026, or any day in it."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).replace(day=1)
    text = str(value).strip().lower()
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})", text) or None
    if match and 1 <= int(match[2]) <= 12:
        return dt.date(int(match[1]), int(match[2]), 1)
    match = re.fullmatch(r"(\d{1,2})/(\d{4})", text)
    if match and 1 <= int(match[1]) <= 12:
        return dt.date(int(match[2]), int(match[1]), 1)
    parts = re.split(r"[\s,]+(?:de\s+)?", text)
    if len(parts) == 2 and parts[0][:3] in {m[:3] for m in MONTHS} and parts[1].isdigit():
        index = next(i for m, i in MONTHS.items() if m.startswith(parts[0][:3]))
        return dt.date(int(parts[1]), index, 1)
    try:
        day = date(value)
    except CellError:
        raise CellError(
            _("Expected a month like 2026-03 or March 2026, not “%(v)s”.") % {"v": value}
        ) from None
    return day.replace(day=1) if day else None


def time(value: Any) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.datetime):
        return value.time()
    for pattern in ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p"):
        try:
            return dt.datetime.strptime(str(value).strip().upper(), pattern).time()
        except ValueError:
            pass
    raise CellError(_("Expected a time like 14:30 or 2:30 PM, not “%(v)s”.") % {"v": value})


def choice(value: Any, choices: list[tuple[str, Any]]) -> str:
    """A value of a list: its code or its label, in any case."""
    text = str(value or "").strip().lower()
    for code, label in choices:
        if text in (str(code).lower(), str(label).lower()):
            return str(code)
    raise CellError(_("Expected one of: %(values)s.") % {"values": ", ".join(str(c) for c, _l in choices)})


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
