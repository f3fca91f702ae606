"""Write an import workbook (CSV folder or XLSX) byte-for-byte reproducibly.

Used by the synthetic generator and the example workbook: the same rows always give the same bytes,
so a seed identifies a dataset and the shipped example does not churn in git.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from loaders.rows import SHEETS

__all__ = ["COLUMNS", "write_workbook"]

# Column order per sheet as written: the row model's field order (= docs/import-format.md).
# Validity columns (inherited, hence first in the model) go last: they are the least often filled.
COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(sorted(model.model_fields, key=lambda c: c in ("geldig_van", "geldig_tot")))
    for kind, model in SHEETS.items()
}
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _table(kind: str, rows: Sequence[Mapping[str, object]]) -> list[list[str]]:
    columns = COLUMNS[kind]
    return [list(columns)] + [["" if r.get(c) is None else str(r.get(c)) for c in columns] for r in rows]


def write_workbook(out: Path, sheets: Mapping[str, Sequence[Mapping[str, object]]]) -> Path:
    """Write ``{kind: rows}`` as ``out/<kind>.csv`` files, or as one workbook when ``out`` ends in .xlsx."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        _write_xlsx(out, sheets)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for kind, rows in sheets.items():
            with (out / f"{kind}.csv").open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(_table(kind, rows))
    return out


def _write_xlsx(out: Path, sheets: Mapping[str, Sequence[Mapping[str, object]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for kind, rows in sheets.items():
        ws = wb.create_sheet(kind)
        for line in _table(kind, rows):
            cells = []
            for text in line:  # all text: keeps leading zeros and codes as typed, and "=…" is never a formula
                cell = WriteOnlyCell(ws, value=text)
                cell.data_type = "s"
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the save time into docProps/core.xml and every zip entry: pin both.
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
