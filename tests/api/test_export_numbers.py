"""CSV exports write numbers the way the export's language does (Babel through the language layer): the hours
of an attendee list are "1,5" in a Dutch export and "1.5" in an English one, never a hand-made decimal comma;
XLSX keeps real numbers."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from api.i18n import renderer
from graph.messages import msg
from graph.queries.exports import COLUMNS, to_csv, to_xlsx


def _row(hours: float | None) -> dict[str, object]:
    return dict.fromkeys(COLUMNS, "") | {"name": "Anna (test)", "hours": hours,
                                         "status": msg("export.status.accepted")}


def _cells(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_hours_follow_the_export_language() -> None:
    rows = [_row(1.5), _row(4.0), _row(None)]
    nl, en = _cells(to_csv(rows, renderer("nl"))), _cells(to_csv(rows, renderer("en")))
    hours_nl, hours_en = renderer("nl")(msg("export.column.hours")), renderer("en")(msg("export.column.hours"))
    assert [r[hours_nl] for r in nl] == ["1,5", "4", ""]
    assert [r[hours_en] for r in en] == ["1.5", "4", ""]


def test_xlsx_keeps_numbers_as_numbers() -> None:
    ws = load_workbook(io.BytesIO(to_xlsx([_row(1.5)], "Test", renderer("nl")))).active
    assert ws is not None
    assert ws.cell(2, list(COLUMNS).index("hours") + 1).value == 1.5
