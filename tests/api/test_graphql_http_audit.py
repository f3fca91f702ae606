"""GraphQL over HTTP as the spec says: the ``graphql-http`` server audit against the real app over HTTP.

The audit (npm ``graphql-http``, pinned in tools/graphql-http, installed by ``make graphql-http-deps``)
sends its ~60 requests — media types, methods, parse/validation/variable errors — to a uvicorn serving
``create_app``; every audit must pass, warnings included. Skipped without node/node_modules locally,
a failure in CI. The media-type rules themselves are checked below without node, too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.graphql.http import GRAPHQL_RESPONSE_JSON, accepts_graphql_response_json
from graph.service import GraphService
from graph.settings import Settings
from graph.store.sqlite_store import SQLiteStore
from tests.conftest import unavailable
from tests.support import serve

AUDIT_DIR = Path(__file__).resolve().parents[2] / "tools" / "graphql-http"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = SQLiteStore(tmp_path_factory.mktemp("audit") / "jbnet.sqlite")  # the audit needs no data
    settings = Settings(db_path=Path(os.devnull), poll_seconds=0.2)
    with serve(create_app(settings, GraphService(store, settings=settings))) as url:
        yield url
    store.close()


def test_graphql_http_server_audit_passes_without_warnings(base_url: str) -> None:
    node = shutil.which("node")
    if node is None:
        unavailable("node not found: the GraphQL over HTTP audit needs Node.js")
    if not (AUDIT_DIR / "node_modules" / "graphql-http").is_dir():
        unavailable(f"{AUDIT_DIR}/node_modules missing (run `make graphql-http-deps`)")
    proc = subprocess.run([str(node), str(AUDIT_DIR / "audit.mjs"), f"{base_url}/graphql"], capture_output=True,
                          text=True, timeout=300, check=False)
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    failed = [f"{r['status']} {r['id']} {r['name']}: {r['reason']}" for r in results if r["status"] != "ok"]
    assert failed == [] and proc.returncode == 0, "\n".join(failed) or proc.stderr
    assert len(results) >= 50  # the whole audit ran, not an early crash


def _post(base_url: str, query: str, accept: str | None, variables: dict[str, object] | None = None) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return httpx.post(f"{base_url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers,
                      timeout=30)


@pytest.mark.parametrize("query,variables", [
    ("{ __typename", None),  # does not parse
    ("{ noSuchField }", None),  # does not validate
    ("query($c: String!) { gemeente(code: $c) { name } }", {"c": 7}),  # variable does not coerce
])
def test_request_errors_are_400_without_data_for_the_spec_media_type(base_url: str, query: str,
                                                                     variables: dict[str, object] | None) -> None:
    spec = _post(base_url, query, GRAPHQL_RESPONSE_JSON, variables)
    assert spec.status_code == 400 and spec.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    assert "data" not in spec.json() and spec.json()["errors"]
    assert spec.json()["errors"][0]["extensions"]["code"] in ("GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED",
                                                              "BAD_USER_INPUT")
    legacy = _post(base_url, query, "application/json", variables)  # legacy clients keep 200 + data: null
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("application/json")
    assert legacy.json()["data"] is None and legacy.json()["errors"]


def test_field_errors_stay_200_with_data(base_url: str) -> None:
    # An error while executing is not a request error: the client gets 200 and the data that resolved.
    r = _post(base_url, '{ __typename gemeente(code: "GM9999") { name } }', GRAPHQL_RESPONSE_JSON)
    body = r.json()
    assert r.status_code == 200 and r.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    assert "data" in body and body["errors"][0]["path"] == ["gemeente"]


@pytest.mark.parametrize("accept,expected", [
    (None, False), ("*/*", False), ("application/json", False), (GRAPHQL_RESPONSE_JSON, True),
    (f"application/json;q=0.9, {GRAPHQL_RESPONSE_JSON}", True), (f"{GRAPHQL_RESPONSE_JSON};q=0", False),
    (f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8", True),
])
def test_accept_header_negotiation(accept: str | None, expected: bool) -> None:
    assert accepts_graphql_response_json(accept) is expected
