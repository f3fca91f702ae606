"""A constructed merger of two demo gemeenten end to end: ``jbnet regions apply`` on a real SQLite file,
then GraphQL over HTTP on that file, as of both sides of the day."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from api.app import create_app
from api.auth import Role, create_token
from api.cli import app
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from tests.herindeling_support import MERGED, NEW, ON, division, write_division
from tests.support import serve

BEFORE, AFTER = "2026-12-31", "2027-01-02"


@contextmanager
def _store(db: Path) -> Iterator[SQLiteStore]:
    store = SQLiteStore(db)
    try:
        yield store
    finally:
        store.close()


def _runner(db: Path) -> CliRunner:
    return CliRunner(env={"JBNET_DB": str(db), "NEO4J_URI": "", "COLUMNS": "200"})


def _seq(db: Path) -> int:
    with _store(db) as store:
        return store.last_seq()


@dataclass
class Merged:
    db: Path
    runner: CliRunner
    file: Path
    dry_output: str
    output: str
    seq_before: int
    seq_after_dry: int


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Merged:
    work = tmp_path_factory.mktemp("herindeling")
    db = work / "jbnet.sqlite"
    runner = _runner(db)
    assert runner.invoke(app, ["init", "--demo"]).exit_code == 0
    file = write_division(work / "gemeenten_2027.csv", *division())
    seq_before = _seq(db)
    dry = runner.invoke(app, ["regions", "apply", str(file), "--on", ON, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    seq_after_dry = _seq(db)
    real = runner.invoke(app, ["regions", "apply", str(file), "--on", ON])
    assert real.exit_code == 0, real.output
    return Merged(db, runner, file, dry.output, real.output, seq_before, seq_after_dry)


@dataclass
class Client:
    http: httpx.Client
    token: str

    def gql(self, query: str, **variables: Any) -> dict[str, Any]:
        r = self.http.post("/graphql", json={"query": query, "variables": variables},
                           headers={"Authorization": f"Bearer {self.token}"})
        assert r.status_code == 200, r.text
        return r.json()

    def data(self, query: str, **variables: Any) -> dict[str, Any]:
        body = self.gql(query, **variables)
        assert "errors" not in body, body
        return body["data"]


@pytest.fixture(scope="module")
def client(merged: Merged) -> Iterator[Client]:
    store = SQLiteStore(merged.db)
    token = create_token(store, role=Role.PROFESSIONAL, name="test professional")
    settings = Settings(db_path=Path(os.devnull), poll_seconds=0.2)
    service = GraphService(store, settings=settings)
    with serve(create_app(settings, service)) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield Client(http, token)
    store.close()


def test_dry_run_prints_the_plan_and_writes_nothing(merged: Merged) -> None:
    out = merged.dry_output
    assert merged.seq_after_dry == merged.seq_before
    for text in ("eindigen op 2027-01-01", "beginnen op 2027-01-01", "gaat over van 2027-01-01",  # Dutch by default
                 "gemeenten per regio", "proef: er is niets geschreven", "GM0274", "Renkum", "GM1999 Veluwezoom",
                 "Lokaal Team Renkum"):
        assert text in out, out
    assert "JZ28" in out and "11" in out and "10" in out


def test_real_run_writes_one_transaction_and_repeats_as_nothing(merged: Merged) -> None:
    assert "toegepast" in merged.output and merged.seq_after_dry < _seq(merged.db)
    seq = _seq(merged.db)
    again = merged.runner.invoke(app, ["regions", "apply", str(merged.file), "--on", ON])
    assert again.exit_code == 0 and "niets te wijzigen" in again.output
    english = CliRunner(env={**_runner(merged.db).env, "JBNET_LANG": "en"}).invoke(
        app, ["regions", "apply", str(merged.file), "--on", ON])  # the CLI's second language (cli.regions.*)
    assert english.exit_code == 0
    assert f"The division equals the current one on {ON}: nothing to change." in english.output
    assert _seq(merged.db) == seq
    with _store(merged.db) as store:
        actors = {e.actor for e in store.changes_since(merged.seq_before)}
    assert actors == {f"jbnet regions apply {merged.file.name} --on {ON}"}  # one write, one actor


GEMEENTE = """query($code: String!, $on: Date) { gemeente(code: $code, on: $on) {
    code name validFrom validTo jeugdhulpregio { code } subregios { code } voorgangers { code name }
    opgegaanIn { per chain successor { code name jeugdhulpregio { code } } message { code params message } } } }"""
COUNT = """query($on: Date) { jeugdhulpregio(code: "JZ28") { gemeenten(on: $on) { totalCount } }
    provincie: gemeenten(filter: {provincie: "PV25"}, on: $on) { totalCount }
    all: gemeenten(on: $on) { totalCount } }"""
COUNTERPARTS = """query($g: String!, $t: OrganisationKind!, $on: Date) {
    counterparts(gemeente: $g, organisationType: $t, on: $on) { coveredAt
      contacts { priority reason position { key } professional { name } } } }"""


def test_before_the_day_answers_are_as_today(client: Client) -> None:
    g = client.data(GEMEENTE, code="GM0274", on=BEFORE)["gemeente"]
    assert (g["name"], g["validTo"], g["opgegaanIn"], g["jeugdhulpregio"]) == ("Renkum", ON, None, {"code": "JZ28"})
    counts = client.data(COUNT, on=BEFORE)
    assert counts["jeugdhulpregio"]["gemeenten"]["totalCount"] == 11
    assert counts["provincie"]["totalCount"] == 51 and counts["all"]["totalCount"] == 342
    body = client.gql(GEMEENTE, code=NEW, on=BEFORE)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["extensions"]["params"]["starts"] == ON
    lt = client.data(COUNTERPARTS, g="GM0274", t="LOKAAL_TEAM", on=BEFORE)["counterparts"]
    assert {c["position"]["key"] for c in lt["contacts"]} == {"pos-lt-renkum"}


def test_from_the_day_the_new_code_answers_and_old_codes_name_it(client: Client) -> None:
    g = client.data(GEMEENTE, code=NEW, on=AFTER)["gemeente"]
    assert (g["name"], g["validFrom"], g["jeugdhulpregio"]) == ("Veluwezoom", ON, {"code": "JZ28"})
    assert g["subregios"] == [{"code": "SR-JZ28-veluwezoom-en-wageningen"}]
    assert [v["code"] for v in g["voorgangers"]] == list(MERGED)
    old = client.data(GEMEENTE, code="GM0275", on=AFTER)["gemeente"]
    assert old["jeugdhulpregio"] is None
    o = old["opgegaanIn"]
    assert (o["per"], o["successor"]["code"], o["successor"]["name"]) == (ON, NEW, "Veluwezoom")
    assert o["successor"]["jeugdhulpregio"] == {"code": "JZ28"}
    assert o["message"] == {"code": "gemeente.opgegaan_in", "params": {
        "gemeente": "GM0275", "name": "Rheden", "per": ON, "successor": NEW, "successor_name": "Veluwezoom",
        "chain": [NEW]}, "message": "Rheden (GM0275) is per 1 januari 2027 opgegaan in Veluwezoom (GM1999)"}
    counts = client.data(COUNT, on=AFTER)
    assert counts["jeugdhulpregio"]["gemeenten"]["totalCount"] == 10
    assert counts["provincie"]["totalCount"] == 50 and counts["all"]["totalCount"] == 341


def test_lookups_of_an_old_code_answer_opgegaan_in(client: Client) -> None:
    for query in (COUNTERPARTS, """query($g: String!, $on: Date) { regionServices(gemeente: $g, on: $on) {
                    aanmeldroute } }""", """query($g: String!, $on: Date) { lokaalTeam(gemeente: $g, on: $on) {
                    note } }"""):
        body = client.gql(query, g="GM0274", t="GI", on=AFTER) if "$t" in query else client.gql(query, g="GM0274",
                                                                                                on=AFTER)
        ext = body["errors"][0]["extensions"]
        assert ext["code"] == "OPGEGAAN_IN" and ext["messageCode"] == "gemeente.opgegaan_in", body
        assert body["errors"][0]["message"] == "Renkum (GM0274) is per 1 januari 2027 opgegaan in Veluwezoom (GM1999)"
        assert ext["successor"] == {"code": NEW, "name": "Veluwezoom"} and ext["params"]["per"] == ON
        assert body["data"] is None


def test_counterparts_of_the_successor_include_the_carried_positions(client: Client) -> None:
    lt = client.data(COUNTERPARTS, g=NEW, t="LOKAAL_TEAM", on=AFTER)["counterparts"]
    assert {c["position"]["key"] for c in lt["contacts"]} == {"pos-lt-renkum", "pos-lt-rheden"}
    assert all(c["reason"] == "Werkt rechtstreeks voor Veluwezoom." for c in lt["contacts"])
    assert all(c["professional"] for c in lt["contacts"])
    before = client.data(COUNTERPARTS, g="GM0274", t="GI", on=BEFORE)["counterparts"]
    after = client.data(COUNTERPARTS, g=NEW, t="GI", on=AFTER)["counterparts"]
    assert after["coveredAt"] == before["coveredAt"] == "SUBREGIO"
    assert [c["position"]["key"] for c in after["contacts"]] == [c["position"]["key"] for c in before["contacts"]]


BAD_CASES = ["unknown column", "two regions", "voorganger unknown", "ambiguous successor", "date before",
             "not utf-8"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_names_the_row_and_writes_nothing(merged: Merged, tmp_path: Path, case: str) -> None:
    header, rows = division(drop=[*MERGED, "GM0289"], add=[{"gemeente_code": "GM1998", "gemeente_naam": "Zoom"}])
    on, expect = "2029-01-01", ""
    if case == "unknown column":
        header, rows = division(drop=[*MERGED, "GM0289"], add=[{"gemeente_code": "GM1998"}],
                                extra={"opmerking": ""})
        expect = "1 herindeling.unknown_column Onbekende kolom 'opmerking'"
    elif case == "two regions":
        rows.append({**rows[-1], "veiligheidsregio_code": "VR06"})
        expect = (f"GM1998 ligt in twee regio's van het soort veiligheidsregio (VR07 en VR06), op de rijen "
                  f"{len(rows)} en {len(rows) + 1}.")
    elif case == "voorganger unknown":
        header = [*header, "voorgangers"]
        rows = [{**r, "voorgangers": ""} for r in rows]
        rows[-1]["voorgangers"] = f"{NEW};GM0289;GM9997"
        expect = f"{len(rows) + 1} herindeling.unknown_voorganger Voorganger GM9997 van GM1998 bestaat niet."
    elif case == "ambiguous successor":
        rows.append({**rows[-1], "gemeente_code": "GM1997", "gemeente_naam": "Wageningen-Zoom"})
        expect = "Wageningen (GM0289) verdwijnt en JZ28 heeft meer nieuwe gemeenten (GM1997 en GM1998)"
    elif case == "date before":
        on = "2026-06-01"
        expect = "1 juni 2026 ligt vóór de laatste wijziging van de indeling (1 januari 2027)"
    else:
        expect = "herindeling.unreadable Het bestand is geen leesbare CSV (not UTF-8"
    file = write_division(tmp_path / "bad.csv", header, rows)
    if case == "not utf-8":  # saved by a spreadsheet in Windows-1252
        file.write_bytes(file.read_text(encoding="utf-8").encode("cp1252"))  # "Fryslân" is not UTF-8 then
    seq = _seq(merged.db)
    result = merged.runner.invoke(app, ["regions", "apply", str(file), "--on", on])
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.replace("│", " ").split())  # the table's cells, in reading order
    assert "er is niets geschreven" in flat and " ".join(expect.split()) in flat, result.output
    assert _seq(merged.db) == seq
