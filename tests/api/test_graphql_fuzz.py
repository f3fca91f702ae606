"""A bounded fuzz of the GraphQL endpoint: documents generated from the introspected schema
(hypothesis-graphql), sent over real HTTP to the real app on the demo data, as an admin (past every
permission check) and anonymously. Whatever the input, the answer is never a 5xx and never an
unexpected (masked) error: bad input is a GraphQL error with a code.

Bounded and reproducible: a fixed number of examples, derandomised (the same documents every run), no
example database; about a minute on two cores.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from hypothesis_graphql import strategies as gql

from api.app import create_app
from api.auth import Role, create_token
from api.graphql.schema import build_schema
from graph.service import GraphService
from graph.settings import Settings
from tests.support import open_demo_service, serve

EXAMPLES = int(os.environ.get("JBNET_FUZZ_EXAMPLES", "100"))  # per strategy; a few minutes at most in total
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])
_SETTINGS = Settings(db_path=Path(os.devnull), poll_seconds=0.5, rate_limit_api="", rate_limit_sign_in="")
SDL = str(build_schema(_SETTINGS))
# Keys that exist in the demo data, so documents reach past "not found" into the domain logic.
_KEYS = st.sampled_from(["GM0228", "GM0202", "JZ21", "JZ28", "VR07", "PV25", "prof-demo-0082", "prof-demo-0152",
                         "pos-lt-arnhem", "org-lt-arnhem", "SR-JZ28-arnhem", "mtg-2030-jz28-arnhem-1"])
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "Date": st.one_of(st.dates().map(lambda d: nodes.String(d.isoformat())), st.text(max_size=12).map(nodes.String)),
    "JSON": st.one_of(st.none().map(lambda _: nodes.Null), st.integers().map(nodes.Int),
                      st.text(max_size=20).map(nodes.String), _KEYS.map(nodes.String)),
}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    service = open_demo_service(tmp_path_factory.mktemp("fuzz") / "jbnet.sqlite")
    tokens = {"admin": create_token(service.store, role=Role.ADMIN, name="fuzz admin"),
              "coordinator": create_token(service.store, role=Role.COORDINATOR, scope="JZ28", name="fuzz coord")}
    svc = GraphService(service.store, settings=_SETTINGS)
    with serve(create_app(_SETTINGS, svc)) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client, tokens
    service.store.close()


def _send(endpoint: tuple[httpx.Client, dict[str, str]], document: str, role: str | None) -> None:
    client, tokens = endpoint
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    r = client.post("/graphql", json={"query": document}, headers=headers)
    assert r.status_code < 500, (r.status_code, document, r.text[:500])
    body = r.json()
    # A resolver that raised something unexpected is masked as "Unexpected error." (INTERNAL_SERVER_ERROR):
    # a 500 in all but the status line.
    unexpected = [e for e in body.get("errors") or [] if e.get("message") == "Unexpected error."
                  or (e.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR"]
    assert not unexpected, (document, unexpected)


@FUZZ
@given(document=gql.queries(SDL, custom_scalars=SCALARS), role=st.sampled_from(["admin", None]))
def test_generated_queries_never_fail_the_server(endpoint: tuple[httpx.Client, dict[str, str]], document: str,
                                                 role: str | None) -> None:
    _send(endpoint, document, role)


@FUZZ
@given(document=gql.mutations(SDL, custom_scalars=SCALARS), role=st.sampled_from(["admin", "coordinator"]))
def test_generated_mutations_never_fail_the_server(endpoint: tuple[httpx.Client, dict[str, str]], document: str,
                                                   role: str) -> None:
    _send(endpoint, document, role)


@FUZZ
@given(document=gql.from_schema(SDL, custom_scalars=SCALARS, mode=gql.Mode.NEGATIVE))
def test_invalid_documents_are_refused_not_crashed_on(endpoint: tuple[httpx.Client, dict[str, str]],
                                                      document: str) -> None:
    _send(endpoint, document, "admin")


@FUZZ
@given(body=st.one_of(st.binary(max_size=300), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
        ["query", "variables", "operationName", "extensions", "x"]), inner, max_size=4), max_leaves=12)
    .map(lambda v: json.dumps(v).encode())))
def test_arbitrary_request_bodies_are_client_errors(endpoint: tuple[httpx.Client, dict[str, str]],
                                                    body: bytes) -> None:
    client, _ = endpoint
    r = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert r.status_code < 500, (r.status_code, body, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.headers  # GraphQL-shaped, not text
