"""A second process on the same store sees the first one's writes after its next poll.

Process A is a real ``python`` subprocess that opens the store itself and writes; this process's
``Projection`` picks the change up with ``refresh()`` (the change log is the sync channel).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graph.projection import Projection
from graph.schema import Label, Node
from graph.store.base import ChangeBatch, GraphStore

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import json, os, sys
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch, EdgeClose

spec = json.loads(sys.argv[1])
if spec["kind"] == "sqlite":
    from graph.store.sqlite_store import SQLiteStore
    store = SQLiteStore(spec["path"])
else:
    from graph.store.neo4j_store import Neo4jStore
    store = Neo4jStore(spec["uri"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
                       database=spec["database"])
batch = ChangeBatch(
    nodes=[Node(label=Label.GEMEENTE, key="GM0202", props={"name": "Arnhem"}),
           Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland (Gld)"})],
    edges=[Edge(type=RelType.IN_PROVINCIE, src="GM0202", dst="PV25", src_label=Label.GEMEENTE,
                dst_label=Label.PROVINCIE, valid_from="2020-01-01")])
entries = store.apply(batch, "process-a")
entries += store.apply(ChangeBatch(closes=[EdgeClose("GM0202|IN_PROVINCIE|PV25", "2026-01-01")]), "process-a")
print(json.dumps([e.seq for e in entries]))
store.close()
"""


def store_spec(store: GraphStore) -> dict[str, str]:
    """How the other process opens the same store."""
    path = getattr(store, "path", None)
    if path is not None:
        return {"kind": "sqlite", "path": str(path)}
    return {"kind": "neo4j", "uri": store.uri, "database": store.database}  # type: ignore[attr-defined]


def run_writer(store: GraphStore) -> list[int]:
    proc = subprocess.run([sys.executable, "-c", WRITER, json.dumps(store_spec(store))], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_second_process_sees_writes_after_poll(any_store: GraphStore) -> None:
    any_store.apply(ChangeBatch(nodes=[Node(label=Label.PROVINCIE, key="PV25", props={"name": "Gelderland"})]),
                    "process-b")
    projection = Projection.build(any_store)
    assert projection.seq == 1 and projection.node("GM0202") is None

    seqs = run_writer(any_store)
    assert seqs == [2, 3, 4, 5]  # node.create, node.update, edge.create, edge.close

    assert projection.node("GM0202") is None  # nothing changes until the poll
    assert projection.refresh() == 4
    assert projection.seq == 5
    assert projection.node("GM0202") == {"label": "Gemeente", "name": "Arnhem"}
    assert projection.node("PV25") == {"label": "Provincie", "name": "Gelderland (Gld)"}
    (edge,) = projection.out_edges("GM0202", all_time=True)
    assert edge[0] == "PV25" and edge[1]["valid_to"] == "2026-01-01"
    assert projection.refresh() == 0
