"""An audit trail a privacy officer can use: token creation and revocation, sign-ins, refused attempts
(401/403 with actor and operation) and exports, each with a unique actor id; ``history`` only for those
who need it; ``jbnet audit export`` and the admin page give it back by period. Real HTTP, real CLI."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.auth import hash_token
from api.cli import app
from graph.store.base import ChangeEntry
from graph.store.sqlite_store import SQLiteStore
from tests.api.conftest import Api
from tests.web.conftest import csrf_from


def today() -> str:
    """Today in UTC as the audit trail sees it now (not at import: a run may pass midnight)."""
    return dt.datetime.now(dt.UTC).date().isoformat()


def _new(api: Api, seq: int, op: str) -> list[ChangeEntry]:
    return [e for e in api.service.store.changes_since(seq) if e.op == op]


# ----------------------------------------------------------------------------------- tokens (CLI)
@pytest.fixture
def cli(tmp_path: Path) -> tuple[CliRunner, Path]:
    db = tmp_path / "jbnet.sqlite"
    SQLiteStore(db).close()
    return CliRunner(env={"JBNET_DB": str(db), "NEO4J_URI": "", "COLUMNS": "200"}), db


def test_token_creation_and_revocation_are_audited_without_the_secret(cli: tuple[CliRunner, Path]) -> None:
    runner, db = cli
    made = runner.invoke(app, ["token", "create", "--role", "governance", "--name", "Analist Gelderland"])
    assert made.exit_code == 0, made.output
    raw = made.stdout.strip().splitlines()[-1]
    token_id = hash_token(raw)[:12]
    assert runner.invoke(app, ["token", "revoke", token_id]).exit_code == 0
    store = SQLiteStore(db)
    try:
        entries = [e for e in store.changes_since(0) if e.op.startswith("audit.token")]
    finally:
        store.close()
    assert [(e.op, e.actor, e.key) for e in entries] == [
        ("audit.token.create", f"cli:{getpass.getuser()}", f"token:{token_id}"),
        ("audit.token.revoke", f"cli:{getpass.getuser()}", f"token:{token_id}")]
    assert entries[0].after == {"token_id": token_id, "name": "Analist Gelderland", "role": "governance",
                                "scope": None, "professional": None}
    assert raw not in json.dumps([e.as_dict() for e in entries])  # never the secret


# ------------------------------------------------------------------------------------ sign-ins
def test_sign_ins_and_refused_sign_ins_are_audited(api: Api) -> None:
    seq = api.service.store.last_seq()
    with httpx.Client(base_url=api.base_url, timeout=30) as client:
        form = client.get("/login")
        bad = client.post("/login", data={"token": "jbnet_not-a-token", "csrf": csrf_from(form.text), "next": "/"})
        assert bad.status_code == 401
        form = client.get("/login")
        good = client.post("/login", data={"token": api.tokens["coordinator"], "csrf": csrf_from(form.text),
                                           "next": "/"})
        assert good.status_code == 303
    [refused] = _new(api, seq, "audit.sign_in_refused")
    assert refused.actor == "anonymous" and refused.after["method"] == "token"
    assert refused.after["actor_id"] == f"token:{hash_token('jbnet_not-a-token')[:12]}"  # what was tried, not it
    assert refused.after["address"] == "127.0.0.1"
    [signed_in] = _new(api, seq, "audit.sign_in")
    assert signed_in.actor == api.actor("coordinator")
    assert signed_in.after["actor_id"] == f"token:{hash_token(api.tokens['coordinator'])[:12]}"
    assert "jbnet_not-a-token" not in json.dumps([e.as_dict() for e in api.service.store.changes_since(seq)])


# ----------------------------------------------------------------------------------- refusals
def test_refused_graphql_operations_name_actor_and_operation(api: Api) -> None:
    seq = api.service.store.last_seq()
    body = api.gql('mutation Verify { verifyContact(key: "prof-demo-0082", today: "2027-06-01") { seq } }',
                   "coordinator")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    [entry] = _new(api, seq, "audit.refused")
    assert entry.actor == api.actor("coordinator")  # role, name and the token's unique id
    assert entry.after["status"] == 403 and entry.after["operation"] == "graphql mutation Verify verifyContact"
    # the reason is kept as data (code + params), worded only where it is shown
    assert entry.after["reason"] == {"code": "access.coordinator_cannot_change",
                                     "params": {"scope": ["JZ28"], "what": "prof-demo-0082", "regions": ["JZ21"]}}


def test_unknown_token_and_refused_download_are_audited(api: Api) -> None:
    seq = api.service.store.last_seq()
    r = api.post("{ __typename }", token="jbnet_revoked-or-made-up")
    assert r.status_code == 401
    r = api.client.get("/exports/contacts/JZ21.csv", headers={"Authorization": f"Bearer {api.tokens['coordinator']}"})
    assert r.status_code == 403
    refused = _new(api, seq, "audit.refused")
    assert [(e.actor, e.after["status"], e.after["operation"]) for e in refused] == [
        ("anonymous", 401, "POST /graphql"), (api.actor("coordinator"), 403, "GET /exports/contacts/JZ21.csv")]
    assert refused[0].after["actor_id"] == f"token:{hash_token('jbnet_revoked-or-made-up')[:12]}"


def test_repeated_refusals_are_folded_not_each_written(api: Api) -> None:
    seq = api.service.store.last_seq()
    for _ in range(25):
        api.client.get("/exports/contacts/JZ01.csv", headers={"Authorization": f"Bearer {api.tokens['governance']}"})
    assert len(_new(api, seq, "audit.refused")) == 1  # a client in a loop does not fill the change log


# -------------------------------------------------------------------------------------- history
HISTORY = 'query($k: String!) { history(nodeId: $k) { op } }'


@pytest.mark.parametrize(("role", "key", "allowed"), [
    ("admin", "prof-demo-0082", True),
    ("coordinator", "prof-demo-0152", True),  # JZ28's coordinator, a JZ28 professional
    ("coordinator", "prof-demo-0082", False),  # ... not a Food Valley one
    ("professional", "prof-demo-0152", False),  # a colleague's history
    ("governance", "prof-demo-0152", False),
])
def test_history_is_for_admins_the_regions_coordinators_and_the_person(api: Api, role: str, key: str,
                                                                      allowed: bool) -> None:
    body = api.gql(HISTORY, role, {"k": key})
    if allowed:
        assert "errors" not in body and body["data"]["history"], body
    else:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


def test_a_professional_reads_their_own_history(api: Api) -> None:
    from api.auth import create_token

    own = create_token(api.service.store, role="professional", name="Eigen", professional_key="prof-demo-0152")
    r = api.post(HISTORY, own, {"k": "prof-demo-0152"})
    assert r.status_code == 200 and "errors" not in r.json() and r.json()["data"]["history"], r.text


# -------------------------------------------------------------------------------- the DPO's export
def test_audit_export_cli_by_period_as_csv_and_json(cli: tuple[CliRunner, Path], tmp_path: Path) -> None:
    runner, _ = cli
    assert runner.invoke(app, ["token", "create", "--role", "professional", "--name", "=HYPERLINK(1)"]).exit_code == 0
    out = tmp_path / "audit.csv"
    result = runner.invoke(app, ["audit", "export", "--from", today(), "--to", today(), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"regels geëxporteerd naar {out}" in result.output  # the CLI's Dutch (cli.audit.*)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    created = [r for r in rows if r["op"] == "audit.token.create"]
    assert len(created) == 1 and created[0]["actor"] == f"cli:{getpass.getuser()}"
    assert json.loads(created[0]["after"])["name"] == "=HYPERLINK(1)"  # JSON text: not a formula cell
    as_json = runner.invoke(app, ["audit", "export", "--from", today(), "--format", "json", "--only-audit"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert {"audit.token.create", "audit.export"} <= {d["op"] for d in data}  # the first export is in it
    earlier = runner.invoke(app, ["audit", "export", "--to", "2020-01-01", "--format", "json"])
    assert json.loads(earlier.stdout) == []
    english = runner.invoke(app, ["audit", "export", "--to", "2020-01-01", "--out", str(tmp_path / "none.csv")],
                            env={"JBNET_LANG": "en"})
    assert english.exit_code == 0 and "0 entries exported to " in english.output, english.output
    bad = runner.invoke(app, ["audit", "export", "--from", "gisteren"])
    assert bad.exit_code == 2 and "from 'gisteren' is geen datum: gebruik JJJJ-MM-DD" in bad.output


def test_admin_page_and_download(api: Api) -> None:
    with httpx.Client(base_url=api.base_url, timeout=30, follow_redirects=False) as client:
        form = client.get("/login")
        client.post("/login", data={"token": api.tokens["admin"], "csrf": csrf_from(form.text), "next": "/"})
        page = client.get("/beheer/audit", params={"van": today()})
        assert page.status_code == 200 and "Auditlog" in page.text and "audit.sign_in" in page.text
        download = client.get("/beheer/audit.json", params={"van": today(), "tot": today()})
        assert download.status_code == 200
        assert any(row["op"] == "audit.sign_in" for row in download.json())
    with httpx.Client(base_url=api.base_url, timeout=30, follow_redirects=False) as client:
        form = client.get("/login")
        client.post("/login", data={"token": api.tokens["coordinator"], "csrf": csrf_from(form.text), "next": "/"})
        assert client.get("/beheer/audit").status_code == 403


def test_a_refusal_the_store_cannot_record_is_kept_in_the_log(tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    # The database is gone (here: a closed SQLite store): the refusal stays a refusal, never a 500,
    # and the server log keeps what the audit trail could not (docs/privacy.md §7).
    # The coroutine runs in its own thread: a session-scoped Playwright browser (tests/web) keeps an event
    # loop running in this one, where asyncio.run would refuse to start.
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from starlette.requests import Request

    from api.audit import refused_async

    store = SQLiteStore(tmp_path / "gone.sqlite")
    store.close()
    request = Request({"type": "http", "method": "POST", "path": "/graphql", "headers": [],
                       "client": ("192.0.2.7", 5000), "app": None, "state": {}})
    with caplog.at_level("ERROR", logger="jbnet.api"), ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, refused_async(request, store, status=403,
                                               operation="graphql mutation verifyContact",
                                               reason="outside scope")).result()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "403 graphql mutation verifyContact (outside scope) from 192.0.2.7" in logged
