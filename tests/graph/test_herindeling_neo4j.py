"""The herindeling through the store contract on the real Neo4j server: same plan, same as-of answers."""

from __future__ import annotations

import pytest

from graph.projection import Projection
from graph.queries import herindeling as qh
from graph.queries.contacts import counterparts
from graph.queries.regions import gemeenten_in, regions_of
from graph.store.base import GraphStore
from loaders.init import init_store
from tests.herindeling_support import MERGED, NEW, ON, division

pytestmark = pytest.mark.neo4j


def test_merger_applies_in_neo4j_like_in_sqlite(neo4j_store: GraphStore, sqlite_store: GraphStore) -> None:
    plans = {}
    for name, store in (("neo4j", neo4j_store), ("sqlite", sqlite_store)):
        init_store(store, demo=True)
        plan = qh.plan_division(store, *division(), ON)
        assert qh.apply_division(store, plan, "test") == len(plan.batch)
        plans[name] = plan
    assert plans["neo4j"].batch == plans["sqlite"].batch  # the plan reads the same from both stores
    p = Projection.build(neo4j_store)
    assert len(gemeenten_in(p, "JZ28", "2026-12-31")) == 11 and len(gemeenten_in(p, "JZ28", ON)) == 10
    assert regions_of(p, NEW, ON).subregios == ("SR-JZ28-veluwezoom-en-wageningen",)
    assert {c.position.key for c in counterparts(p, NEW, "lokaal_team", on=ON).contacts} == {
        "pos-lt-renkum", "pos-lt-rheden"}
    for old in MERGED:
        s = qh.succession(p, old, ON)
        assert s is not None and s.successor == NEW
    seq = neo4j_store.last_seq()
    again = qh.plan_division(neo4j_store, *division(), ON)
    assert again.empty and neo4j_store.last_seq() == seq
