"""Workbook input that cannot hurt: formulas are refused by row, phone numbers keep their leading zero,
and a huge cell does not flood the report."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from api.i18n import render
from graph.messages import msg
from graph.store.sqlite_store import SQLiteStore
from loaders.workbook import import_workbook
from loaders.workbook_writer import COLUMNS, write_workbook
from tests.loaders import test_workbook as base

reference_db, store, _rows = base.reference_db, base.store, base._rows  # the same store fixtures

PROF_COLUMNS = COLUMNS["professionals"]


def _xlsx(tmp_path: Path, cells: dict[tuple[int, str], object]) -> Path:
    """The example workbook as XLSX with ``cells`` of sheet professionals (row, column) set as openpyxl types them."""
    path = write_workbook(tmp_path / "wb.xlsx", _rows())
    wb = load_workbook(path)
    ws = wb["professionals"]
    for (row, column), value in cells.items():
        ws.cell(row, PROF_COLUMNS.index(column) + 1).value = value  # "=…" becomes a real formula cell
    wb.save(path)
    return path


def test_xlsx_formula_is_refused_by_row_and_nothing_is_written(store: SQLiteStore, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, {(2, "naam"): '=HYPERLINK("http://evil.example","Sanne")',
                            (4, "functie"): "=cmd|' /C calc'!A0"})
    assert load_workbook(path)["professionals"].cell(2, 2).data_type == "f"  # a formula, not text
    seq = store.last_seq()
    result = import_workbook(path, store, actor="t")
    assert not result.written and store.last_seq() == seq
    # Only the refused rows: the rows that refer to these people are no news (#15).
    found = {(e.sheet, e.row, e.column): e.reason for e in result.errors}
    assert len(found) == len(result.errors)
    assert set(found) == {("sheet professionals", 2, "naam"), ("sheet professionals", 4, "functie")}, found
    assert all(reason.code == "import.row.formula" for reason in found.values())
    assert "HYPERLINK" in found["sheet professionals", 2, "naam"].args["value"]
    assert "is een formule; formules worden niet geïmporteerd" in render(found["sheet professionals", 2, "naam"])


def test_csv_formula_text_is_refused(store: SQLiteStore, tmp_path: Path) -> None:
    rows = _rows()
    rows["professionals"][0]["naam"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    rows["professionals"][1]["functie"] = "+HYPERLINK(\"http://evil.example\")"
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    assert sorted((e.sheet, e.row, e.column) for e in result.errors) == [
        ("professionals.csv", 2, "naam"), ("professionals.csv", 3, "functie")]
    assert store.get_node("prof-vb-001") is None


def test_international_phone_and_hyphenated_text_are_not_formulas(store: SQLiteStore, tmp_path: Path) -> None:
    rows = _rows()
    rows["professionals"][0]["telefoon"] = "+31 6 1234 5678"
    rows["professionals"][1]["functie"] = "- vervanger -"
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    assert result.ok, result.report.format()
    assert store.get_node("prof-vb-001").props["phone"] == "+31 6 1234 5678"  # type: ignore[union-attr]


def test_phone_typed_as_number_keeps_its_leading_zero(store: SQLiteStore, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, {(2, "telefoon"): 612345678, (3, "telefoon"): 263456789.0})
    result = import_workbook(path, store, actor="t")
    assert result.ok, result.report.format()
    assert store.get_node("prof-vb-001").props["phone"] == "0612345678"  # type: ignore[union-attr]
    assert store.get_node("prof-vb-002").props["phone"] == "0263456789"  # type: ignore[union-attr]
    sheet = msg("import.sheet", name="professionals")
    assert result.report.warnings == [msg("import.warning.phone_restored", sheet=sheet, count=2, rows=("2", "3"))]
    assert render(result.report.warnings[0]) == ("blad professionals: 2 telefoonnummers waren als getal getypt en "
                                                 "hadden hun voorloopnul verloren; die is teruggezet (rijen 2 en 3)")


def test_phone_number_that_cannot_be_restored_is_refused_clearly(store: SQLiteStore, tmp_path: Path) -> None:
    path = _xlsx(tmp_path, {(2, "telefoon"): 31612345678})  # +31 typed as a number: ambiguous
    result = import_workbook(path, store, actor="t")
    [err] = result.errors  # not also the bezetting, lidmaatschap and casus rows naming prof-vb-001 (#15)
    assert (err.sheet, err.row, err.column) == ("sheet professionals", 2, "telefoon")
    assert err.reason == msg("import.row.phone_typed_as_number", value="'31612345678'")
    assert "als getal getypt" in render(err.reason) and "maak de kolom tekst" in render(err.reason)
    assert store.get_node("prof-vb-001") is None


def test_huge_cells_are_cut_in_the_report(store: SQLiteStore, tmp_path: Path) -> None:
    rows = _rows()
    rows["professionals"][0]["email"] = "x" * 20_000
    rows["professionals"][1]["sleutel"] = "prof-" + "é" * 20_000 + "!"
    result = import_workbook(write_workbook(tmp_path / "wb", rows), store, actor="t")
    assert {(e.row, e.column) for e in result.errors} >= {(2, "email"), (3, "sleutel")}
    for e in result.errors:
        assert len(render(e.reason)) <= 400, e.reason
        assert "…" in render(e.reason) or e.sheet != "professionals.csv"
    assert len(result.report.format(say=render)) < 2_000
    assert "is geen e-mailadres" in result.report.format(say=render)  # still says what is wrong
