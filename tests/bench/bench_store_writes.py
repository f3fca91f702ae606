"""Store write speed, the same work on SQLite and Neo4j in one run: demo load and single API writes.

An API write is ``GraphService.write``: one ``ChangeBatch`` applied in its own transaction, then the
projection reads the change log back. Two kinds, as the web pages and GraphQL mutations make them:
a contact confirmed (one node update) and a new professional at a position (a node and an edge
created). Each kind's first write is reported apart: it pays for plans the server has not made yet.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch, GraphStore
from tests.bench.harness import FIGURES, record

WRITES = 30  # per kind


def demo_load(section: str, store: GraphStore) -> None:
    """``jbnet init --demo`` into an empty store."""
    from loaders.init import init_store

    t0 = time.perf_counter()
    init_store(store, demo=True, actor="bench")
    record(section, "demo load (jbnet init --demo)", time.perf_counter() - t0, "s")


def _timed(write: Callable[[int], None]) -> tuple[float, float]:
    """First call and median of the following ones, in ms."""
    times = []
    for i in range(WRITES + 1):
        t0 = time.perf_counter()
        write(i)
        times.append((time.perf_counter() - t0) * 1000)
    return times[0], statistics.median(times[1:])


def api_writes(section: str, store: GraphStore) -> None:
    """Single writes through ``GraphService.write`` on the demo data (the store is left changed)."""
    service = GraphService(store)
    positions = sorted(service.projection.keys(Label.POSITION))[: WRITES + 1]
    stamp = time.strftime("%Y%m%d%H%M%S")

    def confirm(i: int) -> None:
        batch = ChangeBatch(
            nodes=[
                Node(
                    label=Label.POSITION,
                    key=positions[i],
                    props={"last_verified": f"2026-01-{1 + i % 28:02d}", "bench": stamp},
                )
            ]
        )
        assert service.write(batch, "bench")

    def new_professional(i: int) -> None:
        key = f"bench-{stamp}-{i}"
        batch = ChangeBatch(
            nodes=[Node(label=Label.PROFESSIONAL, key=key, props={"name": f"Bench {i}"})],
            edges=[
                Edge(
                    type=RelType.HOLDS,
                    src=key,
                    dst=positions[i],
                    src_label=Label.PROFESSIONAL,
                    dst_label=Label.POSITION,
                )
            ],
        )
        assert service.write(batch, "bench")

    for kind, fn in (("confirm a contact", confirm), ("new professional at a position", new_professional)):
        first, p50 = _timed(fn)
        record(section, f"API write, {kind}: first", first, "ms")
        record(section, f"API write, {kind}: p50", p50, "ms", target=50 if section == "neo4j" else None)


VERIFY = "mutation V($k: String!) { verifyContact(key: $k) { seq } }"


def api_writes_http(section: str, store: GraphStore, env: dict[str, str]) -> None:
    """``verifyContact`` over HTTP against ``jbnet serve``'s app on this store: what a coordinator waits for."""
    import httpx

    from api.auth import create_token
    from tests.bench.sections import api_server

    token = create_token(store, role="admin", name="bench-writer")
    positions = sorted(n.key for n in store.nodes(Label.POSITION))[-(WRITES + 1) :]  # not written to above
    with (
        api_server(env) as (url, _pid),
        httpx.Client(base_url=url, timeout=30, headers={"Authorization": f"Bearer {token}"}) as client,
    ):

        def verify(i: int) -> None:
            res = client.post("/graphql", json={"query": VERIFY, "variables": {"k": positions[i]}})
            assert res.status_code == 200 and not res.json().get("errors") and res.json()["data"]["verifyContact"]

        first, p50 = _timed(verify)
    record(section, "API write over HTTP (verifyContact): first", first, "ms")
    record(section, "API write over HTTP (verifyContact): p50", p50, "ms", target=50 if section == "neo4j" else None)


def _value(section: str, name: str) -> float | None:
    return next((f.value for f in FIGURES if f.section == section and f.name == name), None)


# Issue #12's targets: Neo4j as a multiple of SQLite on the same data in the same run.
RATIOS = (
    ("demo load (jbnet init --demo)", 3.0),
    ("API write over HTTP (verifyContact): p50", 3.0),
    ("API write, confirm a contact: p50", 3.0),
    ("API write, new professional at a position: p50", 3.0),
    ("import national workbook", 2.0),
    ("cold start (projection from store)", 1.5),
)


def ratio_rows() -> None:
    for name, target in RATIOS:
        sqlite, neo4j = _value("sqlite", name), _value("neo4j", name)
        if sqlite and neo4j is not None:
            record("neo4j / sqlite", name, neo4j / sqlite, "×", target=target)
