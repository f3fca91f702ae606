"""Two API processes on one store: read-your-write through the other process, no gap in the change log.

Each process is a real ``jbnet serve`` subprocess. Their pollers run every 30 s here, so what the
tests see can only come from the consistency header (api/consistency.py): ``X-Jbnet-Seq`` on every
answer, ``X-Jbnet-Min-Seq`` to ask a replica for at least that position.
"""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from api.auth import Role, create_token
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch, GraphStore
from tests.support import free_port, region_batch

ROOT = Path(__file__).resolve().parents[2]
JBNET = Path(sys.executable).parent / "jbnet"
LOOKUP = '{ gemeente(code: "GM0202") { jeugdhulpregio { updateRhythmMonths } } }'
RHYTHM = 'mutation($m: Int!) { setUpdateRhythm(jeugdhulpregio: "JZ28", months: $m) { updateRhythmMonths } }'
ADD = ('mutation($n: String!, $e: String!) { addProfessional(person: {name: $n, function: "jeugdbeschermer", '
       'email: $e, organisation: "org-replica-gi"}) { key } }')


def _env(store: GraphStore, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JBNET_", "NEO4J_"))}
    env |= {"JBNET_POLL_SECONDS": "30", "JBNET_SCHEDULER": "0", "JBNET_MIN_SEQ_WAIT": "1",
            "JBNET_SECRET": "replica-test-secret", "JBNET_OUTBOX": str(tmp / "outbox"),
            "JBNET_RATE_LIMIT_API": ""}
    path = getattr(store, "path", None)
    if path is not None:
        env["JBNET_DB"] = str(path)
    else:
        env |= {"NEO4J_URI": store.uri, "NEO4J_DATABASE": store.database,  # type: ignore[attr-defined]
                "NEO4J_USER": os.environ.get("NEO4J_USER", "neo4j"),
                "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", "")}
    return env


def _start(env: dict[str, str], stack: ExitStack) -> httpx.Client:
    port = free_port()
    proc = subprocess.Popen([str(JBNET), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stack.callback(lambda: (proc.terminate(), proc.wait(timeout=30)))
    client = stack.enter_context(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30))
    deadline = time.monotonic() + 120
    while True:
        try:
            if client.get("/healthz").status_code == 200:
                return client
        except httpx.TransportError:
            pass
        assert proc.poll() is None, f"jbnet serve exited: {proc.stderr.read() if proc.stderr else ''}"
        assert time.monotonic() < deadline, "jbnet serve did not start"
        time.sleep(0.2)


@pytest.fixture
def replicas(any_store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, str, httpx.Client, httpx.Client]]:
    any_store.apply(region_batch("JZ28"), "test")
    any_store.apply(ChangeBatch(
        nodes=[Node(label=Label.ORGANISATION, key="org-replica-gi", props={"name": "GI Replica", "type": "gi"})],
        edges=[Edge(type=RelType.SERVES, src="org-replica-gi", dst="GM0202", src_label=Label.ORGANISATION,
                    dst_label=Label.GEMEENTE)]), "test")
    admin = create_token(any_store, role=Role.ADMIN, name="replica test")
    env = _env(any_store, tmp_path)
    with ExitStack() as stack:
        a, b = _start(env, stack), _start(env, stack)
        yield any_store, admin, a, b


def _gql(client: httpx.Client, token: str, query: str, min_seq: int | None = None, **variables: object
         ) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if min_seq is not None:
        headers["X-Jbnet-Min-Seq"] = str(min_seq)
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def _rhythm(response: httpx.Response) -> int:
    body = response.json()
    assert "errors" not in body, body
    return int(body["data"]["gemeente"]["jeugdhulpregio"]["updateRhythmMonths"])


def test_read_your_write_through_the_other_replica(replicas: tuple[GraphStore, str, httpx.Client, httpx.Client]
                                                   ) -> None:
    store, admin, a, b = replicas
    before = _rhythm(_gql(b, admin, LOOKUP))
    wrote = _gql(a, admin, RHYTHM, m=before % 24 + 1)
    assert wrote.status_code == 200 and "errors" not in wrote.json(), wrote.text
    seq = int(wrote.headers["x-jbnet-seq"])
    assert seq == store.last_seq()  # the position that includes this write
    assert _rhythm(_gql(b, admin, LOOKUP)) == before  # B has not polled yet: without the header, stale
    seen = _gql(b, admin, LOOKUP, min_seq=seq)
    assert _rhythm(seen) == before % 24 + 1 and int(seen.headers["x-jbnet-seq"]) >= seq
    # A position nobody has written yet: a clear 503 after the wait, not a stale answer.
    ahead = _gql(b, admin, LOOKUP, min_seq=seq + 1000)
    assert ahead.status_code == 503 and ahead.headers["retry-after"]
    error = ahead.json()["errors"][0]
    assert error["extensions"] == {"code": "SEQ_NOT_REACHED", "params": {"seq": seq, "wanted": seq + 1000}}
    assert str(seq + 1000) in error["message"]
    bad = b.post("/graphql", json={"query": LOOKUP},
                 headers={"Authorization": f"Bearer {admin}", "X-Jbnet-Min-Seq": "x"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_forty_concurrent_writers_over_both_replicas_leave_no_gap(
        replicas: tuple[GraphStore, str, httpx.Client, httpx.Client]) -> None:
    store, admin, a, b = replicas
    start = store.last_seq()
    names = [f"Replica Tester {i:02d}" for i in range(40)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda i: _gql((a, b)[i % 2], admin, ADD, n=names[i],
                                              e=f"tester{i:02d}@example.org"), range(40)))
    for r in answers:
        assert r.status_code == 200 and "errors" not in r.json(), r.text
    keys = {r.json()["data"]["addProfessional"]["key"] for r in answers}
    assert len(keys) == 40
    seqs = [e.seq for e in store.changes_since(0, limit=100_000)]
    assert seqs == list(range(1, store.last_seq() + 1)), "the change log has a gap or a duplicate"
    assert store.last_seq() > start
    stored = {n.name for n in store.nodes(Label.PROFESSIONAL)}
    assert set(names) <= stored
    # Both replicas, asked for the last position, answer with all 40 and the same position.
    last = store.last_seq()
    for client in (a, b):
        r = _gql(client, admin, '{ counterparts(gemeente: "GM0202", organisationType: GI) { __typename } }',
                 min_seq=last)
        assert r.status_code == 200 and int(r.headers["x-jbnet-seq"]) == last, r.text


GENERAL_LINE = ('{ counterparts(gemeente: "GM0202", organisationType: GI) { organisationLevel { phone '
                'organisation { key name } } } }')


def _general_lines(response: httpx.Response) -> dict[str, tuple[str, str | None]]:
    body = response.json()
    assert "errors" not in body, body
    return {a["organisation"]["key"]: (a["organisation"]["name"], a["phone"])
            for a in body["data"]["counterparts"]["organisationLevel"]}


def test_an_organisation_edit_by_another_process_is_never_answered_stale(
        replicas: tuple[GraphStore, str, httpx.Client, httpx.Client]) -> None:
    """Both replicas memoised the gemeente's answer (and their response caches hold it); a third process
    corrects the organisation's phone number and name: asked for that position, each answers the new ones."""
    store, admin, a, b = replicas
    for client in (a, b):
        assert _general_lines(_gql(client, admin, GENERAL_LINE))["org-replica-gi"] == ("GI Replica", None)
    for phone, name in (("030-1234567", "GI Replica"), ("030-7654321", "GI Replica Utrecht")):
        store.apply(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key="org-replica-gi",
                                            props={"name": name, "type": "gi", "phone": phone})]), "other")
        seq = store.last_seq()
        for client in (b, a):
            seen = _gql(client, admin, GENERAL_LINE, min_seq=seq)
            assert _general_lines(seen)["org-replica-gi"] == (name, phone)
            assert _general_lines(_gql(client, admin, GENERAL_LINE))["org-replica-gi"] == (name, phone)
