"""The contact index after a write equals a full rebuild — updated in place for holder-only writes."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from graph.queries.index import ContactIndex, _build, contact_index
from graph.schema import Edge, Label, Node, RelType
from graph.service import GraphService
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store

TABLES = [f.name for f in fields(ContactIndex) if f.name not in ("version", "answers", "_names")]


@pytest.fixture
def service(tmp_path: Path) -> GraphService:
    store = SQLiteStore(tmp_path / "db.sqlite")
    init_store(store, demo=True)
    return GraphService(store)


def same_as_rebuild(service: GraphService, idx: ContactIndex) -> None:
    fresh = _build(service.projection, idx.day)
    for name in TABLES:
        assert getattr(idx, name) == getattr(fresh, name), name
    assert idx.version == service.projection.version


def held_position(service: GraphService) -> tuple[str, str]:
    idx = contact_index(service.projection)
    pos, hs = next((pos, hs) for pos, hs in sorted(idx.holders.items()) if hs)
    return pos, hs[0].professional


def test_holder_only_writes_update_the_index_without_a_rebuild(service: GraphService) -> None:
    p = service.projection
    pos, prof = held_position(service)
    before = contact_index(p)
    before.answers[("x",)] = "memo"

    # Confirm the contact, make its holder inactive, and let another professional hold it as backup.
    service.write(ChangeBatch(nodes=[Node(label=Label.POSITION, key=pos, props={"last_verified": "2031-01-01"})]), "t")
    service.write(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key=prof, props={"active": False})]), "t")
    other = next(k for k in p.keys(Label.PROFESSIONAL) if k != prof)
    service.write(ChangeBatch(edges=[Edge(type=RelType.HOLDS, src=other, dst=pos, src_label=Label.PROFESSIONAL,
                                          dst_label=Label.POSITION, props={"priority": "backup", "rank": 1},
                                          valid_from="2000-01-01")]), "t")
    after = contact_index(p)
    assert after is not before and after.chain is before.chain  # updated, the coverage tables shared
    assert after.answers == {}  # memoised answers may quote the old holders
    assert prof not in {h.professional for h in after.holders[pos]}
    assert other in {h.professional for h in after.holders[pos]}
    same_as_rebuild(service, after)


def test_a_coverage_change_rebuilds(service: GraphService) -> None:
    p = service.projection
    pos, _ = held_position(service)
    before = contact_index(p)
    service.write(ChangeBatch(edges=[Edge(type=RelType.COVERS, src=pos, dst="GM0228", src_label=Label.POSITION,
                                          dst_label=Label.GEMEENTE, valid_from="2000-01-01")]), "t")
    after = contact_index(p)
    assert after.chain is not before.chain
    assert "GM0228" in after.covers[pos]
    same_as_rebuild(service, after)


def test_a_role_change_rebuilds(service: GraphService) -> None:
    p = service.projection
    pos, _ = held_position(service)
    before = contact_index(p)
    service.write(ChangeBatch(nodes=[Node(label=Label.POSITION, key=pos, props={"role": "regionale_contactpersoon"})]),
                  "t")
    after = contact_index(p)
    assert after.chain is not before.chain
    same_as_rebuild(service, after)
