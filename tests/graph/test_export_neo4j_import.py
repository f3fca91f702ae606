"""`jbnet export neo4j` loads into a real Neo4j in one step: proven with Neo4j 5.26's own importer.

The demo graph (plus a meeting with list properties and awkward text) goes from a SQLite file through
``export_neo4j``; the exact command line it prints is run through neo4j-admin (``org.neo4j.cli.AdminTool``
from Maven Central, built by ``make neo4j-test-server``) into a fresh Neo4j home; the test server then
serves that home over Bolt, ``constraints.cypher`` is applied, and every node and relationship read back
through ``Neo4jStore`` equals the source store's.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest

from graph.export_neo4j import ExportResult, column_type, export_neo4j
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch
from graph.store.cypher import constraint_statements
from graph.store.neo4j_store import Neo4jStore
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
    server = start_neo4j(data_dir=home)
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
        assert (rel["j"], rel["r"]["valid_from"], rel["r"]["valid_to"]) == ("JZ28", "2026-12-03", None)
        step = session.run("MATCH ()-[r:ESCALATES_TO]->() RETURN r.step AS step LIMIT 1").single(strict=True)
        assert isinstance(step["step"], int)


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
    (["a", ["b"]], "string[]"),
    ([1, "a"], "string"),
    ([None], "string"),
])
def test_column_type_keeps_element_types(values: list[object], header_type: str) -> None:
    # neo4j-admin reads each column as its header type: a list of ints must not come back as strings.
    assert column_type(values) == header_type
