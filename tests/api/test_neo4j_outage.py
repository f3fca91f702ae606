"""Neo4j goes down mid-run (SIGKILL of the real test server) and comes back.

Before: every signed-in request waited ~33 s on the driver's retries for its token and then failed
with HTTP 500. Now reads answer from memory at normal speed, writes fail fast with 503 "database niet
bereikbaar", /healthz says degraded, and after the restart the poller catches up by itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.auth import Role, create_token
from graph.schema import Label, Node
from graph.service import GraphService
from graph.settings import Settings
from graph.store.base import ChangeBatch
from graph.store.neo4j_store import Neo4jStore
from tests.conftest import unavailable
from tests.neo4j_server import Neo4jServer, Neo4jUnavailable, missing_reason, start_neo4j
from tests.support import region_batch, serve

pytestmark = pytest.mark.neo4j

REGION = "JZ28"  # Centraal Gelderland and its gemeenten: enough graph, loaded in seconds
LOOKUP = '{ gemeente(code: "GM0202") { name jeugdhulpregio { code updateRhythmMonths } } }'
RHYTHM = 'mutation($m: Int!) { setUpdateRhythm(jeugdhulpregio: "JZ28", months: $m) { code updateRhythmMonths } }'


@dataclass
class Running:
    server: Neo4jServer
    service: GraphService
    client: httpx.Client
    admin: str

    def gql(self, query: str, token: str | None = None, **variables: object) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token or self.admin}"}
        return self.client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)

    def health(self) -> dict[str, object]:
        return dict(self.client.get("/healthz").json())

    def wait_for(self, status: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while self.health()["status"] != status:
            assert time.monotonic() < deadline, f"/healthz never said {status!r}: {self.health()}"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    reason = missing_reason()
    if reason:
        unavailable(reason)
    try:
        server = start_neo4j()  # its own server: this test kills it
    except Neo4jUnavailable as exc:
        unavailable(str(exc))
        raise
    with server:
        store = Neo4jStore(server.uri, timeout=2.0)
        store.apply(region_batch(REGION), "test")
        admin = create_token(store, role=Role.ADMIN, name="outage test")
        settings = Settings(db_path=Path(tmp_path_factory.mktemp("outage")) / "unused.sqlite", poll_seconds=0.2)
        service = GraphService(store, settings=settings)
        with serve(create_app(settings, service)) as base_url, httpx.Client(base_url=base_url, timeout=60) as client:
            yield Running(server, service, client, admin)
        store.close()


def test_reads_answer_writes_fail_fast_and_the_server_catches_up(running: Running) -> None:
    assert running.gql(RHYTHM, m=6).json()["data"]["setUpdateRhythm"]["updateRhythmMonths"] == 6
    before = running.gql(LOOKUP).json()
    assert before["data"]["gemeente"]["jeugdhulpregio"] == {"code": "JZ28", "updateRhythmMonths": 6}
    assert running.health()["status"] == "ok"
    unknown = create_token(running.service.store, role=Role.PROFESSIONAL, name="never used before the outage")

    running.server.kill()
    running.wait_for("degraded", timeout=30)
    health = running.health()
    assert health["database"] == "unreachable" and health["databaseDownSince"]

    for _ in range(5):  # lookups: same answer, no waiting on the dead database
        started = time.monotonic()
        r = running.gql(LOOKUP)
        assert time.monotonic() - started < 1.0
        assert r.status_code == 200 and r.json() == before
    started = time.monotonic()
    write = running.gql(RHYTHM, m=9)
    assert time.monotonic() - started < 1.0, "a write in an outage must fail fast"
    assert write.status_code == 503 and write.headers["retry-after"]
    error = write.json()["errors"][0]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert error["message"].startswith("database niet bereikbaar")  # Dutch by default
    # A token this process never checked cannot be checked now: 503, not 401 and not a hang.
    started = time.monotonic()
    r = running.gql(LOOKUP, token=unknown)
    assert time.monotonic() - started < 1.0 and r.status_code == 503
    assert r.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    page = running.client.get("/bestaat-niet", headers={"Accept": "text/html"})
    assert page.status_code == 404  # pages that need no database keep working

    running.server.restart()
    running.wait_for("ok", timeout=60)
    # A write made elsewhere while this process was cut off arrives by the poller, without a restart.
    other = Neo4jStore(running.server.uri)
    try:
        other.apply(ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key=REGION,
                                            props={"update_rhythm_months": 12})]), "another replica")
    finally:
        other.close()
    deadline = time.monotonic() + 10
    while running.gql(LOOKUP).json()["data"]["gemeente"]["jeugdhulpregio"]["updateRhythmMonths"] != 12:
        assert time.monotonic() < deadline, "the poller did not catch up after the restart"
        time.sleep(0.1)
    after = running.gql(RHYTHM, m=3)
    assert after.status_code == 200 and after.json()["data"]["setUpdateRhythm"]["updateRhythmMonths"] == 3
    assert running.gql(LOOKUP, token=unknown).status_code == 200
