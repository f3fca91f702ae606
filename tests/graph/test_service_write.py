"""``GraphService.write``: after a write the projection is exactly what a fresh build from the store gives.

A write whose entries follow on what the projection has is applied from the entries it returned (no read
back); after another writer's entries the projection reads the log and so gets those too.
"""

from __future__ import annotations

from typing import Any

from graph.projection import Projection
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch, EdgeClose, GraphStore


def _graph(p: Projection) -> tuple[Any, ...]:
    nodes = sorted((k, sorted(d.items())) for k, d in p.g.nodes(data=True))
    edges = sorted((s, t, k, sorted(d.items())) for s, t, k, d in p.g.edges(keys=True, data=True))
    return p.seq, nodes, edges


def _edge(src: str, dst: str, **kw: Any) -> Edge:
    return Edge(type=RelType.IN_PROVINCIE, src=src, dst=dst, src_label=Label.GEMEENTE, dst_label=Label.PROVINCIE,
                **kw)


def test_the_projection_after_a_write_is_the_store(any_store: GraphStore) -> None:
    a, b = GraphService(any_store), GraphService(any_store)
    a.write(ChangeBatch(nodes=[Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"}),
                               Node(label=Label.GEMEENTE, key="GM0202", props={"name": "Arnhem", "inwoners": 1})],
                        edges=[_edge("GM0202", "PV25", valid_from="2020-01-01")]), "a")
    assert _graph(a.projection) == _graph(Projection.build(any_store))  # its own entries, nothing before them
    # b has seen nothing yet: its write follows a's, so it reads the log and gets a's write as well
    b.write(ChangeBatch(nodes=[Node(label=Label.GEMEENTE, key="GM0228", props={"name": "Ede"})],
                        edges=[_edge("GM0228", "PV25")]), "b")
    assert _graph(b.projection) == _graph(Projection.build(any_store))
    # a is behind b now: its next write brings b's too
    a.write(ChangeBatch(nodes=[Node(label=Label.GEMEENTE, key="GM0202", props={"name": "Arnhem (Gld)"})],
                        closes=[EdgeClose("GM0228|IN_PROVINCIE|PV25", "2026-01-01")], replace=True), "a")
    assert _graph(a.projection) == _graph(Projection.build(any_store))
    a.write(ChangeBatch(nodes=[Node(label=Label.GEMEENTE, key="GM0202", props={"name": "Arnhem (Gld)"})]), "a")
    assert _graph(a.projection) == _graph(Projection.build(any_store)) == _graph(GraphService(any_store).projection)
    assert a.projection.seq == any_store.last_seq() == 7
