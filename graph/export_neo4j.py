"""Export the graph as neo4j-admin import CSV files, so a real Neo4j can be loaded in one step.

One file per label (``nodes_<Label>.csv``: ``key:ID`` + typed property columns + ``:LABEL``) and one
per relationship type (``rels_<TYPE>.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE``, ``key``,
``valid_from``, ``valid_to`` + properties). Node keys are unique across labels, so one ID space
is enough. Closed relationships are exported too: closing is not deleting. ``constraints.cypher``
holds the Neo4j store's constraints and the few values CSV cannot carry, to run after the import.

Lossless, so that export → ``neo4j-admin database import`` → serve gives the same answers:

- every string cell is quoted, so an empty string (``""``) stays an empty string and only a missing
  value is an empty cell (imported with ``--ignore-empty-strings=false``);
- list items are joined by U+001F (the ASCII unit separator), which no text jbnet stores contains, so
  items with ``;``, commas, quotes or line breaks come back whole; a list CSV cannot carry at all (an
  empty list, or one empty string) is set by ``constraints.cypher``;
- the change log (``:ChangeLog``), its counter (``:Meta``), the API tokens (``:ApiToken``, hashes only)
  and the claims (``:Claim``: leases and spent single-use links) are exported in their own ID groups,
  so ``history`` survives and the next write continues the sequence.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.schema import Label, RelType
from graph.store._common import dumps
from graph.store.base import ChangeEntry, GraphStore

__all__ = ["ARRAY_DELIMITER", "ExportResult", "column_type", "export_neo4j"]

ARRAY_DELIMITER = "\x1f"  # U+001F: on the command line as U+001F
_DELIMITER_ARG = "U+001F"
Progress = Callable[[int, int, str], None]  # (done, total, what)


@dataclass
class ExportResult:
    out: Path
    node_files: dict[str, Path] = field(default_factory=dict)
    relationship_files: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # domain labels and types, as GraphStore.counts()
    system_counts: dict[str, int] = field(default_factory=dict)  # ChangeLog, Meta, ApiToken, Claim
    constraints: Path | None = None

    def import_command(self, database: str = "neo4j") -> str:
        """The ``neo4j-admin database import full`` command line for these files (Neo4j 5).

        Proven against Neo4j 5.26's importer by tests/graph/test_export_neo4j_import.py. The database
        name comes right after ``full``: ``--nodes``/``--relationships`` take several files each, so a
        trailing name would be read as one more relationship file.
        """
        parts = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination=true",
                 f"--array-delimiter={_DELIMITER_ARG}", "--multiline-fields=true", "--ignore-empty-strings=false"]
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
    # An empty list says nothing about its element type (and is set after the import anyway).
    kinds = {_kind(v) for v in values if v is not None and v != []}
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


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any, kind: str, where: str) -> str:
    """One CSV field as neo4j-admin reads it: unquoted empty = no value, strings and lists quoted."""
    if value is None or _csv_cannot_carry(value):  # [] and [""] are set by constraints.cypher
        return ""
    if kind.endswith("[]"):
        items = [_text(i) for i in (value if isinstance(value, list) else [value])]
        if any(ARRAY_DELIMITER in i for i in items):
            raise ValueError(f"{where}: a list item contains U+001F, which the export uses between items")
        return _quoted(ARRAY_DELIMITER.join(items))
    if kind == "string":
        return _quoted(value if isinstance(value, str) else _text(value))
    return _text(value)


def _strings(*values: str | None) -> list[str]:
    """String cells of a system row (no lists there, so nothing to name on a refusal)."""
    return [_cell(v, "string", "") for v in values]


def _csv_cannot_carry(value: Any) -> bool:
    # An empty cell is "no value", so a list whose joined text is empty ([] or [""]) needs Cypher.
    return isinstance(value, list) and all(_text(i) == "" for i in value)


def _write_rows(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    # The fields are quoted by _cell already: a csv.writer would quote them again.
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(",".join(_quoted(h) if "," in h else h for h in header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


def _literal(value: Any) -> str:
    """A Cypher literal of a key or of a list CSV cannot carry."""
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _columns(rows: list[dict[str, Any]], reserved: tuple[str, ...]) -> list[tuple[str, str]]:
    names = sorted({k for r in rows for k in r} - set(reserved))
    return [(n, column_type(r.get(n) for r in rows)) for n in names]


def _header(name: str, kind: str) -> str:
    return name if kind == "string" else f"{name}:{kind}"


def export_neo4j(store: GraphStore, out: Path, *, progress: Progress | None = None,
                 constraint_statements: list[str] | None = None) -> ExportResult:
    """Write the CSV files and ``constraints.cypher`` (the constraints when given, and the values CSV
    cannot carry) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(out=out)
    fixups: list[str] = []
    steps = len(Label) + len(RelType) + 1
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
        _write_rows(path, ["key:ID", *(_header(n, k) for n, k in columns), ":LABEL"],
                    ([_quoted(key), *(_cell(props.get(n), k, f"{key}.{n}") for n, k in columns), label.value]
                     for key, props in nodes))
        fixups += _fixups(f"MATCH (x:`{label.value}` {{key: k}})",
                          [(key, n, props.get(n)) for key, props in nodes for n, _ in columns])
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
        _write_rows(path, [":START_ID", ":END_ID", ":TYPE", "key", "valid_from", "valid_to",
                           *(_header(n, k) for n, k in columns)],
                    ([_quoted(e.src), _quoted(e.dst), rel.value, _quoted(e.key),
                      _cell(e.valid_from, "string", e.key), _cell(e.valid_to, "string", e.key),
                      *(_cell(e.props.get(n), k, f"{e.key}.{n}") for n, k in columns)]
                     for e in edges))
        fixups += _fixups(f"MATCH ()-[x:`{rel.value}` {{key: k}}]->()",
                          [(e.key, n, e.props.get(n)) for e in edges for n, _ in columns])
        result.relationship_files[rel.value] = path
        result.counts[rel.value] = len(edges)
    _export_system(store, out, result)
    if progress:
        progress(steps, steps, "change log, tokens, claims")
    if constraint_statements is not None or fixups:
        result.constraints = out / "constraints.cypher"
        statements = [*(constraint_statements or []), *fixups]
        result.constraints.write_text("".join(s.rstrip().rstrip(";") + ";\n" for s in statements),
                                      encoding="utf-8")
    return result


def _fixups(match: str, values: list[tuple[str, str, Any]]) -> list[str]:
    """``SET`` statements for the list values CSV cannot carry, one per (property, value)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for key, name, value in values:
        if _csv_cannot_carry(value):
            grouped.setdefault((name, _literal(value)), []).append(key)
    return [f"UNWIND {_literal(keys)} AS k {match} SET x.`{name}` = {value}"
            for (name, value), keys in sorted(grouped.items())]


def _export_system(store: GraphStore, out: Path, result: ExportResult) -> None:
    """The change log, its counter, the token hashes and the claims, each in its own ID group.

    Their ``:ID(group)`` columns are not stored as properties; the properties are the ones Neo4jStore
    writes, so the imported database serves ``history``, tokens and single-use links as the source did.
    """
    last = store.last_seq()
    entries: list[ChangeEntry] = []
    while len(entries) < last:
        page = store.changes_since(entries[-1].seq if entries else 0, limit=50_000)
        if not page:
            break
        entries += page
    files = {
        "ChangeLog": (["seq:long", "ts", "actor", "op", "key", "kind", "before", "after"],
                      [[str(e.seq), *_strings(e.ts, e.actor, e.op, e.key, e.kind, dumps(e.before), dumps(e.after))]
                       for e in entries]),
        "Meta": (["name", "seq:long"], [[_quoted("changelog"), str(last)]]),
        "ApiToken": (["token_hash", "name", "role", "scope", "professional_key", "created", "revoked:boolean"],
                     [[*_strings(t.token_hash, t.name, t.role, t.scope, t.professional_key, t.created),
                       _text(bool(t.revoked))] for t in store.tokens()]),
        "Claim": (["name", "holder", "until"], [_strings(n, h, u) for n, h, u in store.claims()]),
    }
    for label, (header, rows) in files.items():
        if not rows:
            continue
        path = out / f"nodes_{label}.csv"
        _write_rows(path, [f":ID({label})", *header, ":LABEL"],
                    ([str(i), *row, label] for i, row in enumerate(rows)))
        result.node_files[label] = path
        result.system_counts[label] = len(rows)
