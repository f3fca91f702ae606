"""Reading an import workbook: a folder of ``<kind>.csv`` files or one ``.xlsx`` (one sheet per kind).

Cells become trimmed strings; row numbers are the ones the user sees (header = row 1). XLSX formulas
are read as their text (``=…``), never as a computed value, so that the checks can refuse them; a phone
number typed as a number has lost its leading zero, which is restored for a Dutch 9-digit number and
otherwise reported (``Sheet.problems``).
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.messages import Message, MessageError, msg
from loaders.rows import SHEETS

__all__ = ["Sheet", "Workbook", "read_workbook", "sheet_name"]

_SHEET = "sheet "  # ``Sheet.source`` of an XLSX sheet: "sheet professionals" (a CSV file: its file name)


def sheet_name(source: str) -> Message | str:
    """Where a problem is, for people: a CSV file (or the workbook's path) as is, a workbook's sheet
    ("sheet professionals", as ``Sheet.source`` has it) as ``import.sheet`` ("blad professionals")."""
    return msg("import.sheet", name=source.removeprefix(_SHEET)) if source.startswith(_SHEET) else source


@dataclass
class Sheet:
    name: str  # normalised kind: "organisaties", ...
    source: str  # as the user knows it: "organisaties.csv" or sheet "organisaties"
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number with header = 1, {column: cell})
    problems: list[tuple[int, str, Message]] = field(default_factory=list)  # (row, column, reason) on reading
    warnings: list[Message] = field(default_factory=list)


@dataclass
class Workbook:
    path: Path
    sheets: dict[str, Sheet] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)  # files/sheets that are not a known kind
    warnings: list[Message] = field(default_factory=list)


def _header(text: Any) -> str:
    return str(text or "").strip().lower().replace(" ", "_").replace("-", "_")


_PHONE_COLUMNS = frozenset({"telefoon"})


def _cell(value: Any) -> str:
    if type(value) is str:  # every CSV cell and most XLSX ones: the common case first
        return value.strip()
    if value is None:
        return ""
    if hasattr(value, "text") and not isinstance(value, str):  # openpyxl ArrayFormula / DataTableFormula
        return "=" + str(value.text or "").removeprefix("=")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet(name: str, source: str, records: Iterable[tuple[int, list[Any]]]) -> Sheet:
    it = iter(records)
    headers: list[str] = []
    for _, values in it:
        headers = [_header(v) for v in values]
        break
    while headers and not headers[-1]:
        headers.pop()
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[tuple[int, str, Message]] = []
    restored: list[int] = []
    phone_columns = [(i, h) for i, h in enumerate(headers) if h in _PHONE_COLUMNS]
    # One string object per distinct cell text of the sheet: a function, a gemeente code, a date or a
    # status repeats in thousands of rows (a sixth of a national workbook's cells in memory).
    seen: dict[str, str] = {}
    share = seen.setdefault
    for number, values in it:
        cells = [share(c, c) for c in map(_cell, values)]
        if not any(cells):
            continue  # blank lines between blocks are common in hand-made sheets
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}
        for i, h in phone_columns:
            if i < len(values) and isinstance(values[i], int | float) and not isinstance(values[i], bool):
                phone = _numeric_phone(values[i])
                if phone is None:
                    problems.append((number, h, msg("import.row.phone_typed_as_number", value=repr(row[h]))))
                else:
                    row[h] = phone
                    restored.append(number)
        rows.append((number, row))
    sheet = Sheet(name, source, headers, rows, problems)
    if restored:
        sheet.warnings = [_restored(source, restored)]
    return sheet


def _restored(source: str, rows: list[int], shown: int = 10) -> Message:
    """The warning that phone numbers typed as numbers got their leading zero back, naming the first rows."""
    listed = tuple(str(n) for n in rows[:shown])
    if len(rows) > shown:
        return msg("import.warning.phone_restored.more", sheet=sheet_name(source), count=len(rows), rows=listed,
                   more=len(rows) - shown)
    return msg("import.warning.phone_restored", sheet=sheet_name(source), count=len(rows), rows=listed)


def _numeric_phone(value: float) -> str | None:
    """A Dutch national number (10 digits, leading 0) typed as a number has 9 digits left: put the 0 back."""
    if value != int(value) or value < 0:
        return None
    digits = str(int(value))
    return "0" + digits if len(digits) == 9 else None


def _read_csv(path: Path, book: Workbook) -> Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # "CSV (gescheiden door lijstscheidingsteken)" from Dutch Excel is Windows-1252, not UTF-8.
        text = raw.decode("cp1252", errors="replace")
        book.warnings.append(msg("import.warning.not_utf8", file=path.name))
    first = text.split("\n", 1)[0]
    # Dutch Excel saves CSV with ';'; cells with several codes are then quoted.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _sheet(path.stem.lower(), path.name, ((reader.line_num, row) for row in reader))


def _read_xlsx(path: Path) -> Workbook:
    from openpyxl import load_workbook  # a second or so to import; CSV imports never need it

    book = Workbook(path)
    try:
        # data_only=False: a formula cell reads as its "=…" text (refused by the checks), not a cached result.
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises zip, XML and its own errors for a damaged file (kept as the cause)
        raise MessageError(msg("import.unreadable", name=path.name)) from exc
    try:
        for ws in wb.worksheets:
            kind = ws.title.strip().lower()
            rows = ((i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1))
            if kind in SHEETS:
                book.sheets[kind] = sheet = _sheet(kind, _SHEET + ws.title, rows)
                book.warnings += sheet.warnings
            else:
                book.unknown.append(_SHEET + ws.title)
    finally:
        wb.close()
    return book


def read_workbook(path: str | Path) -> Workbook:
    """Read a folder of ``<kind>.csv`` files or one ``.xlsx`` workbook; cells become trimmed strings."""
    path = Path(path)
    if path.is_dir():
        book = Workbook(path)
        for file in sorted(path.iterdir()):
            if file.suffix.lower() != ".csv":
                continue
            if file.stem.lower() in SHEETS:
                book.sheets[file.stem.lower()] = _read_csv(file, book)
            else:
                book.unknown.append(file.name)
        return book
    if path.suffix.lower() == ".xlsx" and path.is_file():
        return _read_xlsx(path)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    raise MessageError(msg("import.not_a_workbook", path=str(path)))
