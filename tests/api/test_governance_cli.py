"""``jbnet map …`` writes offline map files and prints the governance check; bad codes are named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "jbnet.sqlite"
    store = SQLiteStore(path)
    init_store(store, demo=True)
    store.close()
    return path


def _run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"JBNET_DB": str(db), "COLUMNS": "200"})
    return result.exit_code, result.output


def test_map_commands_write_html(db: Path, tmp_path: Path) -> None:
    for args in (("governance", "body-toekomsttuin-food-valley"), ("region", "JZ21", "--kinds", "gemeente,body"),
                 ("ego", "prof-demo-0449", "--depth", "2"),
                 ("diff", "JZ21", "--from", "2019-01-01", "--to", "2022-01-01")):
        out = tmp_path / f"{args[0]}.html"
        code, output = _run(db, "map", *args, "--out", str(out))
        assert code == 0, output
        html = out.read_text(encoding="utf-8")
        count = int(re.search(r'data-node-count="(\d+)"', html).group(1))
        assert f"{count} knopen" in output and count > 0
        assert "e-mail:" not in html  # contacts only with --contacts


def test_map_contacts_flag_and_errors(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "gov.html"
    code, _ = _run(db, "map", "governance", "body-toekomsttuin-food-valley", "--expand", "--contacts", "-o", str(out))
    assert code == 0 and "e-mail:" in out.read_text(encoding="utf-8")
    missing = tmp_path / "none.html"
    code, output = _run(db, "map", "region", "JZ2l", "-o", str(missing))
    assert code == 2 and "Geen regio of overlegorgaan 'JZ2l' gevonden" in output and not missing.exists()
    code, output = _run(db, "map", "diff", "JZ21", "--from", "2022-01-01", "--to", "2021-01-01", "-o", str(missing))
    assert code == 2 and "het begin (1 januari 2022) ligt na het einde (1 januari 2021)" in output
    assert not missing.exists()


def test_map_check_prints_findings_and_phases(db: Path) -> None:
    code, output = _run(db, "map", "check", "PV25")
    assert code == 0, output
    assert "toekomsttuin.minimum_staffing" in output and "Food Valley (JZ21)" in output and "start" in output
