"""Export the graph as neo4j-admin import CSV files, so a real Neo4j can be loaded in one step.

One file per label (``nodes_<Label>.csv``: ``key:ID`` + typed property columns + ``:LABEL``) and one
per relationship type (``rels_<TYPE>.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE``, ``key``,
``valid_from``, ``valid_to`` + properties). Node keys are unique across labels, so one ID space
is enough. Closed relationships are exported too: closing is not deleting. ``constraints.cypher``
holds the Neo4j store's constraints, to run after the import.
"""

from __future__ import annotations

import csv
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.schema import Label, RelType
from graph.store.base import GraphStore

__all__ = ["ARRAY_DELIMITER", "ExportResult", "column_type", "export_neo4j"]

ARRAY_DELIMITER = ";"
Progress = Callable[[int, int, str], None]  # (done, total, what)


@dataclass
class ExportResult:
    out: Path
    node_files: dict[str, Path] = field(default_factory=dict)
    relationship_files: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    constraints: Path | None = None

    def import_command(self, database: str = "neo4j") -> str:
        """The ``neo4j-admin database import full`` command line for these files (Neo4j 5).

        Proven against Neo4j 5.26's importer by tests/graph/test_export_neo4j_import.py. The database
        name comes right after ``full``: ``--nodes``/``--relationships`` take several files each, so a
        trailing name would be read as one more relationship file.
        """
        parts = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination=true",
                 f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true", "--ignore-empty-strings=true"]
        parts += [f"--nodes={p}" for p in self.node_files.values()]
        parts += [f"--relationships={p}" for p in self.relationship_files.values()]
        return " ".join(shlex.quote(p) for p in parts)


def _scalar_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _kind(value: Any) -> str:
    if isinstance(value, list):
        # An array keeps its element type (long[], boolean[], ...) so the import gives back the same values.
        return f"{column_type(value)}[]" if value else "string[]"
    return _scalar_kind(value)


def column_type(values: Iterable[Any]) -> str:
    """The neo4j-admin header type of a property column: the one kind its values share, else string."""
    kinds = {_kind(v) for v in values if v is not None}
    if not kinds:
        return "string"
    if len(kinds) == 1:
        return kinds.pop()
    if kinds <= {"long", "double"} or kinds <= {"long[]", "double[]"}:
        return "double[]" if "double[]" in kinds else "double"
    return "string[]" if any(k.endswith("[]") for k in kinds) else "string"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        items = value if isinstance(value, list) else [value]
        return ARRAY_DELIMITER.join(_text(i) for i in items)
    return _text(value)


def _columns(rows: list[dict[str, Any]], reserved: tuple[str, ...]) -> list[tuple[str, str]]:
    names = sorted({k for r in rows for k in r} - set(reserved))
    return [(n, column_type(r.get(n) for r in rows)) for n in names]


def _header(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def export_neo4j(store: GraphStore, out: Path, *, progress: Progress | None = None,
                 constraint_statements: list[str] | None = None) -> ExportResult:
    """Write the CSV files (and ``constraints.cypher`` when statements are given) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(out=out)
    steps = len(Label) + len(RelType)
    done = 0
    for label in Label:
        nodes = [(n.key, n.props) for n in store.nodes(label)]
        done += 1
        if progress:
            progress(done, steps, f"nodes {label.value}")
        if not nodes:
            continue
        columns = _columns([p for _, p in nodes], reserved=("key",))
        path = out / f"nodes_{label.value}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["key:ID", *(_header(n, k) for n, k in columns), ":LABEL"])
            for key, props in nodes:
                w.writerow([key, *(_cell(props.get(n), k) for n, k in columns), label.value])
        result.node_files[label.value] = path
        result.counts[label.value] = len(nodes)
    for rel in RelType:
        edges = list(store.edges(rel))
        done += 1
        if progress:
            progress(done, steps, f"relationships {rel.value}")
        if not edges:
            continue
        columns = _columns([e.props for e in edges], reserved=("key", "valid_from", "valid_to"))
        path = out / f"rels_{rel.value}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([":START_ID", ":END_ID", ":TYPE", "key", "valid_from", "valid_to",
                        *(_header(n, k) for n, k in columns)])
            for e in edges:
                w.writerow([e.src, e.dst, rel.value, e.key, e.valid_from or "", e.valid_to or "",
                            *(_cell(e.props.get(n), k) for n, k in columns)])
        result.relationship_files[rel.value] = path
        result.counts[rel.value] = len(edges)
    if constraint_statements is not None:
        result.constraints = out / "constraints.cypher"
        result.constraints.write_text("".join(s.rstrip().rstrip(";") + ";\n" for s in constraint_statements),
                                      encoding="utf-8")
    return result
