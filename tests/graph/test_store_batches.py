"""Many batches on the same keys in one ``apply_many``: every store logs and ends the same.

Neo4jStore reads the state of all keys once and writes only each key's final state; these tests pin
that a later batch still sees every earlier one (creates, updates, closes, a reopened relationship).
"""

from __future__ import annotations

import pytest

from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch, EdgeClose, GraphStore, StoreError

KEY = "GM0228|IN_PROVINCIE|PV25"


def _edge(**kw: object) -> Edge:
    return Edge(
        type=RelType.IN_PROVINCIE, src="GM0228", dst="PV25", src_label=Label.GEMEENTE, dst_label=Label.PROVINCIE, **kw
    )  # type: ignore[arg-type]


def _batches() -> list[ChangeBatch]:
    ede = Node(label=Label.GEMEENTE, key="GM0228", props={"name": "Ede"})
    return [
        ChangeBatch(
            nodes=[Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"}), ede],
            edges=[_edge(valid_from="2020-01-01")],
        ),
        ChangeBatch(
            nodes=[Node(label=Label.GEMEENTE, key="GM0228", props={"inwoners": 120_000})],
            closes=[EdgeClose(KEY, "2024-12-31")],
        ),
        ChangeBatch(closes=[EdgeClose(KEY, "2024-12-31")]),  # the same close again: no change
        ChangeBatch(edges=[_edge(valid_from="2020-01-01", props={"note": "heropend"})]),
        ChangeBatch(closes=[EdgeClose(KEY, "2025-06-30")]),
        ChangeBatch(nodes=[ede]),  # a subset of what is there: no change
        ChangeBatch(nodes=[Node(label=Label.GEMEENTE, key="GM0228", props={"name": "Ede (Gld)"})], replace=True),
    ]


def test_later_batches_see_every_earlier_change(any_store: GraphStore) -> None:
    assert any_store.apply_many(_batches(), "import") == 8
    log = any_store.changes_since(0)
    assert [(e.op, e.key) for e in log] == [
        ("node.create", "PV25"),
        ("node.create", "GM0228"),
        ("edge.create", KEY),
        ("node.update", "GM0228"),
        ("edge.close", KEY),
        ("edge.update", KEY),
        ("edge.close", KEY),
        ("node.update", "GM0228"),
    ]
    assert [e.seq for e in log] == list(range(1, 9))
    assert log[3].after == {"label": "Gemeente", "name": "Ede", "inwoners": 120_000}
    assert (log[5].before or {})["valid_to"] == "2024-12-31" and (log[5].after or {})["valid_to"] is None
    assert log[7].before == log[3].after and log[7].after == {"label": "Gemeente", "name": "Ede (Gld)"}
    node = any_store.get_node("GM0228")
    assert node is not None and node.props == {"name": "Ede (Gld)"}
    edge = any_store.get_edge(KEY)
    assert edge is not None
    assert (edge.props, edge.valid_from, edge.valid_to) == ({"note": "heropend"}, "2020-01-01", "2025-06-30")
    # Reopened and closed again; the merge renames Ede back, the replace renames it once more.
    assert any_store.apply_many(_batches()[3:], "again") == 4
    assert [e.op for e in any_store.changes_since(8)] == ["edge.update", "edge.close", "node.update", "node.update"]


def test_a_refused_later_batch_writes_nothing_of_the_earlier_ones(any_store: GraphStore) -> None:
    batches = [*_batches()[:2], ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key="GM0228", props={})])]
    with pytest.raises(StoreError):
        any_store.apply_many(batches, "import")
    assert any_store.last_seq() == 0 and any_store.get_node("PV25") is None


@pytest.mark.neo4j
def test_ensure_schema_creates_what_is_missing(neo4j_store: GraphStore) -> None:
    from graph.store import cypher
    from graph.store.neo4j_store import Neo4jStore

    assert isinstance(neo4j_store, Neo4jStore)

    def names() -> set[str]:
        with neo4j_store._session() as session:
            return session.execute_read(
                lambda tx: (
                    {r["name"] for r in tx.run(cypher.SHOW_INDEXES)}
                    | {r["name"] for r in tx.run(cypher.SHOW_CONSTRAINTS)}
                )
            )

    wanted = set(cypher.schema_names())
    assert wanted <= names()
    with neo4j_store._session() as session:
        session.run("DROP CONSTRAINT node_key_Case").consume()
        session.run("DROP INDEX changelog_key").consume()
    assert not {"node_key_Case", "changelog_key"} & names()
    neo4j_store.ensure_schema()
    assert wanted <= names()


def _recorded_statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the statements Neo4j transactions run from now on, in order."""
    import neo4j

    statements: list[str] = []
    run = neo4j.ManagedTransaction.run

    def counted(self: neo4j.ManagedTransaction, query: str, *args: object, **kwargs: object) -> neo4j.Result:
        statements.append(query)
        return run(self, query, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(neo4j.ManagedTransaction, "run", counted)
    return statements


def _many_gemeenten(n: int, rename: str = "") -> ChangeBatch:
    """A write large enough (> 200 keys) for Neo4jStore to ask first whether the domain is empty."""
    gemeenten = [Node(label=Label.GEMEENTE, key=f"GM{i:04d}", props={"name": f"Gemeente {i}"}) for i in range(n)]
    if rename:
        gemeenten[0] = Node(label=Label.GEMEENTE, key="GM0000", props={"name": rename})
    edges = [
        Edge(type=RelType.IN_PROVINCIE, src=g.key, dst="PV25", src_label=Label.GEMEENTE, dst_label=Label.PROVINCIE)
        for g in gemeenten
    ]
    return ChangeBatch(
        nodes=[Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"}), *gemeenten], edges=edges
    )


def test_a_large_write_diffs_against_what_is_there(any_store: GraphStore) -> None:
    assert any_store.apply_many([_many_gemeenten(150)], "first load") == 301  # into an empty domain
    assert any_store.apply_many([_many_gemeenten(150)], "again") == 0  # everything is there already
    assert any_store.apply_many([_many_gemeenten(150, rename="Ede")], "again") == 1
    assert [(e.op, e.key) for e in any_store.changes_since(301)] == [("node.update", "GM0000")]
    assert sum(1 for _ in any_store.nodes(Label.GEMEENTE)) == 150


def test_a_large_write_into_a_domain_without_relationships_still_checks_labels(any_store: GraphStore) -> None:
    # One domain node and no relationships (the change log and its counter are there too, not counted).
    any_store.apply(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key="GM0007", props={"name": "Org"})]), "x")
    with pytest.raises(StoreError):
        any_store.apply_many([_many_gemeenten(150)], "load")
    assert any_store.get_node("GM0000") is None


@pytest.mark.neo4j
def test_a_large_write_reads_a_smaller_domain_whole_and_seeks_its_keys_in_a_larger_one(
        neo4j_store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first import after the reference data names far more keys than the domain holds: the domain is read
    whole (one scan per label and type) instead of each key sought in every label; a write smaller than the
    domain still seeks its keys. Either way the diff is the same."""

    from graph.store import cypher

    statements = _recorded_statements(monkeypatch)
    reads = (cypher.NODE_STATE_ALL, cypher.EDGE_STATE_ALL, cypher.NODE_STATE_ANY, cypher.EDGE_STATE_ANY)
    assert neo4j_store.apply_many([_many_gemeenten(150)], "first load") == 301
    assert not set(reads) & set(statements)  # an empty domain: nothing to read
    statements.clear()
    assert neo4j_store.apply_many([_many_gemeenten(150, rename="Ede")], "again") == 1  # 151 nodes, 301 keys
    assert [s for s in statements if s in reads] == [cypher.NODE_STATE_ALL, cypher.EDGE_STATE_ALL]
    statements.clear()
    assert neo4j_store.apply_many([_many_gemeenten(101, rename="Ede (Gld)")], "part") == 1  # 203 keys
    assert [s for s in statements if s in reads] == [cypher.NODE_STATE_ANY, cypher.EDGE_STATE_ANY]
    monkeypatch.undo()
    assert [(e.op, e.key, (e.before or {}).get("name"), (e.after or {}).get("name"))
            for e in neo4j_store.changes_since(301)] == [("node.update", "GM0000", "Gemeente 0", "Ede"),
                                                         ("node.update", "GM0000", "Ede", "Ede (Gld)")]


@pytest.mark.neo4j
def test_each_node_and_relationship_gets_its_own_label_and_type(neo4j_store: GraphStore) -> None:
    """Writes pass labels as parameters and share statements across labels and types: every row keeps its own,
    within one statement and across writes (Neo4j 5.26 gives a dynamic relationship type of the first row to all)."""
    from graph.store.neo4j_store import Neo4jStore

    assert isinstance(neo4j_store, Neo4jStore)
    prov = Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"})
    ede = Node(label=Label.GEMEENTE, key="GM0228", props={"name": "Ede"})
    org = Node(label=Label.ORGANISATION, key="org-a", props={"name": "A"})
    neo4j_store.apply(ChangeBatch(nodes=[prov, ede, org], edges=[
        _edge(),
        Edge(type=RelType.SERVES, src="org-a", dst="GM0228", src_label=Label.ORGANISATION, dst_label=Label.GEMEENTE),
    ]), "x")
    neo4j_store.apply(ChangeBatch(
        nodes=[Node(label=Label.PROFESSIONAL, key="prof-a", props={"name": "Ans"})],
        edges=[Edge(type=RelType.WORKS_AT, src="prof-a", dst="org-a", src_label=Label.PROFESSIONAL,
                    dst_label=Label.ORGANISATION)]), "x")
    records, _, _ = neo4j_store._driver.execute_query(
        "MATCH (n) WHERE n.key IS NOT NULL AND NOT n:ChangeLog RETURN n.key AS key, labels(n) AS labels ORDER BY key",
        database_=neo4j_store.database)
    assert [(r["key"], r["labels"]) for r in records] == [
        ("GM0228", ["Gemeente"]), ("PV25", ["Provincie"]), ("org-a", ["Organisation"]), ("prof-a", ["Professional"])]
    records, _, _ = neo4j_store._driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.key AS src, type(r) AS type, b.key AS dst, r.key AS key ORDER BY key",
        database_=neo4j_store.database)
    got = [(r["src"], r["type"], r["dst"], r["key"]) for r in records]
    assert got == sorted((s, t, d, f"{s}|{t}|{d}") for s, t, d in (
        ("GM0228", "IN_PROVINCIE", "PV25"), ("org-a", "SERVES", "GM0228"), ("prof-a", "WORKS_AT", "org-a")))


@pytest.mark.neo4j
def test_a_small_write_is_two_statements_whatever_it_holds(neo4j_store: GraphStore,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An API-sized write: the lock with the state of its keys, then everything it writes and logs in one
    statement (nodes created and updated, relationships to new and existing nodes, an update, a close)."""

    neo4j_store.apply(ChangeBatch(nodes=[Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"}),
                                         Node(label=Label.GEMEENTE, key="GM0228", props={"name": "Ede"})],
                                  edges=[_edge(valid_from="2020-01-01")]), "x")
    statements = _recorded_statements(monkeypatch)
    org = Node(label=Label.ORGANISATION, key="org-a", props={"name": "A"})
    served = Edge(type=RelType.SERVES, src="org-a", dst="GM0228", src_label=Label.ORGANISATION,
                  dst_label=Label.GEMEENTE)
    entries = neo4j_store.apply(ChangeBatch(
        nodes=[org, Node(label=Label.GEMEENTE, key="GM0228", props={"inwoners": 120_000})],
        edges=[served], closes=[EdgeClose(KEY, "2024-12-31")]), "x")
    assert len(statements) == 2
    assert [e.op for e in entries] == ["node.create", "node.update", "edge.create", "edge.close"]
    statements.clear()
    works = Edge(type=RelType.WORKS_AT, src="prof-a", dst="org-a", src_label=Label.PROFESSIONAL,
                 dst_label=Label.ORGANISATION)
    neo4j_store.apply(ChangeBatch(nodes=[Node(label=Label.PROFESSIONAL, key="prof-a", props={"name": "Ans"})],
                                  edges=[works, served.model_copy(update={"props": {"note": "ook"}})]), "x")
    assert len(statements) == 2
    monkeypatch.undo()
    assert neo4j_store.get_edge(KEY).valid_to == "2024-12-31"  # type: ignore[union-attr]
    assert neo4j_store.get_edge(served.key).props == {"note": "ook"}  # type: ignore[union-attr]
    assert neo4j_store.get_edge(works.key).src == "prof-a"  # type: ignore[union-attr]
    assert neo4j_store.get_node("GM0228").props == {"inwoners": 120_000, "name": "Ede"}  # type: ignore[union-attr]
    assert [e.seq for e in neo4j_store.changes_since(0)] == list(range(1, 11))
    assert neo4j_store.last_seq() == 10


@pytest.mark.neo4j
def test_a_full_load_reads_every_row_whatever_its_chunks(neo4j_store: GraphStore,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """node_records/edge_records get their rows a chunk to a record: a partial last chunk and an empty label
    or type read like the rest (the seven gemeenten and five relationships below are four and three chunks)."""
    from graph.store import neo4j_store as module

    monkeypatch.setattr(module, "_ALL_CHUNK", 2)
    gemeenten = [Node(label=Label.GEMEENTE, key=f"GM{i:04d}", props={"name": f"G{i}", "inwoners": i, "lat": i / 3})
                 for i in range(7)]
    edges = [Edge(type=RelType.IN_PROVINCIE, src=f"GM{i:04d}", dst="PV25", src_label=Label.GEMEENTE,
                  dst_label=Label.PROVINCIE, valid_from="2020-01-0" + str(i + 1), valid_to="2024-12-31" if i else None)
             for i in range(5)]
    neo4j_store.apply(ChangeBatch(nodes=[Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"}),
                                         *gemeenten], edges=edges), "t")
    assert sorted(neo4j_store.node_records()) == sorted((n.label.value, n.key, n.props) for n in neo4j_store.nodes())
    assert len(list(neo4j_store.node_records())) == 8
    assert sorted(neo4j_store.edge_records()) == sorted(
        (e.key, e.type.value, e.src, e.dst, e.valid_from, e.valid_to, e.props) for e in neo4j_store.edges())
    assert len(list(neo4j_store.edge_records())) == 5


@pytest.mark.neo4j
def test_random_small_writes_land_the_same_on_both_stores(sqlite_store: GraphStore, neo4j_store: GraphStore) -> None:
    """Seeded random API-sized writes (node upserts and replaces, relationships created, changed, reopened and
    closed, several batches per apply_many): both stores log the same changes and refuse the same writes."""
    import random

    rnd = random.Random(20261208)
    gms, provs = [f"GM0{200 + i}" for i in range(6)], ["PV25", "PV26"]
    seed = ChangeBatch(nodes=[Node(label=Label.GEMEENTE, key=g, props={"name": g}) for g in gms]
                       + [Node(label=Label.PROVINCIE, key=p, props={"name": p}) for p in provs])

    def batch() -> ChangeBatch:
        nodes = [Node(label=Label.GEMEENTE, key=rnd.choice(gms), props={rnd.choice("abc"): rnd.choice([1, "x", 2.5])})
                 if rnd.random() < 0.5 else Node(label=Label.PROVINCIE, key=rnd.choice(provs),
                                                 props={"name": rnd.choice(["G", "O"])})
                 for _ in range(rnd.randint(0, 3))]
        edges = [Edge(type=RelType.IN_PROVINCIE, src=rnd.choice(gms), dst=rnd.choice(provs), src_label=Label.GEMEENTE,
                      dst_label=Label.PROVINCIE, props=rnd.choice([{}, {"note": "n"}]),
                      valid_from=rnd.choice([None, "2020-01-01", "2021-01-01"]))
                 for _ in range(rnd.randint(0, 3))]
        closes = [EdgeClose(f"{rnd.choice(gms)}|IN_PROVINCIE|{rnd.choice(provs)}",
                            rnd.choice(["2024-12-31", "2025-06-30"])) for _ in range(rnd.randint(0, 2))]
        return ChangeBatch(nodes=nodes, edges=edges, closes=closes, replace=rnd.random() < 0.2)

    def outcome(store: GraphStore, batches: list[ChangeBatch]) -> object:
        before = store.last_seq()
        try:
            store.apply_many(batches, "x") if len(batches) > 1 else store.apply(batches[0], "x")
        except StoreError as exc:
            return type(exc).__name__
        return [(e.op, e.key, e.before, e.after) for e in store.changes_since(before)]

    for store in (sqlite_store, neo4j_store):
        store.apply(seed, "x")
    written = 0
    for _ in range(150):
        batches = [batch() for _ in range(rnd.randint(1, 3))]
        got = outcome(sqlite_store, batches)
        assert outcome(neo4j_store, batches) == got, batches
        written += isinstance(got, list) and bool(got)
    assert written > 50  # most writes change something: the comparison is not between two refusals
    for store in (sqlite_store, neo4j_store):
        assert store.last_seq() == sqlite_store.last_seq()
    assert list(neo4j_store.nodes()) == list(sqlite_store.nodes())
    assert list(neo4j_store.edges()) == list(sqlite_store.edges())
