"""``jbnet import`` words a refused workbook from the catalogue: a file it cannot read is a code (no openpyxl or OS
text), and the count of problems takes its plural form ("1 probleem", "2 problemen") in Dutch and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> CliRunner:
    workdir = tmp_path_factory.mktemp("cli_words")
    runner = CliRunner(env={"JBNET_DB": str(workdir / "var" / "jbnet.sqlite"), "NEO4J_URI": "", "COLUMNS": "250"})
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    return runner


def test_a_damaged_workbook_is_refused_in_the_catalogue_words(runner: CliRunner, tmp_path: Path) -> None:
    damaged = tmp_path / "kapot.xlsx"
    damaged.write_bytes(b"not a zip file")
    nl = runner.invoke(app, ["import", str(damaged)])
    en = runner.invoke(app, ["--lang", "en", "import", str(damaged)])
    assert nl.exit_code == en.exit_code == 1, nl.output
    assert "1 probleem in" in nl.output and "problemen" not in nl.output
    assert "kapot.xlsx is geen Excel-werkmap die jbnet kan lezen" in nl.output
    assert "1 problem in" in en.output and "kapot.xlsx is not an Excel workbook jbnet can read" in en.output
    for raw in ("cannot read", "zip file", "Traceback"):
        assert raw not in nl.output and raw not in en.output


def test_several_problems_take_the_plural(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "wb"
    folder.mkdir()
    for sheet in ("organisaties", "professionals"):  # a column twice in each: two problems
        (folder / f"{sheet}.csv").write_text("sleutel,naam,naam\nx-a,A,B\n", encoding="utf-8")
    nl = runner.invoke(app, ["import", str(folder)])
    en = runner.invoke(app, ["--lang", "en", "import", str(folder)])
    assert nl.exit_code == en.exit_code == 1, nl.output
    assert " problemen in " in nl.output and " probleem in " not in nl.output
    assert " problems in " in en.output



def test_a_write_the_store_refuses_is_a_code_rendered_in_both_languages(tmp_path: Path) -> None:
    # A real SQLite store refuses closing a relationship it does not have: the reason is a store.* code.
    from api.i18n import render
    from graph.messages import msg
    from graph.store.base import ChangeBatch, EdgeClose, StoreError
    from graph.store.sqlite_store import SQLiteStore

    store = SQLiteStore(tmp_path / "s.sqlite")
    try:
        with pytest.raises(StoreError) as refused:
            store.apply(ChangeBatch(closes=[EdgeClose("GM0228|IN_PROVINCIE|PV25", "2026-01-01")]), "t")
    finally:
        store.close()
    assert refused.value.message == msg("store.no_edge_to_close", key="GM0228|IN_PROVINCIE|PV25")
    assert render(refused.value.message) == "Er is geen relatie met sleutel GM0228|IN_PROVINCIE|PV25 om te beëindigen."
    assert render(refused.value.message, "en").startswith("There is no relationship with key GM0228")


def test_cross_row_reasons_and_warnings_are_worded_in_the_cli_language(runner: CliRunner, tmp_path: Path) -> None:
    """The workbook's own checks (an unknown region code, a formula, an unknown column) are catalogue codes: Dutch
    by default, English with ``--lang en`` (#15)."""
    folder = tmp_path / "wb"
    folder.mkdir()
    (folder / "organisaties.csv").write_text(
        "sleutel,naam,type,bedient,kleur\norg-a,=1+1,gi,GM0228,rood\norg-b,B,gi,GM228,blauw\n", encoding="utf-8")
    nl = runner.invoke(app, ["import", str(folder)])
    en = runner.invoke(app, ["--lang", "en", "import", str(folder)])
    assert nl.exit_code == en.exit_code == 1, nl.output
    assert "organisaties.csv: kolom kleur is onbekend en niet geïmporteerd" in nl.output
    assert "'=1+1' is een formule" in nl.output
    assert "GM228 is geen bekende gemeentecode; bedoelt u GM0228 (Ede)?" in nl.output
    assert "organisaties.csv: column kleur is unknown and not imported" in en.output
    assert "'=1+1' is a formula" in en.output
    assert "GM228 is not a known municipality code; did you mean GM0228 (Ede)?" in en.output
    for english in ("did you mean", "formula", "not imported"):
        assert english not in nl.output


def test_a_workbook_sheet_is_named_in_the_cli_language(runner: CliRunner, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "organisaties"
    for row in (["sleutel", "naam", "type"], ["org-a", "A", "gi"], ["org-a", "B", "gi"]):
        sheet.append(row)
    book.save(path := tmp_path / "dubbel.xlsx")
    nl = runner.invoke(app, ["import", str(path)])
    en = runner.invoke(app, ["--lang", "en", "import", str(path)])
    assert nl.exit_code == en.exit_code == 1, nl.output
    assert "blad organisaties" in nl.output and "eerst in blad organisaties rij 2" in nl.output
    assert "sheet organisaties" not in nl.output
    assert "sheet organisaties" in en.output and "first in sheet organisaties row 2" in en.output
