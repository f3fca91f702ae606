"""``jbnet privacy export/erase/purge`` through typer's CliRunner on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.sqlite_store import SQLiteStore

PERSON = "prof-demo-0082"


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> tuple[CliRunner, Path]:
    db = tmp_path_factory.mktemp("privacy-cli") / "jbnet.sqlite"
    runner = CliRunner(env={"JBNET_DB": str(db), "NEO4J_URI": "", "COLUMNS": "200"})
    assert runner.invoke(app, ["init", "--demo"]).exit_code == 0
    return runner, db


def test_export_json_and_text(cli: tuple[CliRunner, Path], tmp_path: Path) -> None:
    runner, db = cli
    result = runner.invoke(app, ["privacy", "export", PERSON])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["professional"]["key"] == PERSON and data["positions"] and data["change_log"]
    out = tmp_path / "zeynep.txt"
    result = runner.invoke(app, ["privacy", "export", PERSON, "--text", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Persoonsgegevens in jbnet van ") and "Functies" in text
    store = SQLiteStore(db)
    try:
        assert [e.op for e in store.history(PERSON)][-2:] == ["privacy.export", "privacy.export"]  # audited
    finally:
        store.close()


def test_export_of_an_unknown_key_says_so(cli: tuple[CliRunner, Path]) -> None:
    result = cli[0].invoke(app, ["privacy", "export", "prof-demo-99999"])
    assert result.exit_code == 1 and "Geen persoon 'prof-demo-99999' gevonden" in result.output


def test_erase_refuses_child_data_in_the_reason_then_erases(cli: tuple[CliRunner, Path]) -> None:
    runner, db = cli
    victim = "prof-demo-0150"
    store = SQLiteStore(db)
    node = store.get_node(victim)
    store.close()
    assert node is not None
    name, email = node.props["name"], node.props["email"]
    bad = runner.invoke(app, ["privacy", "erase", victim, "--reason", "kind bsn 111222333", "--yes"])
    assert bad.exit_code == 1 and "privacy.bsn" in bad.output
    result = runner.invoke(app, ["privacy", "erase", victim, "--reason", "uit dienst", "--yes"])
    assert result.exit_code == 0, result.output
    assert "gewist als erased-" in result.output
    for f in (db, db.with_name(db.name + "-wal")):
        if f.exists():
            data = f.read_bytes()
            assert name.encode() not in data and email.encode() not in data
    again = runner.invoke(app, ["privacy", "erase", victim, "--yes"])
    assert again.exit_code == 1 and "geen professional" in again.output
