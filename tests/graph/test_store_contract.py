"""The GraphStore contract, run against every store (``any_store``: SQLite file and real Neo4j)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ApiToken, ChangeBatch, EdgeClose, GraphStore, StoreError, UnknownNodeError


def gemeente(key: str, name: str, **props: object) -> Node:
    return Node(label=Label.GEMEENTE, key=key, props={"name": name, **props})


def in_provincie(src: str, dst: str = "PV25", **kw: object) -> Edge:
    return Edge(type=RelType.IN_PROVINCIE, src=src, dst=dst, src_label=Label.GEMEENTE,
                dst_label=Label.PROVINCIE, **kw)  # type: ignore[arg-type]


GELDERLAND = Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"})
EDE = gemeente("GM0228", "Ede", lat=52.04, lon=5.67)


@pytest.fixture
def seeded(any_store: GraphStore) -> GraphStore:
    any_store.apply(ChangeBatch(nodes=[GELDERLAND, EDE], edges=[in_provincie("GM0228", valid_from="2020-01-01")]),
                    "seed")
    return any_store


def test_empty_store(any_store: GraphStore) -> None:
    assert any_store.is_empty()
    assert any_store.counts() == {}
    assert any_store.last_seq() == 0
    assert any_store.changes_since(0) == []
    assert any_store.get_node("GM0228") is None
    assert any_store.get_edge("GM0228|IN_PROVINCIE|PV25") is None


def test_create_nodes_logs_one_entry_each(any_store: GraphStore) -> None:
    entries = any_store.apply(ChangeBatch(nodes=[GELDERLAND, EDE]), "tester")
    assert [(e.seq, e.op, e.key, e.kind, e.actor) for e in entries] == [
        (1, "node.create", "PV25", "Provincie", "tester"),
        (2, "node.create", "GM0228", "Gemeente", "tester"),
    ]
    assert entries[1].before is None
    assert entries[1].after == {"label": "Gemeente", "name": "Ede", "lat": 52.04, "lon": 5.67}
    assert any_store.get_node("GM0228") == EDE
    assert not any_store.is_empty()
    assert any_store.last_seq() == 2


def test_nodes_by_label(seeded: GraphStore) -> None:
    assert [n.key for n in seeded.nodes(Label.GEMEENTE)] == ["GM0228"]
    assert sorted(n.key for n in seeded.nodes()) == ["GM0228", "PV25"]
    assert list(seeded.nodes(Label.CASE)) == []


@pytest.mark.parametrize(("replace", "expected"), [
    (False, {"name": "Ede (Gld)", "lat": 52.04, "lon": 5.67}),
    (True, {"name": "Ede (Gld)"}),
])
def test_update_merges_or_replaces(seeded: GraphStore, replace: bool, expected: dict[str, object]) -> None:
    entries = seeded.apply(ChangeBatch(nodes=[gemeente("GM0228", "Ede (Gld)")], replace=replace), "editor")
    assert [(e.op, e.key) for e in entries] == [("node.update", "GM0228")]
    assert entries[0].before == {"label": "Gemeente", "name": "Ede", "lat": 52.04, "lon": 5.67}
    assert entries[0].after == {"label": "Gemeente", **expected}
    node = seeded.get_node("GM0228")
    assert node is not None and node.props == expected


def test_reapplying_the_same_batch_logs_nothing(seeded: GraphStore) -> None:
    before = seeded.last_seq()
    again = ChangeBatch(nodes=[GELDERLAND, EDE], edges=[in_provincie("GM0228", valid_from="2020-01-01")])
    assert seeded.apply(again, "seed") == []
    assert seeded.apply_many([again, again], "seed") == 0
    assert seeded.last_seq() == before
    assert seeded.counts() == {"Provincie": 1, "Gemeente": 1, "IN_PROVINCIE": 1}


def test_merge_with_subset_of_props_is_no_change(seeded: GraphStore) -> None:
    assert seeded.apply(ChangeBatch(nodes=[gemeente("GM0228", "Ede")]), "x") == []


def test_label_conflict_is_refused(seeded: GraphStore) -> None:
    clash = Node(label=Label.ORGANISATION, key="GM0228", props={"name": "not a gemeente"})
    with pytest.raises(StoreError, match="GM0228"):
        seeded.apply(ChangeBatch(nodes=[clash]), "x")
    assert seeded.get_node("GM0228") == EDE


def test_edge_create_and_read(seeded: GraphStore) -> None:
    edge = seeded.get_edge("GM0228|IN_PROVINCIE|PV25")
    assert edge is not None
    assert (edge.type, edge.src, edge.dst, edge.src_label, edge.dst_label) == (
        RelType.IN_PROVINCIE, "GM0228", "PV25", Label.GEMEENTE, Label.PROVINCIE)
    assert (edge.valid_from, edge.valid_to, edge.props) == ("2020-01-01", None, {})
    assert [e.key for e in seeded.edges(RelType.IN_PROVINCIE)] == ["GM0228|IN_PROVINCIE|PV25"]
    assert list(seeded.edges(RelType.HOLDS)) == []
    log = seeded.history("GM0228|IN_PROVINCIE|PV25")
    assert [(e.op, e.kind, e.before) for e in log] == [("edge.create", "IN_PROVINCIE", None)]
    assert log[0].after == {"type": "IN_PROVINCIE", "src": "GM0228", "dst": "PV25", "src_label": "Gemeente",
                            "dst_label": "Provincie", "props": {}, "valid_from": "2020-01-01", "valid_to": None}


def test_edge_props_and_update(any_store: GraphStore) -> None:
    prof = Node(label=Label.PROFESSIONAL, key="prof-1", props={"name": "A. de Vries"})
    pos = Node(label=Label.POSITION, key="pos-vt-gm-ede", props={"name": "VT contactpersoon Ede"})
    holds = Edge(type=RelType.HOLDS, src="prof-1", dst="pos-vt-gm-ede", src_label=Label.PROFESSIONAL,
                 dst_label=Label.POSITION, props={"priority": "primary", "rank": 1}, valid_from="2026-01-01")
    any_store.apply(ChangeBatch(nodes=[prof, pos], edges=[holds]), "x")
    moved = holds.model_copy(update={"props": {"priority": "backup", "rank": 2}})
    entries = any_store.apply(ChangeBatch(edges=[moved]), "x")
    assert [(e.op, e.before["props"], e.after["props"]) for e in entries] == [  # type: ignore[index]
        ("edge.update", {"priority": "primary", "rank": 1}, {"priority": "backup", "rank": 2})]
    edge = any_store.get_edge(holds.key)
    assert edge is not None and edge.props == {"priority": "backup", "rank": 2}


def test_close_edge_keeps_it_readable(seeded: GraphStore) -> None:
    key = "GM0228|IN_PROVINCIE|PV25"
    entries = seeded.apply(ChangeBatch(closes=[EdgeClose(key, "2026-01-01")]), "editor")
    assert [(e.op, e.key, e.before["valid_to"], e.after["valid_to"]) for e in entries] == [  # type: ignore[index]
        ("edge.close", key, None, "2026-01-01")]
    edge = seeded.get_edge(key)
    assert edge is not None and edge.valid_to == "2026-01-01"
    assert not edge.active_on("2026-06-01") and edge.active_on("2025-06-01")
    assert seeded.counts()["IN_PROVINCIE"] == 1
    assert seeded.apply(ChangeBatch(closes=[EdgeClose(key, "2026-01-01")]), "editor") == []


@pytest.mark.parametrize("close", [EdgeClose("nope|IN_PROVINCIE|PV25", "2026-01-01"),
                                   EdgeClose("GM0228|IN_PROVINCIE|PV25", "2027-01-01")])
def test_bad_close_is_refused(seeded: GraphStore, close: EdgeClose) -> None:
    seeded.apply(ChangeBatch(closes=[EdgeClose("GM0228|IN_PROVINCIE|PV25", "2026-01-01")]), "x")
    seq = seeded.last_seq()
    with pytest.raises(StoreError):
        seeded.apply(ChangeBatch(closes=[close]), "x")
    assert seeded.last_seq() == seq


def test_batch_with_unknown_endpoint_writes_nothing(seeded: GraphStore) -> None:
    seq, counts = seeded.last_seq(), seeded.counts()
    batch = ChangeBatch(nodes=[gemeente("GM0202", "Arnhem")],
                        edges=[in_provincie("GM0202"), in_provincie("GM9999")])
    with pytest.raises(UnknownNodeError) as info:
        seeded.apply(batch, "x")
    assert info.value.key == "GM9999"
    assert seeded.get_node("GM0202") is None
    assert (seeded.last_seq(), seeded.counts()) == (seq, counts)


def test_apply_many_is_one_transaction(seeded: GraphStore) -> None:
    seq = seeded.last_seq()
    good = ChangeBatch(nodes=[gemeente("GM0202", "Arnhem")], edges=[in_provincie("GM0202")])
    bad = ChangeBatch(edges=[in_provincie("GM9999")])
    with pytest.raises(UnknownNodeError):
        seeded.apply_many([good, bad], "import")
    assert seeded.get_node("GM0202") is None and seeded.last_seq() == seq
    assert seeded.apply_many([good, ChangeBatch(nodes=[gemeente("GM0274", "Renkum")])], "import") == 3
    assert [e.seq for e in seeded.changes_since(seq)] == [seq + 1, seq + 2, seq + 3]


def test_later_batch_in_apply_many_sees_earlier_one(any_store: GraphStore) -> None:
    n = any_store.apply_many([ChangeBatch(nodes=[GELDERLAND, EDE]),
                              ChangeBatch(edges=[in_provincie("GM0228")]),
                              ChangeBatch(closes=[EdgeClose("GM0228|IN_PROVINCIE|PV25", "2026-01-01")])], "import")
    assert n == 4
    assert [e.op for e in any_store.changes_since(0)] == ["node.create", "node.create", "edge.create", "edge.close"]


def test_changes_since_and_history(seeded: GraphStore) -> None:
    seeded.apply(ChangeBatch(nodes=[gemeente("GM0228", "Ede 2")]), "a")
    seeded.apply(ChangeBatch(nodes=[gemeente("GM0228", "Ede 3")]), "b")
    all_entries = seeded.changes_since(0)
    assert [e.seq for e in all_entries] == list(range(1, len(all_entries) + 1))
    assert [e.seq for e in seeded.changes_since(3)] == [4, 5]
    assert [e.seq for e in seeded.changes_since(0, limit=2)] == [1, 2]
    history = seeded.history("GM0228")
    assert [(e.op, e.actor) for e in history] == [("node.create", "seed"), ("node.update", "a"),
                                                  ("node.update", "b")]
    assert [e.after["name"] for e in history] == ["Ede", "Ede 2", "Ede 3"]  # type: ignore[index]
    assert all(e.ts.endswith("+00:00") for e in history)


def test_append_log_changes_no_node(seeded: GraphStore) -> None:
    counts, seq = seeded.counts(), seeded.last_seq()
    entry = seeded.append_log("exporter", "audit.export", "export-1", "export", None, {"rows": 12})
    assert (entry.seq, entry.op, entry.key, entry.kind, entry.after) == (
        seq + 1, "audit.export", "export-1", "export", {"rows": 12})
    assert seeded.changes_since(seq) == [entry]
    assert seeded.counts() == counts


def test_tokens_round_trip(any_store: GraphStore) -> None:
    a = ApiToken("hash-a", "beheer", "admin", None, None, "2026-01-01T00:00:00+00:00")
    b = ApiToken("hash-b", "lt ede", "editor", "JZ21", "prof-1", "2026-02-01T00:00:00+00:00")
    any_store.put_token(a)
    any_store.put_token(b)
    assert any_store.get_token("hash-b") == b
    assert any_store.get_token("nope") is None
    any_store.put_token(ApiToken(**{**a.__dict__, "revoked": True}))
    assert any_store.tokens() == [ApiToken(**{**a.__dict__, "revoked": True}), b]
    assert any_store.is_empty()  # tokens are not part of the graph
    assert any_store.counts() == {}


@pytest.mark.parametrize(("key", "name"), [("GM1900", "Súdwest-Fryslân"), ("GM0796", "'s-Hertogenbosch"),
                                           ("GM0000", 'Quote " en \\ backslash')])
def test_unicode_and_quotes_round_trip(any_store: GraphStore, key: str, name: str) -> None:
    any_store.apply(ChangeBatch(nodes=[gemeente(key, name)]), "Sjoukje Dykstra-Fryslân")
    node = any_store.get_node(key)
    assert node is not None and node.name == name
    (entry,) = any_store.history(key)
    assert entry.after == {"label": "Gemeente", "name": name}
    assert entry.actor == "Sjoukje Dykstra-Fryslân"


def test_list_props_round_trip(any_store: GraphStore) -> None:
    prof = Node(label=Label.PROFESSIONAL, key="prof-2", props={"name": "B", "tags": ["a", "b"], "active": True})
    any_store.apply(ChangeBatch(nodes=[prof]), "x")
    assert any_store.get_node("prof-2") == prof
    assert any_store.apply(ChangeBatch(nodes=[prof]), "x") == []


def test_counts_per_label_and_type(seeded: GraphStore) -> None:
    seeded.apply(ChangeBatch(nodes=[gemeente("GM0202", "Arnhem")], edges=[in_provincie("GM0202")]), "x")
    assert seeded.counts() == {"Provincie": 1, "Gemeente": 2, "IN_PROVINCIE": 2}


def test_concurrent_writers_get_a_gap_free_log(any_store: GraphStore) -> None:
    any_store.apply(ChangeBatch(nodes=[GELDERLAND]), "seed")

    def writer(w: int) -> None:
        for i in range(5):
            key = f"GM{w}{i:03d}"
            any_store.apply(ChangeBatch(nodes=[gemeente(key, f"Gemeente {w}-{i}")], edges=[in_provincie(key)]),
                            f"writer-{w}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(writer, range(4)))
    entries = any_store.changes_since(0)
    assert [e.seq for e in entries] == list(range(1, 42))
    assert any_store.counts() == {"Provincie": 1, "Gemeente": 20, "IN_PROVINCIE": 20}
    for w in range(4):  # each writer's node and edge landed together, in its own order
        mine = [e for e in entries if e.actor == f"writer-{w}"]
        assert [e.key for e in mine][::2] == [f"GM{w}{i:03d}" for i in range(5)]


@pytest.mark.parametrize("edge", [
    # the source exists, but as a Gemeente, not as the Organisation the edge claims
    Edge(type=RelType.SERVES, src="GM0228", dst="PV25", src_label=Label.ORGANISATION, dst_label=Label.PROVINCIE),
    # the key of the existing IN_PROVINCIE relationship reused for another relationship
    Edge(type=RelType.IN_PROVINCIE, src="GM0202", dst="PV25", src_label=Label.GEMEENTE,
         dst_label=Label.PROVINCIE, key="GM0228|IN_PROVINCIE|PV25"),
], ids=["wrong-endpoint-label", "key-reused"])
def test_inconsistent_edge_is_refused(seeded: GraphStore, edge: Edge) -> None:
    seq = seeded.last_seq()
    with pytest.raises(StoreError):
        seeded.apply(ChangeBatch(nodes=[gemeente("GM0202", "Arnhem")], edges=[edge]), "x")
    assert seeded.last_seq() == seq and seeded.get_node("GM0202") is None
    original = seeded.get_edge("GM0228|IN_PROVINCIE|PV25")
    assert original is not None and original.src == "GM0228"


def test_mixed_list_property_is_refused_on_neo4j_and_kept_on_sqlite(any_store: GraphStore) -> None:
    # Neo4j stores only homogeneous lists; SQLite keeps JSON. Either way nothing is half-written.
    node = Node(label=Label.BODY, key="body-1", props={"name": "JBT", "mixed": [1, "a"]})
    if type(any_store).__name__ == "Neo4jStore":
        with pytest.raises(StoreError) as refused:
            any_store.apply(ChangeBatch(nodes=[node]), "x")
        assert refused.value.message.code == "store.value_unstorable"
        assert any_store.get_node("body-1") is None and any_store.last_seq() == 0
    else:
        any_store.apply(ChangeBatch(nodes=[node]), "x")
        assert any_store.get_node("body-1") == node


def test_full_load_records_match_nodes_and_edges(seeded: GraphStore) -> None:
    seeded.apply(ChangeBatch(closes=[EdgeClose(key="GM0228|IN_PROVINCIE|PV25", valid_to="2024-01-01")]), "t")
    assert sorted(seeded.node_records()) == sorted((n.label.value, n.key, n.props) for n in seeded.nodes())
    assert sorted(seeded.edge_records()) == sorted(
        (e.key, e.type.value, e.src, e.dst, e.valid_from, e.valid_to, e.props) for e in seeded.edges())
    assert [r[4:6] for r in seeded.edge_records()] == [("2020-01-01", "2024-01-01")]


def test_claim_is_taken_once_until_it_expires_or_is_released(any_store: GraphStore) -> None:
    now, later = "2026-05-01T08:00:00+00:00", "2026-05-01T08:30:00+00:00"
    assert any_store.claim("lease:job", "proc-a", later, now) == "proc-a"
    assert any_store.claim("lease:job", "proc-b", later, now) == "proc-a"  # held: b does not get it
    assert any_store.claim("lease:job", "proc-a", "2026-05-01T09:00:00+00:00", now) == "proc-a"  # renewed
    assert any_store.claim("lease:job", "proc-b", later, "2026-05-01T09:00:01+00:00") == "proc-b"  # expired
    any_store.release("lease:job", "proc-a")  # not a's any more: nothing happens
    assert any_store.claim("lease:job", "proc-c", later, now) == "proc-b"
    any_store.release("lease:job", "proc-b")
    assert any_store.claim("lease:job", "proc-c", later, now) == "proc-c"
    assert any_store.is_empty() and any_store.last_seq() == 0  # claims are not graph data


def test_concurrent_claims_have_one_winner(any_store: GraphStore) -> None:
    now, until = "2026-05-01T08:00:00+00:00", "2026-05-01T08:30:00+00:00"
    with ThreadPoolExecutor(8) as pool:
        holders = list(pool.map(lambda i: any_store.claim("once:link-1", f"t{i}", until, now), range(16)))
    assert len(set(holders)) == 1


def test_history_of_many_keys_is_their_histories_merged_in_seq_order(seeded: GraphStore) -> None:
    edge = "GM0228|IN_PROVINCIE|PV25"
    seeded.apply(ChangeBatch(nodes=[gemeente("GM0228", "Ede", inwoners=120_000)]), "b")
    seeded.apply(ChangeBatch(closes=[EdgeClose(edge, "2024-12-31")]), "c")
    seeded.apply(ChangeBatch(nodes=[gemeente("GM0203", "Barneveld")]), "d")
    keys = ["GM0228", edge, "nope"]
    merged = sorted(seeded.history("GM0228") + seeded.history(edge), key=lambda e: e.seq)
    assert [e.seq for e in merged] == [2, 3, 4, 5]
    assert seeded.history_of(keys) == merged
    assert seeded.history_of(iter(keys)) == merged
    assert seeded.history_of(keys, last=2) == merged[-2:]
    assert seeded.history_of(keys, last=10) == merged
    assert seeded.history_of(["nope"]) == seeded.history_of([]) == seeded.history_of(["nope"], last=1) == []
