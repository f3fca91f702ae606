"""API fixtures: a store with reference + demo data, served by a real uvicorn on a free loopback port.

``api`` is module-scoped and parametrised over the stores: each test module gets a fresh SQLite
file (and, where the Neo4j test server runs, a freshly wiped Neo4j) with ``jbnet init --demo`` data,
one token per role, and an HTTP client talking to the running server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.auth import Role, create_token
from graph.service import GraphService
from graph.settings import Settings
from graph.store.base import GraphStore
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.support import serve

COORDINATOR_SCOPE = "JZ28"  # Centraal Gelderland


def ok(body: dict[str, Any]) -> dict[str, Any]:
    """The data of a GraphQL answer; fails the test on any error (shown in full)."""
    assert "errors" not in body, body
    return body["data"]


@dataclass
class Api:
    """A running server plus what tests need to talk to it."""

    base_url: str
    service: GraphService
    tokens: dict[str, str]
    store_kind: str
    client: httpx.Client = field(repr=False)

    def post(self, query: str, token: str | None = None, variables: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> httpx.Response:
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = f"Bearer {token}"
        return self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=h)

    def actor(self, role: str) -> str:
        """The change-log actor of ``role``'s token: role, name and the token's unique id."""
        from api.auth import authenticate

        principal = authenticate(self.service.store, self.tokens[role])
        assert principal is not None
        return principal.actor

    def gql(self, query: str, role: str | None = None, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON body of a GraphQL request made as ``role`` (None = anonymous); HTTP 200 asserted."""
        r = self.post(query, self.tokens[role] if role else None, variables)
        assert r.status_code == 200, r.text
        return r.json()


def _store(kind: str, request: pytest.FixtureRequest, tmp: Path) -> GraphStore:
    if kind == "sqlite":
        return SQLiteStore(tmp / "jbnet.sqlite")
    store = request.getfixturevalue("_neo4j_session_store")
    store.delete_everything()  # type: ignore[attr-defined]
    return store


@pytest.fixture(scope="module", params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    kind = request.param
    store = _store(kind, request, tmp_path_factory.mktemp("api"))
    init_store(store, demo=True)
    tokens = {
        role.value: create_token(store, role=role, name=f"test {role.value}",
                                 scope=COORDINATOR_SCOPE if role is Role.COORDINATOR else None)
        for role in Role
    }
    settings = Settings(db_path=Path(os.devnull), poll_seconds=0.2)
    service = GraphService(store, settings=settings)
    with serve(create_app(settings, service)) as base_url, httpx.Client(base_url=base_url, timeout=30) as client:
        yield Api(base_url, service, tokens, kind, client)
    if kind == "sqlite":
        store.close()
