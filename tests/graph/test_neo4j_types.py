"""Native types in Neo4j (graph/store/neo4j_values.py): DATE, DATETIME and lists in the database, the same
Python values as SQLite for the domain, and a database with text dates converted once on start."""

from __future__ import annotations

import os
from typing import Any

import pytest
from pydantic import ValidationError

from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ApiToken, ChangeBatch, EdgeClose, GraphStore
from graph.store.neo4j_store import Neo4jStore
from graph.store.neo4j_values import from_neo4j, to_neo4j

pytestmark = pytest.mark.neo4j


def _batch() -> ChangeBatch:
    return ChangeBatch(
        nodes=[
            Node(
                label=Label.ORGANISATION,
                key="org-a",
                props={"name": "A", "serves_codes": "JZ01;JZ04", "source_date": "2020-02; 2025-06"},
            ),
            Node(label=Label.ORGANISATION, key="org-b", props={"name": "B", "serves_codes": ""}),
            Node(
                label=Label.PROFESSIONAL,
                key="prof-a",
                props={"name": "Ans", "last_verified": "2026-09-28", "inactive_since": "onbekend", "demo": True},
            ),
            Node(label=Label.SUBREGIO, key="sub-a", props={"name": "S", "agreed_on": "2021-02-30", "version": 2}),
            Node(label=Label.GEMEENTE, key="GM9999", props={"name": "G", "lat": 52.1, "lon": 5.2}),
        ],
        edges=[
            Edge(
                type=RelType.WORKS_AT,
                src="prof-a",
                dst="org-a",
                src_label=Label.PROFESSIONAL,
                dst_label=Label.ORGANISATION,
                valid_from="2024-01-01",
            ),
            Edge(
                type=RelType.SERVES,
                src="org-a",
                dst="GM9999",
                src_label=Label.ORGANISATION,
                dst_label=Label.GEMEENTE,
                props={"via": "JZ01"},
            ),
        ],
    )


def _cypher(store: Neo4jStore, text: Any, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = store._driver.execute_query(text, params, database_=store.database)
    return [r.data() for r in records]


def _contents(store: GraphStore) -> tuple[Any, ...]:
    entries = [(e.op, e.key, e.before, e.after) for e in store.changes_since(0)]
    return list(store.nodes()), list(store.edges()), entries, store.tokens(), store.claims()


def _fill(store: GraphStore) -> None:
    store.apply(_batch(), "test")
    store.apply(ChangeBatch(closes=[EdgeClose("prof-a|WORKS_AT|org-a", "2026-03-01")]), "test")
    store.put_token(ApiToken("h1", "tok", "reader", None, None, "2026-12-03T09:42:11+00:00"))
    store.claim("link:1", "me", "2026-12-04T09:42:11.123456+00:00", "2026-12-03T09:42:11.000001+00:00")


def test_dates_are_date_lists_are_lists_numbers_are_numbers(neo4j_store: Neo4jStore) -> None:
    _fill(neo4j_store)
    [prof] = _cypher(
        neo4j_store,
        "MATCH (p:Professional {key: 'prof-a'}) RETURN p.last_verified IS :: DATE AS d, "
        "valueType(p.inactive_since) AS free, valueType(p.demo) AS demo",
    )
    assert prof == {"d": True, "free": "STRING NOT NULL", "demo": "BOOLEAN NOT NULL"}
    [org] = _cypher(
        neo4j_store,
        "MATCH (o:Organisation {key: 'org-a'}) RETURN valueType(o.serves_codes) AS codes, "
        "o.serves_codes AS value, valueType(o.source_date) AS text",
    )
    assert org == {"codes": "LIST<STRING NOT NULL> NOT NULL", "value": ["JZ01", "JZ04"], "text": "STRING NOT NULL"}
    [sub] = _cypher(neo4j_store, "MATCH (s:Subregio) RETURN valueType(s.agreed_on) AS bad, valueType(s.version) AS v")
    assert sub == {"bad": "STRING NOT NULL", "v": "INTEGER NOT NULL"}  # 30 February is no date: kept as text
    [g] = _cypher(neo4j_store, "MATCH (g:Gemeente) RETURN valueType(g.lat) AS lat")
    assert g == {"lat": "FLOAT NOT NULL"}
    [rel] = _cypher(
        neo4j_store,
        "MATCH ()-[r:WORKS_AT]->() RETURN r.valid_from IS :: DATE AS f, "
        "r.valid_to IS :: DATE AS t, r.valid_to < date('2026-06-01') AS closed",
    )
    assert rel == {"f": True, "t": True, "closed": True}
    [system] = _cypher(
        neo4j_store,
        "MATCH (c:ChangeLog) WITH collect(c.ts IS :: ZONED DATETIME) AS ts "
        "MATCH (t:ApiToken) MATCH (l:Claim) "
        "RETURN ts, t.created IS :: ZONED DATETIME AS created, "
        "l.until IS :: ZONED DATETIME AS until",
    )
    assert system["ts"] and all(system["ts"]) and system["created"] and system["until"]


def test_the_domain_reads_the_same_values_as_from_sqlite(neo4j_store: Neo4jStore, sqlite_store: GraphStore) -> None:
    _fill(neo4j_store)
    _fill(sqlite_store)
    neo, lite = _contents(neo4j_store), _contents(sqlite_store)
    assert neo[:2] == lite[:2]
    assert neo[2] == lite[2] and neo[3:] == lite[3:]
    assert neo4j_store.get_node("org-a").props["serves_codes"] == "JZ01;JZ04"  # type: ignore[union-attr]
    assert neo4j_store.get_node("org-b").props["serves_codes"] == ""  # type: ignore[union-attr]
    # A write of the same values changes nothing (the diff compares Python values, not Neo4j's).
    before = neo4j_store.last_seq()
    neo4j_store.apply(ChangeBatch(nodes=_batch().nodes), "test")
    assert neo4j_store.last_seq() == before


def test_a_code_list_is_one_text_in_every_store() -> None:
    with pytest.raises(ValidationError, match="serves_codes"):
        Node(label=Label.ORGANISATION, key="org-x", props={"serves_codes": ["JZ01", "JZ04"]})


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("valid_from", "2026-01-31"),
        ("ts", "2026-12-03T09:42:11.123456+00:00"),
        ("created", "2026-12-03T09:42:11+00:00"),
        ("until", "9999-12-31T00:00:00+00:00"),
        ("ts", "2026-12-03T09:42:11.000000+00:00"),
        ("ts", "2026-12-03T10:42:11+01:00"),
        ("serves_codes", "A;;B;"),
        ("valid_from", "2026-1-31"),
        ("ts", "2026-12-03T09:42:11Z"),
    ],
)
def test_conversion_gives_back_the_same_text(neo4j_store: Neo4jStore, name: str, text: str) -> None:
    [row] = _cypher(neo4j_store, "RETURN $v AS v", v=to_neo4j(name, text))
    assert from_neo4j(name, row["v"]) == text


def test_a_database_with_text_dates_is_converted_once_on_start(neo4j_store: Neo4jStore, neo4j_uri: str) -> None:
    _fill(neo4j_store)
    expected = _contents(neo4j_store)
    # As a store before native types wrote it: every date, timestamp and code list as text, no marker.
    _cypher(neo4j_store, "MATCH ()-[r]->() WHERE r.valid_from IS :: DATE SET r.valid_from = toString(r.valid_from)")
    _cypher(neo4j_store, "MATCH ()-[r]->() WHERE r.valid_to IS :: DATE SET r.valid_to = toString(r.valid_to)")
    _cypher(neo4j_store, "MATCH (p:Professional) SET p.last_verified = toString(p.last_verified)")
    _cypher(
        neo4j_store,
        "MATCH (o:Organisation) SET o.serves_codes = reduce(s = head(o.serves_codes), "
        "c IN tail(o.serves_codes) | s + ';' + c)",
    )
    _cypher(
        neo4j_store,
        "MATCH (c:ChangeLog) SET c.ts = $ts[toString(c.seq)]",
        ts={str(e.seq): e.ts for e in neo4j_store.changes_since(0)},
    )
    _cypher(neo4j_store, "MATCH (t:ApiToken) SET t.created = '2026-12-03T09:42:11+00:00'")
    _cypher(neo4j_store, "MATCH (c:Claim) SET c.until = '2026-12-04T09:42:11.123456+00:00'")
    _cypher(neo4j_store, "MATCH (m:Meta {name: 'types'}) DELETE m")
    assert _cypher(neo4j_store, "MATCH (p:Professional) RETURN valueType(p.last_verified) AS t") == [
        {"t": "STRING NOT NULL"}
    ]
    assert _contents(neo4j_store) == expected  # text dates read the same before the conversion ...
    password = os.environ.get("NEO4J_PASSWORD", "")
    restarted = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER", "neo4j"), password, database=neo4j_store.database)
    try:
        [row] = _cypher(
            restarted,
            "MATCH (p:Professional) MATCH ()-[r:WORKS_AT]->() MATCH (o:Organisation {key: 'org-a'}) "
            "MATCH (t:ApiToken) MATCH (l:Claim) "
            "RETURN p.last_verified IS :: DATE AS d, r.valid_to IS :: DATE AS v, "
            "valueType(o.serves_codes) AS codes, t.created IS :: ZONED DATETIME AS c, "
            "l.until IS :: ZONED DATETIME AS u, "
            "COLLECT { MATCH (x:ChangeLog) WHERE x.ts IS :: STRING RETURN x } AS text_ts",
        )
        assert row == {
            "d": True,
            "v": True,
            "codes": "LIST<STRING NOT NULL> NOT NULL",
            "c": True,
            "u": True,
            "text_ts": [],
        }
        assert _contents(restarted) == expected  # ... and after it
        from graph.store import neo4j_values

        with restarted._session() as session:
            assert neo4j_values.migrate(session) is None  # the marker: the next start only reads it
    finally:
        restarted.close()


def test_an_emptied_database_needs_no_conversion_on_the_next_start(neo4j_store: Neo4jStore) -> None:
    """``delete_everything`` leaves a database in today's representation: the next start does not page through
    what was written meanwhile (the benchmark's cold start after its national import did, for 21 s)."""
    from graph.store import neo4j_values

    neo4j_store.delete_everything()
    _fill(neo4j_store)
    with neo4j_store._session() as session:
        assert neo4j_values.migrate(session) is None
