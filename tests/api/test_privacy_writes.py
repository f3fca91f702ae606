"""Every write path refuses child identifiers with the field and rule named, and writes nothing:
GraphQL mutations (over HTTP), the CLI (typer on a real SQLite file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.sqlite_store import SQLiteStore
from loaders.example import EXAMPLE_ROWS
from loaders.workbook_writer import write_workbook
from tests.api.conftest import Api

CREATE = """mutation($input: MeetingInput!) { createMeeting(input: $input) { key } }"""
REPORT = """mutation($k: String!, $r: String!) { reportIncorrectContact(key: $k, remark: $r) { id } }"""


def _refused(api: Api, query: str, role: str, **variables: object) -> dict[str, object]:
    seq = api.service.store.last_seq()
    body = api.gql(query, role, variables)
    assert body.get("errors"), body
    assert api.service.store.last_seq() == seq  # nothing written, not even the change log
    error = body["errors"][0]
    assert " geweigerd, " in error["message"]  # rendered in the request's language (Dutch by default)
    return error["extensions"]


@pytest.mark.parametrize("extra,field,rule", [
    ({"name": "Overleg over kind geboren 12-03-2015"}, "name", "birth_date"),
    ({"name": "Overleg BSN 1112.22.333"}, "name", "bsn"),
    ({"name": "Overleg", "place": "Kerkstraat 12, bsn 111222333"}, "place", "bsn"),
])
def test_create_meeting_refuses_child_data(api: Api, extra: dict[str, str], field: str, rule: str) -> None:
    ext = _refused(api, CREATE, "admin", input={"region": "JZ28", "date": "2026-10-01", **extra})
    assert ext["code"] == "BAD_USER_INPUT" and ext["messageCode"] == f"privacy.{rule}"
    assert ext["params"] == {"field": field, "rule": rule, "where": "Meeting"}


def test_a_meeting_at_a_venue_address_is_fine(api: Api) -> None:
    body = api.gql(CREATE, "admin", {"input": {"region": "JZ28", "date": "2026-10-02",
                                               "place": "Stadhuis, Markt 1, 6811 AB Arnhem"}})
    assert "errors" not in body, body


@pytest.mark.parametrize("remark,rule", [
    ("kind van deze moeder heeft bsn 111222333", "bsn"),
    ("betreft kind geboren 12-03-2015", "birth_date"),
    ("woont nu Dorpsweg 3, 6711 AA Ede", "address"),
])
def test_report_remark_refuses_child_data(api: Api, remark: str, rule: str) -> None:
    ext = _refused(api, REPORT, "professional", k="prof-demo-0308", r=remark)
    assert ext["messageCode"] == f"privacy.{rule}" and ext["params"]["field"] == "remark"  # type: ignore[index]


def test_cli_refuses_child_data_and_writes_nothing(tmp_path: Path) -> None:
    runner = CliRunner(env={"JBNET_DB": str(tmp_path / "jbnet.sqlite"), "NEO4J_URI": "", "COLUMNS": "200"})
    assert runner.invoke(app, ["init"]).exit_code == 0
    store = SQLiteStore(tmp_path / "jbnet.sqlite")
    seq, tokens = store.last_seq(), len(store.tokens())
    # A workbook whose body note names a child's birth date: the row and column are named.
    rows = {k: [dict(r) for r in v] for k, v in EXAMPLE_ROWS.items()}
    rows["organen"][0]["notitie"] = "casus: meisje geb. 14-11-2010"
    book = write_workbook(tmp_path / "werkmap", rows)
    result = runner.invoke(app, ["import", str(book)])
    assert result.exit_code == 1, result.output
    # the Dutch CLI words the row's reason in Dutch (privacy.reason.birth_date; it was English before)
    assert "organen.csv" in result.output and "notitie" in result.output and "geboortedatum" in result.output
    # A token name carrying a BSN.
    result = runner.invoke(app, ["token", "create", "--role", "admin", "--name", "voor kind 111222333"])
    assert result.exit_code == 1 and "geweigerd" in result.output and "privacy.bsn" in result.output
    assert store.last_seq() == seq and len(store.tokens()) == tokens
    store.close()
