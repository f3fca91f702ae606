"""The jbnet CLI through typer's CliRunner on a real SQLite file."""

from __future__ import annotations

import csv
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.auth import Role, authenticate
from api.cli import app
from graph.store.cypher import constraint_statements
from graph.store.sqlite_store import SQLiteStore
from tests.support import free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "voorbeeld-werkmap"


def cbs_gemeenten() -> int:
    with (ROOT / "data" / "gemeenten_regios.csv").open(encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def runner(workdir: Path) -> CliRunner:
    return CliRunner(env={"JBNET_DB": str(workdir / "var" / "jbnet.sqlite"), "NEO4J_URI": "", "COLUMNS": "200"})


@pytest.fixture(scope="module")
def initialised(runner: CliRunner, workdir: Path) -> Path:
    result = runner.invoke(app, ["init", "--demo"])
    assert result.exit_code == 0, result.output
    return workdir / "var" / "jbnet.sqlite"


@pytest.fixture
def store(initialised: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(initialised)
    yield s
    s.close()


def test_init_demo_then_stats(runner: CliRunner, initialised: Path) -> None:
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[2].strip(): line.split("│")[3].strip() for line in result.output.splitlines()
            if line.count("│") == 4}
    assert int(rows["Gemeente"].replace(",", "")) == cbs_gemeenten()
    assert int(rows["Professional"].replace(",", "")) > 0  # the demo network is there
    assert "wijzigingslog: seq" in result.output  # the CLI speaks Dutch by default (cli.* codes)


def test_init_demo_writes_a_private_admin_token_once(runner: CliRunner, initialised: Path, store: SQLiteStore) -> None:
    path = initialised.parent / "demo-admin.token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_text(encoding="utf-8").strip()
    principal = authenticate(store, raw)
    assert principal is not None and principal.role is Role.ADMIN
    seq = store.last_seq()
    again = runner.invoke(app, ["init", "--demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "bevat al gegevens" in again.output
    assert path.read_text(encoding="utf-8").strip() == raw
    assert store.last_seq() == seq


def test_init_again_changes_nothing(runner: CliRunner, initialised: Path, store: SQLiteStore) -> None:
    seq = store.last_seq()
    result = runner.invoke(app, ["init", "--demo"])
    assert result.exit_code == 0, result.output
    assert "0 wijzigingen in het wijzigingslog geschreven (al bijgewerkt)" in result.output
    assert store.last_seq() == seq


def test_token_create_prints_the_secret_once(runner: CliRunner, initialised: Path, store: SQLiteStore) -> None:
    result = runner.invoke(app, ["token", "create", "--role", "coordinator", "--scope", "jz28", "--name", "Piet"])
    assert result.exit_code == 0, result.output
    raw = result.stdout.strip().splitlines()[-1]
    principal = authenticate(store, raw)
    assert principal is not None
    assert (principal.role, principal.scope, principal.name) == (Role.COORDINATOR, "JZ28", "Piet")
    assert all(raw not in (t.token_hash, t.name) for t in store.tokens())


def test_token_create_refuses_a_coordinator_without_scope(runner: CliRunner, initialised: Path,
                                                          store: SQLiteStore) -> None:
    before = len(store.tokens())
    result = runner.invoke(app, ["token", "create", "--role", "coordinator"])
    assert result.exit_code == 2
    assert "Een coördinatortoken heeft --scope nodig" in result.output  # token.needs_scope, Dutch by default
    english = runner.invoke(app, ["--lang", "en", "token", "create", "--role", "coordinator"])
    assert english.exit_code == 2 and "A coordinator token needs --scope" in english.output
    assert len(store.tokens()) == before
    bad_role = runner.invoke(app, ["token", "create", "--role", "wizard"])
    assert bad_role.exit_code == 2


def _break(book: Path) -> None:
    """Two rows made invalid: an unknown organisation type and an unknown professional key."""
    orgs = book / "organisaties.csv"
    lines = orgs.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = "spaceship"
    lines[1] = ",".join(cells)
    orgs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    holders = book / "bezetting.csv"
    lines = holders.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(next(h for h in header if h.startswith("professional")))] = "prof-does-not-exist"
    lines[1] = ",".join(cells)
    holders.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_import_of_a_broken_workbook_exits_1_with_the_table(runner: CliRunner, initialised: Path,
                                                            workdir: Path, store: SQLiteStore) -> None:
    book = workdir / "broken"
    shutil.copytree(EXAMPLE, book)
    _break(book)
    seq = store.last_seq()
    result = runner.invoke(app, ["import", str(book)])
    assert result.exit_code == 1, result.output
    assert "er is niets geschreven" in result.output
    for heading in ("blad", "regel", "kolom", "reden"):
        assert heading in result.output
    assert "organisaties.csv" in result.output and "spaceship" in result.output
    assert "bezetting.csv" in result.output
    assert "Traceback" not in result.output
    assert store.last_seq() == seq


def test_import_then_reimport_changes_nothing(runner: CliRunner, initialised: Path, store: SQLiteStore) -> None:
    first = runner.invoke(app, ["import", str(EXAMPLE)])
    assert first.exit_code == 0, first.output
    seq = store.last_seq()
    again = runner.invoke(app, ["import", str(EXAMPLE)])
    assert again.exit_code == 0, again.output
    assert "0 wijzigingen in het wijzigingslog geschreven" in again.output
    assert store.last_seq() == seq


def test_import_of_a_missing_path_is_a_usage_error(runner: CliRunner, initialised: Path) -> None:
    result = runner.invoke(app, ["import", "/no/such/workbook.xlsx"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_export_neo4j_writes_admin_import_files(runner: CliRunner, initialised: Path, workdir: Path,
                                                store: SQLiteStore) -> None:
    out = workdir / "neo4j-export"
    exported_seq = store.last_seq()  # the export's own audit entry comes after what it wrote
    result = runner.invoke(app, ["export", "neo4j", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.output
    counts = store.counts()
    ids: set[str] = set()
    system = {"ChangeLog", "Meta", "ApiToken", "Claim"}  # in their own ID groups, not stored as keys
    for path in sorted(out.glob("nodes_*.csv")):
        label = path.stem.removeprefix("nodes_")
        header, *rows = _read(path)
        assert {r[-1] for r in rows} == {label} and header[-1] == ":LABEL"
        if label in system:
            assert header[0] == f":ID({label})"
            continue
        assert header[0] == "key:ID"
        assert len(rows) == counts[label]
        ids |= {r[0] for r in rows}
    domain_files = [p for p in out.glob("nodes_*.csv") if p.stem.removeprefix("nodes_") not in system]
    assert len(domain_files) == sum(1 for k in counts if not k.isupper())
    changelog = _read(out / "nodes_ChangeLog.csv")
    assert len(changelog) - 1 == exported_seq  # history goes along
    assert "ts:datetime" in changelog[0]
    assert _read(out / "nodes_Meta.csv")[1][1:3] == ["changelog", str(exported_seq)]
    gemeenten = _read(out / "nodes_Gemeente.csv")
    assert "lat:double" in gemeenten[0] and "name" in gemeenten[0]
    assert len(gemeenten) - 1 == cbs_gemeenten()
    dated = 0
    for path in sorted(out.glob("rels_*.csv")):
        rel = path.stem.removeprefix("rels_")
        header, *rows = _read(path)
        assert header[:4] == [":START_ID", ":END_ID", ":TYPE", "key"]
        # Native dates; a column without any value has no type.
        assert header[4] in ("valid_from", "valid_from:date") and header[5] in ("valid_to", "valid_to:date")
        dated += header[4] == "valid_from:date"
        assert len(rows) == counts[rel]
        assert all(r[2] == rel and r[0] in ids and r[1] in ids for r in rows)
    assert dated > 0
    holds = _read(out / "rels_HOLDS.csv")[0]
    assert "rank:long" in holds and "priority" in holds
    constraints = (out / "constraints.cypher").read_text(encoding="utf-8")
    # the constraints, then the values CSV cannot carry (empty lists)
    assert all(c.rstrip(";") + ";\n" in constraints for c in constraint_statements())
    audit = store.history(str(out))
    assert [e.op for e in audit] == ["audit.export"]


def test_generate_small(runner: CliRunner, workdir: Path) -> None:
    out = workdir / "generated"
    result = runner.invoke(app, ["generate", "--scale", "small", "--seed", "7", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.csv"))
    assert "geschreven naar" in result.output


def test_serve_prints_the_url_and_where_the_demo_token_is_and_serves(initialised: Path) -> None:
    port = free_port()
    env = {**os.environ, "JBNET_DB": str(initialised), "COLUMNS": "300"}
    env.pop("NEO4J_URI", None)
    proc = subprocess.Popen([sys.executable, "-c", "from api.cli import main; main()", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60  # a bound on start-up, not a timing assertion
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None and health["status"] == "ok"
        token = (initialised.parent / "demo-admin.token").read_text(encoding="utf-8").strip()
        r = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ gemeenten { totalCount } }"},
                       headers={"Authorization": f"Bearer {token}"})
        assert r.json()["data"]["gemeenten"]["totalCount"] == cbs_gemeenten()
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/graphql" in output
    assert token not in output  # the secret never goes to the console (logs, screen shares)
    assert str(initialised.parent / "demo-admin.token") in output


def test_token_list_and_revoke(runner: CliRunner, initialised: Path, store: SQLiteStore) -> None:
    created = runner.invoke(app, ["token", "create", "--role", "professional", "--name", "Leaver"])
    raw = created.stdout.strip().splitlines()[-1]
    listed = runner.invoke(app, ["token", "list"])
    assert listed.exit_code == 0 and "Leaver" in listed.output
    assert raw not in listed.output
    token_id = next(t.token_hash[:12] for t in store.tokens() if t.name == "Leaver")
    assert runner.invoke(app, ["token", "revoke", "abc"]).exit_code == 2
    revoked = runner.invoke(app, ["token", "revoke", token_id])
    assert revoked.exit_code == 0, revoked.output
    assert authenticate(store, raw) is None


def test_cli_speaks_dutch_by_default_and_english_with_jbnet_lang(initialised: Path, workdir: Path) -> None:
    env = {"JBNET_DB": str(initialised), "NEO4J_URI": "", "COLUMNS": "200", "JBNET_SMTP_URL": "",
           "JBNET_OUTBOX": str(workdir / "outbox")}
    dutch = CliRunner(env=env).invoke(app, ["freshness", "send-requests", "--dry-run"])
    english = CliRunner(env={**env, "JBNET_LANG": "en"}).invoke(app, ["freshness", "send-requests", "--dry-run"])
    assert dutch.exit_code == 0 and english.exit_code == 0, dutch.output + english.output
    assert "Verzoeken om bij te werken, ronde" in dutch.output and "(proef, niets verstuurd)" in dutch.output
    assert "resultaat" in dutch.output and "adres(sen) onbereikbaar" in dutch.output
    assert "Update requests, round" in english.output and "(dry run)" in english.output
    assert "result" in english.output and "address(es) unreachable" in english.output
    assert "Verzoeken" not in english.output and "onbereikbaar" not in english.output


def test_the_main_commands_speak_dutch_and_english_with_lang(runner: CliRunner, initialised: Path,
                                                            workdir: Path) -> None:
    dutch = {cmd: runner.invoke(app, cmd.split()) for cmd in ("stats", "token list", "init --demo")}
    english = {cmd: runner.invoke(app, ["--lang", "en", *cmd.split()]) for cmd in dutch}
    assert all(r.exit_code == 0 for r in (*dutch.values(), *english.values()))
    assert "soort" in dutch["stats"].output and "knoop" in dutch["stats"].output
    assert "kind" in english["stats"].output and "node" in english["stats"].output
    assert "wijzigingslog: seq" not in english["stats"].output and "change log: seq" in english["stats"].output
    assert "ingetrokken" in dutch["token list"].output and "revoked" in english["token list"].output
    assert "Demo-beheerderstoken bewaard in" in dutch["init --demo"].output
    assert "Demo admin token kept in" in english["init --demo"].output
    # --lang holds for one command line only: the next one without it is Dutch again
    assert "wijzigingslog: seq" in runner.invoke(app, ["stats"]).output
    missing = runner.invoke(app, ["--lang", "en", "token", "revoke", "abcdefghij"])
    assert missing.exit_code == 2 and "no token with id 'abcdefghij'" in missing.output
    assert "geen token met id 'abcdefghij'" in runner.invoke(app, ["token", "revoke", "abcdefghij"]).output
