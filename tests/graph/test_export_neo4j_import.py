"""`jbnet export neo4j` loads into a real Neo4j in one step: proven with Neo4j 5.26's own importer.

The demo graph (plus a meeting with list properties and awkward text) goes from a SQLite file through
``export_neo4j``; the exact command line it prints is run through neo4j-admin (``org.neo4j.cli.AdminTool``
from Maven Central, built by ``make neo4j-test-server``) into a fresh Neo4j home; the test server then
serves that home over Bolt, ``constraints.cypher`` is applied, and every node and relationship read back
through ``Neo4jStore`` equals the source store's — including list items with ``;``, commas, quotes and
line breaks, empty strings and empty lists (hundreds of generated values), the change log (so
``history`` is the same and the next write continues the sequence), token hashes and claims. The
values arrive with the native types ``Neo4jStore`` writes (``DATE``, ``DATETIME``, ``LIST<STRING>``),
so the store has nothing left to convert.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import neo4j.time
import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.auth import Role, create_token, hash_token
from graph.export_neo4j import ARRAY_DELIMITER, ExportResult, _cell, column_type, export_neo4j
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch
from graph.store.cypher import constraint_statements
from graph.store.neo4j_store import Neo4jStore
from graph.store.neo4j_values import migrate
from graph.store.sqlite_store import SQLiteStore
from loaders.init import init_store
from tests.conftest import unavailable
from tests.neo4j_server import Neo4jServer, Neo4jUnavailable, missing_reason, neo4j_admin, start_neo4j

MEETING = "mtg-2026-jz28-export"
# Values the CSV round trip could get wrong: lists, a JSON prop, a comma,
# a double quote, a line break, diacritics.
MEETING_PROPS = {
    "name": 'Samenwerkingsbijeenkomst "Arnhem, Rheden & Rozendaal"',
    "kind": "samenwerkingsbijeenkomst",
    "date": "2026-12-03",
    "online": False,
    "status": "planned",
    "place": "Stadhuis Arnhem\nZaal 2 (begane grond)",
    "programme": ["Welkom", "Casuïstiek, in twee rondes", "Afsluiting"],
    "co_designers": ["prof-demo-0001", "prof-demo-0002"],
    "frozen_list": {"invitees": ["prof-demo-0001"], "by": "José"},
}


# Characters a CSV round trip can break on; the awkward values are drawn from them (seeded: reproducible).
_AWKWARD = [";", ",", '"', "'", "\n", "\r\n", "\t", "\\", "|", " ", "é", "ĳ", "—", "a", "Z", "0", ""]
AWKWARD_KEY = "org-export-awkward-{:03d}"
# Typed columns with a value that does not fit them: free text in a date field, an empty code list.
ODD_TYPED = Node(label=Label.ORGANISATION, key="org-export-odd-types",
                 props={"name": "Odd types", "last_verified": "onbekend; 'navragen'\n\"x\" \\ \t",
                        "serves_codes": ""})
CODES_TYPED = Node(label=Label.ORGANISATION, key="org-export-codes",
                   props={"name": "Codes", "last_verified": "2026-11-30", "serves_codes": "JZ01;;JZ04, JZ05;\"x\""})


def awkward_nodes(n: int = 120, seed: int = 20261203) -> list[Node]:
    rng = random.Random(seed)

    def text() -> str:
        return "".join(rng.choice(_AWKWARD) for _ in range(rng.randint(0, 6)))

    nodes = []
    for i in range(n):
        props: dict[str, object] = {"name": f"Awkward {i}", "note": text(),
                                    "aliases": [text() for _ in range(rng.randint(0, 4))],
                                    "counts": [rng.randint(-3, 3) for _ in range(rng.randint(0, 3))]}
        if i % 7 == 0:
            props["aliases"] = [""]  # the one list CSV cannot tell from "no value"
        nodes.append(Node(label=Label.ORGANISATION, key=AWKWARD_KEY.format(i), props=props))
    return nodes


@dataclass
class Imported:
    source: SQLiteStore
    export: ExportResult
    server: Neo4jServer
    store: Neo4jStore


def _source(path: Path) -> SQLiteStore:
    store = SQLiteStore(path)
    init_store(store, demo=True)
    store.apply(ChangeBatch(
        nodes=[Node(label=Label.MEETING, key=MEETING, props=MEETING_PROPS)],
        edges=[Edge(type=RelType.FOR_GEMEENTE, src=MEETING, dst="JZ28", src_label=Label.MEETING,
                    dst_label=Label.JEUGDHULPREGIO, valid_from="2026-12-03")],
    ), actor="test export import")
    store.apply(ChangeBatch(nodes=[*awkward_nodes(), ODD_TYPED, CODES_TYPED]), actor="test export import")
    store.apply(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key=AWKWARD_KEY.format(0),
                                        props={"note": "changed after", "aliases": []})]), actor="test 'quote'")
    create_token(store, role=Role.ADMIN, name="beheer; export, \"test\"")
    revoked = create_token(store, role=Role.PROFESSIONAL, name="vertrokken", professional_key="prof-demo-0001")
    token = store.get_token(hash_token(revoked))
    assert token is not None
    store.put_token(dataclasses.replace(token, revoked=True))
    assert store.claim("link:used-once", "spent", "9999-12-31T00:00:00+00:00", "2026-12-03T00:00:00+00:00")
    return store


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    reason = missing_reason()
    if reason:
        unavailable(reason)
    tmp = tmp_path_factory.mktemp("neo4j-import")
    source = _source(tmp / "jbnet.sqlite")
    export = export_neo4j(source, tmp / "export", constraint_statements=constraint_statements())
    argv = shlex.split(export.import_command())
    assert argv[0] == "neo4j-admin"
    home = tmp / "neo4j-home"
    # Exactly the printed command; only the importer's memory is capped, as this machine is shared.
    try:
        done = neo4j_admin([*argv[1:], "--max-off-heap-memory=256m"], home)
    except Neo4jUnavailable as exc:
        unavailable(str(exc))
        raise
    output = f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert done.returncode == 0, f"neo4j-admin failed ({done.returncode}):\n{output}"
    assert "IMPORT DONE" in done.stdout, output
    server = start_neo4j(data_dir=home, timeout=300)  # a second JVM on a shared machine
    try:
        # What the CLI tells the user to run next (cypher-shell -f constraints.cypher), statement by statement.
        driver = neo4j.GraphDatabase.driver(server.uri, notifications_min_severity="OFF")
        with driver, driver.session(database="neo4j") as session:
            assert export.constraints is not None
            for statement in export.constraints.read_text(encoding="utf-8").split(";"):
                if statement.strip():
                    session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()
        store = Neo4jStore(server.uri, ensure_schema=False)
        yield Imported(source, export, server, store)
        store.close()
    finally:
        server.stop()
        source.close()


@pytest.mark.neo4j
@pytest.mark.slow
def test_counts_per_label_and_type_equal_the_source(imported: Imported) -> None:
    counts = imported.source.counts()
    assert counts[Label.MEETING.value] == 1
    assert imported.store.counts() == counts
    assert imported.export.counts == counts


@pytest.mark.neo4j
@pytest.mark.slow
def test_every_node_and_relationship_comes_back_unchanged(imported: Imported) -> None:
    assert sorted(imported.store.node_records()) == sorted(imported.source.node_records())
    assert sorted(imported.store.edge_records()) == sorted(imported.source.edge_records())


@pytest.mark.neo4j
@pytest.mark.slow
def test_change_log_tokens_and_claims_come_back_and_the_sequence_continues(imported: Imported) -> None:
    source, store = imported.source, imported.store
    assert store.last_seq() == source.last_seq() > 0
    assert store.changes_since(0, limit=1_000_000) == source.changes_since(0, limit=1_000_000)
    assert store.history(AWKWARD_KEY.format(0)) == source.history(AWKWARD_KEY.format(0))
    assert store.history("GM0202") == source.history("GM0202") != []
    # Tokens made in the same second: each store breaks that tie its own way, so compare as sets.
    assert sorted(store.tokens(), key=lambda t: t.token_hash) == sorted(source.tokens(), key=lambda t: t.token_hash)
    assert store.claims() == source.claims()
    # A spent single-use link stays spent after the move: nobody else can take the claim.
    assert store.claim("link:used-once", "attacker", "9999-12-31T00:00:00+00:00", "2026-12-04T00:00:00+00:00") \
        == "spent"
    entries = store.apply(ChangeBatch(nodes=[Node(label=Label.ORGANISATION, key="org-export-next",
                                                  props={"name": "after the import"})]), actor="test")
    assert [e.seq for e in entries] == [source.last_seq() + 1]


@pytest.mark.neo4j
@pytest.mark.slow
def test_awkward_lists_and_empty_strings_come_back_whole(imported: Imported) -> None:
    for i in range(120):
        key = AWKWARD_KEY.format(i)
        assert imported.store.get_node(key) == imported.source.get_node(key), key
    node = imported.store.get_node(AWKWARD_KEY.format(7))
    assert node is not None and node.props["aliases"] == [""]
    node = imported.store.get_node(AWKWARD_KEY.format(0))
    assert node is not None and node.props["aliases"] == [] and node.props["note"] == "changed after"


_TEXT = st.text(st.sampled_from([";", ",", '"', "\n", "\r", "\\", "a", "é", " ", "\x00"]), max_size=8)


@given(st.lists(_TEXT, max_size=5))
def test_a_list_cell_is_one_quoted_field_that_splits_back_into_its_items(items: list[str]) -> None:
    cell = _cell(items, "string[]", "test")
    inner = cell[1:-1]
    assert '"' not in inner.replace('""', "")  # every quote inside is doubled: one CSV field
    if all(i == "" for i in items):  # [] and [""]: no value in the CSV, set by constraints.cypher
        assert cell == ""
        return
    assert cell.startswith('"') and cell.endswith('"')
    assert inner.replace('""', '"').split(ARRAY_DELIMITER) == items


@given(st.one_of(st.none(), _TEXT))
def test_a_string_cell_tells_empty_from_missing(value: str | None) -> None:
    cell = _cell(value, "string", "test")
    assert (cell == "") == (value is None)
    if value is not None:
        assert cell[1:-1].replace('""', '"') == value


def test_a_list_item_with_the_delimiter_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"org-x\.aliases"):
        _cell(["a" + ARRAY_DELIMITER + "b"], "string[]", "org-x.aliases")


@pytest.mark.neo4j
@pytest.mark.slow
def test_spot_checks_read_over_bolt(imported: Imported) -> None:
    driver = neo4j.GraphDatabase.driver(imported.server.uri, notifications_min_severity="OFF")
    with driver, driver.session(database="neo4j") as session:
        gemeente = session.run("MATCH (g:Gemeente {name: $name}) RETURN g", name="Súdwest-Fryslân").single(strict=True)
        assert gemeente["g"]["key"] == "GM1900"
        assert isinstance(gemeente["g"]["lat"], float)
        meeting = session.run("MATCH (m:Meeting {key: $key}) RETURN m", key=MEETING).single(strict=True)["m"]
        assert meeting["programme"] == MEETING_PROPS["programme"]
        assert meeting["co_designers"] == ["prof-demo-0001", "prof-demo-0002"]
        assert meeting["place"] == "Stadhuis Arnhem\nZaal 2 (begane grond)"
        assert meeting["online"] is False
        assert meeting["name"] == MEETING_PROPS["name"]
        assert json.loads(meeting["frozen_list"]) == MEETING_PROPS["frozen_list"]  # JSON text, as in the stores
        rel = session.run("MATCH (:Meeting {key: $key})-[r:FOR_GEMEENTE]->(j:Jeugdhulpregio) RETURN r, j.key AS j",
                          key=MEETING).single(strict=True)
        assert (rel["j"], rel["r"]["valid_from"], rel["r"]["valid_to"]) == ("JZ28", neo4j.time.Date(2026, 12, 3), None)
        step = session.run("MATCH ()-[r:ESCALATES_TO]->() RETURN r.step AS step LIMIT 1").single(strict=True)
        assert isinstance(step["step"], int)


@pytest.mark.neo4j
@pytest.mark.slow
def test_values_arrive_with_the_native_types_the_store_writes(imported: Imported) -> None:
    driver = neo4j.GraphDatabase.driver(imported.server.uri, notifications_min_severity="OFF")
    with driver, driver.session(database="neo4j") as session:
        def types(query: str) -> set[str]:
            return {r["t"] for r in session.run(query)}

        assert types("MATCH ()-[r]->() WHERE r.valid_from IS NOT NULL RETURN DISTINCT valueType(r.valid_from) AS t") \
            == {"DATE NOT NULL"}
        assert types("MATCH (c:ChangeLog) RETURN DISTINCT valueType(c.ts) AS t") == {"ZONED DATETIME NOT NULL"}
        assert types("MATCH (t:ApiToken) RETURN DISTINCT valueType(t.created) AS t") == {"ZONED DATETIME NOT NULL"}
        assert types("MATCH (c:Claim) RETURN DISTINCT valueType(c.until) AS t") == {"ZONED DATETIME NOT NULL"}
        assert types("MATCH (o:Organisation) WHERE o.serves_codes IS NOT NULL AND o.key <> 'org-export-odd-types' "
                     "RETURN DISTINCT valueType(o.serves_codes) AS t") == {"LIST<STRING NOT NULL> NOT NULL"}
        codes = session.run("MATCH (o:Organisation {key: 'org-export-codes'}) RETURN o").single(strict=True)["o"]
        assert codes["serves_codes"] == ["JZ01", "", 'JZ04, JZ05', '"x"']
        assert codes["last_verified"] == neo4j.time.Date(2026, 11, 30)
        odd = session.run("MATCH (o:Organisation {key: 'org-export-odd-types'}) RETURN o").single(strict=True)["o"]
        assert (odd["last_verified"], odd["serves_codes"]) == (ODD_TYPED.props["last_verified"], [""])
        # The types marker came along: a store starting on this database has nothing to convert.
        assert migrate(session) is None
    for node in (ODD_TYPED, CODES_TYPED):
        assert imported.store.get_node(node.key) == imported.source.get_node(node.key) == node


@pytest.mark.neo4j
@pytest.mark.slow
def test_constraints_apply_and_hold(imported: Imported) -> None:
    driver = neo4j.GraphDatabase.driver(imported.server.uri, notifications_min_severity="OFF")
    with driver, driver.session(database="neo4j") as session:
        names = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
        assert {f"node_key_{lab.value}" for lab in Label} <= names
        assert {f"rel_key_{rel.value}" for rel in RelType} <= names
        with pytest.raises(neo4j.exceptions.ConstraintError):
            session.run("CREATE (:Gemeente {key: 'GM1900'})").consume()


@pytest.mark.parametrize(("values", "header_type"), [
    (["a", None, "b"], "string"),
    ([1, 2], "long"),
    ([1, 2.5], "double"),
    ([True, False], "boolean"),
    ([["a", "b"], ["c"]], "string[]"),
    ([[1, 2], [3]], "long[]"),
    ([[1], [2.5]], "double[]"),
    ([[True]], "boolean[]"),
    ([dt.date(2026, 1, 1), None], "date"),
    ([dt.date(2026, 1, 1), "onbekend"], "date"),  # the text is set by constraints.cypher
    ([dt.datetime(2026, 1, 1, tzinfo=dt.UTC)], "datetime"),
    ([dt.date(2026, 1, 1), 3], "string"),
    ([[1, 2], [], None], "long[]"),  # an empty list does not make a list of numbers text
    ([[]], "string"),
    (["a", ["b"]], "string[]"),
    ([1, "a"], "string"),
    ([None], "string"),
])
def test_column_type_keeps_element_types(values: list[object], header_type: str) -> None:
    # neo4j-admin reads each column as its header type: a list of ints must not come back as strings.
    assert column_type(values) == header_type
