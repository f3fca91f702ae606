"""Root fixtures: the stores behind the contract (a real SQLite file and a real Neo4j 5.26 server).

``neo4j_uri`` uses ``NEO4J_URI`` when set, else starts the test server of ``tests/neo4j`` once per
session. Without Java or the built server the Neo4j tests are skipped with the reason, except in
CI (``CI`` set), where Neo4j must run and its absence fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.base import GraphStore
from graph.store.sqlite_store import SQLiteStore
from tests.mail_server import smtp_server  # noqa: F401  (the loopback SMTP server fixture, for every package)
from tests.neo4j_server import Neo4jUnavailable, missing_reason, start_neo4j


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: CI must exercise every store and tool."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is an error rather than a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _cli_language_of_one_test() -> Iterator[None]:
    """``jbnet --lang en`` sets the process's CLI language until the next command line; in one test process the
    next "command line" may be a direct call (``print_plan``), which would then speak English: reset it."""
    yield
    from api import i18n

    i18n.set_cli_locale(None)


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    reason = missing_reason()
    if reason:
        unavailable(reason)
    try:
        server = start_neo4j()
    except Neo4jUnavailable as exc:
        unavailable(str(exc))
        raise
    with server:
        yield server.uri


@pytest.fixture(scope="session")
def _neo4j_session_store(neo4j_uri: str) -> Iterator[GraphStore]:
    from graph.store.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
                       database=os.environ.get("NEO4J_DATABASE", "neo4j"))
    yield store
    store.close()


@pytest.fixture
def neo4j_store(_neo4j_session_store: GraphStore) -> GraphStore:
    """A fresh, empty Neo4jStore (domain graph, change log and tokens wiped before the test)."""
    store = _neo4j_session_store
    store.delete_everything()  # type: ignore[attr-defined]
    return store


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    store = SQLiteStore(tmp_path / "jbnet.sqlite")
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "neo4j"])
def any_store(request: pytest.FixtureRequest) -> GraphStore:
    """Each store in turn, so one contract suite runs against both."""
    if request.param == "neo4j":
        request.applymarker(pytest.mark.neo4j)
    return request.getfixturevalue(f"{request.param}_store")
