"""``jbnet invites …`` on a real SQLite file with the demo data (typer's runner, the real ``jbnet`` app)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from api.cli import app
from graph.queries.invites import freeze_invite_list
from graph.queries.meetings import create_meeting
from graph.service import GraphService
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    path = tmp_path_factory.mktemp("cli") / "jbnet.sqlite"
    store = SQLiteStore(path)
    init_store(store, demo=True)
    svc = GraphService(store)
    key = create_meeting(svc, "test", region="SR-JZ28-arnhem", date="2030-05-12", start="09:30", end="12:00",
                         place="Arnhem", organiser="prof-demo-0152")
    freeze_invite_list(svc, "test", key)
    svc.close()
    yield path, key


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["invites", *args], env={"JBNET_DB": str(db), "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_list_shows_the_frozen_list(db: tuple[Path, str]) -> None:
    path, key = db
    out = run(path, "list", "--meeting", key)
    assert "vastgezet" in out and "Anouk Tijdelijk" in out  # the demo's VT contact for Gelderland-Midden


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ics", "vcf", "txt"])
def test_export_writes_each_format_and_audits(db: tuple[Path, str], tmp_path: Path, fmt: str) -> None:
    path, key = db
    out = tmp_path / f"list.{fmt}"
    run(path, "export", "--meeting", key, "--format", fmt, "--out", str(out), "--actor", "cli test")
    data = out.read_bytes()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8").lstrip("\ufeff")), delimiter=";"))
        assert rows and "Naam" in rows[0]
    elif fmt == "xlsx":
        assert data[:2] == b"PK"  # a zip container: parsed back in test_meetings_exports
    elif fmt == "ics":
        assert Calendar.from_ical(data).walk("VEVENT")[0]["organizer"]
    elif fmt == "vcf":
        assert data.decode().count("BEGIN:VCARD") == data.decode().count("END:VCARD") > 0
    else:
        assert "<" in data.decode() and "@" in data.decode()
    store = SQLiteStore(path)
    try:
        last = [e for e in store.history(key) if e.op == "audit.export"][-1]
        assert (last.actor, last.after["format"]) == ("cli test", fmt)
    finally:
        store.close()


def test_bad_input_is_a_clear_error(db: tuple[Path, str], tmp_path: Path) -> None:
    path, key = db
    result = CliRunner().invoke(app, ["invites", "export", "--meeting", key, "--format", "pdf", "--out",
                                      str(tmp_path / "x.pdf")], env={"JBNET_DB": str(path)})
    assert result.exit_code == 2 and "onbekend exportformaat 'pdf'" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = CliRunner().invoke(app, ["invites", "list", "--meeting", "mtg-nope"], env={"JBNET_DB": str(path)})
    assert result.exit_code == 2 and "Geen bijeenkomst 'mtg-nope' gevonden" in result.output


def test_preview_and_plan(db: tuple[Path, str]) -> None:
    path, _ = db
    assert "Anouk Tijdelijk" in run(path, "preview", "--subregio", "SR-JZ28-de-liemers", "--date", "2030-06-01")
    out = run(path, "plan", "--year", "2030", "--jeugdhulpregio", "JZ28")
    assert "NIET gehaald" in out and "Arnhem" in out


def test_plan_in_english_with_lang(db: tuple[Path, str]) -> None:
    path, _ = db
    args = ["invites", "plan", "--year", "2030", "--jeugdhulpregio", "JZ28"]
    english = CliRunner().invoke(app, ["--lang", "en", *args], env={"JBNET_DB": str(path), "COLUMNS": "200"})
    assert english.exit_code == 0, english.output
    assert "NOT met" in english.output and "Short by" in english.output and "Tekort" not in english.output
    dutch = CliRunner().invoke(app, args, env={"JBNET_DB": str(path), "COLUMNS": "200"})
    assert "NIET gehaald" in dutch.output and "Tekort" in dutch.output and "Short by" not in dutch.output
