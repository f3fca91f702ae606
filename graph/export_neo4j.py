"""Export the graph as neo4j-admin import CSV files, so a real Neo4j can be loaded in one step.

One file per label (``nodes_<Label>.csv``: ``key:ID`` + typed property columns + ``:LABEL``) and one
per relationship type (``rels_<TYPE>.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE``, ``key``,
``valid_from``, ``valid_to`` + properties). Node keys are unique across labels, so one ID space
is enough. Closed relationships are exported too: closing is not deleting. ``constraints.cypher``
holds the Neo4j store's constraints and the few values CSV cannot carry, to run after the import.

Lossless and typed as ``Neo4jStore`` writes, so that export → ``neo4j-admin database import`` → serve
gives the same answers and the same native values:

- dates are ``:date`` columns, timestamps (change log, tokens, claims) ``:datetime``, ``serves_codes``
  a ``:string[]`` (``graph/store/neo4j_values.py``); a value without that form (``'onbekend'`` in a
  date field) keeps its text through ``constraints.cypher``, and a ``:Meta {name: 'types'}`` marker
  says the values are native already, so the store does not convert them again;
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

import datetime as dt
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.messages import Message, msg
from graph.schema import Label, RelType
from graph.store._common import dumps
from graph.store.base import ChangeEntry, GraphStore
from graph.store.neo4j_values import TYPES_VERSION, props_to_neo4j

__all__ = ["ARRAY_DELIMITER", "ExportResult", "column_type", "export_neo4j"]

ARRAY_DELIMITER = "\x1f"  # U+001F: on the command line as U+001F
_DELIMITER_ARG = "U+001F"
Progress = Callable[[int, int, Message], None]  # (done, total, what: a catalogue message)


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
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
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
    for native in ("date", "datetime"):
        # A date field with a few free-text values stays a date column; the texts go to constraints.cypher.
        if kinds == {native, "string"}:
            return native
    if kinds <= {"long", "double"} or kinds <= {"long[]", "double[]"}:
        return "double[]" if "double[]" in kinds else "double"
    return "string[]" if any(k.endswith("[]") for k in kinds) else "string"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # and datetime: ISO 8601 with its offset, as neo4j-admin parses it
        return value.isoformat()
    return str(value)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any, kind: str, where: str) -> str:
    """One CSV field as neo4j-admin reads it: unquoted empty = no value, strings and lists quoted."""
    if value is None or _csv_cannot_carry(value, kind):  # set by constraints.cypher
        return ""
    if kind.endswith("[]"):
        items = [_text(i) for i in (value if isinstance(value, list) else [value])]
        if any(ARRAY_DELIMITER in i for i in items):
            raise ValueError(f"{where}: a list item contains U+001F, which the export uses between items")
        return _quoted(ARRAY_DELIMITER.join(items))
    if kind == "string":
        return _quoted(value if isinstance(value, str) else _text(value))
    return _text(value)


def _csv_cannot_carry(value: Any, kind: str) -> bool:
    # An empty cell is "no value", so a list whose joined text is empty ([] or [""]) needs Cypher,
    # and so does a text in a date column ('onbekend'), which the importer would not parse.
    if kind in ("date", "datetime") and isinstance(value, str):
        return True
    return isinstance(value, list) and all(_text(i) == "" for i in value)


def _write_rows(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    # The fields are quoted by _cell already: a csv.writer would quote them again.
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(",".join(_quoted(h) if "," in h else h for h in header) + "\n")
        for row in rows:
            f.write(",".join(row) + "\n")


# Escapes of a Cypher string literal; ';' too (as \u003B), so every statement of constraints.cypher is one
# line that ends at its only ';' and any tool may split the file there.
_ESCAPES = str.maketrans({"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", ";": "\\u003B"})


def _literal(value: Any) -> str:
    """A Cypher literal of a key or of a value CSV cannot carry."""
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).translate(_ESCAPES) + "'"


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
        nodes = [(n.key, props_to_neo4j(n.props)) for n in store.nodes(label)]
        done += 1
        if progress:
            progress(done, steps, msg("progress.export.nodes", label=label.value))
        if not nodes:
            continue
        columns = _columns([p for _, p in nodes], reserved=("key",))
        path = out / f"nodes_{label.value}.csv"
        _write_rows(path, ["key:ID", *(_header(n, k) for n, k in columns), ":LABEL"],
                    ([_quoted(key), *(_cell(props.get(n), k, f"{key}.{n}") for n, k in columns), label.value]
                     for key, props in nodes))
        fixups += _fixups(f"MATCH (x:`{label.value}` {{key: k}})",
                          [(key, n, props.get(n), k) for key, props in nodes for n, k in columns])
        result.node_files[label.value] = path
        result.counts[label.value] = len(nodes)
    for rel in RelType:
        edges = [(e, props_to_neo4j({**e.props, "valid_from": e.valid_from, "valid_to": e.valid_to}))
                 for e in store.edges(rel)]
        done += 1
        if progress:
            progress(done, steps, msg("progress.export.relationships", rel=rel.value))
        if not edges:
            continue
        validity = [(n, column_type(p[n] for _, p in edges)) for n in ("valid_from", "valid_to")]
        columns = validity + _columns([p for _, p in edges], reserved=("key", "valid_from", "valid_to"))
        path = out / f"rels_{rel.value}.csv"
        _write_rows(path, [":START_ID", ":END_ID", ":TYPE", "key", *(_header(n, k) for n, k in columns)],
                    ([_quoted(e.src), _quoted(e.dst), rel.value, _quoted(e.key),
                      *(_cell(props.get(n), k, f"{e.key}.{n}") for n, k in columns)]
                     for e, props in edges))
        fixups += _fixups(f"MATCH ()-[x:`{rel.value}` {{key: k}}]->()",
                          [(e.key, n, props.get(n), k) for e, props in edges for n, k in columns])
        result.relationship_files[rel.value] = path
        result.counts[rel.value] = len(edges)
    fixups += _export_system(store, out, result)
    if progress:
        progress(steps, steps, msg("progress.export.rest"))
    if constraint_statements is not None or fixups:
        result.constraints = out / "constraints.cypher"
        statements = [*(constraint_statements or []), *fixups]
        result.constraints.write_text("".join(s.rstrip().rstrip(";") + ";\n" for s in statements),
                                      encoding="utf-8")
    return result


def _fixups(match: str, values: list[tuple[Any, str, Any, str]]) -> list[str]:
    """``SET`` statements for the values CSV cannot carry, one per (property, value): ``match`` binds
    ``x`` by ``k``, the first item of each (k, property, value, column type)."""
    grouped: dict[tuple[str, str], list[Any]] = {}
    for key, name, value, kind in values:
        if value is not None and _csv_cannot_carry(value, kind):
            grouped.setdefault((name, _literal(value)), []).append(key)
    return [f"UNWIND {_literal(keys)} AS k {match} SET x.`{name}` = {value}"
            for (name, value), keys in sorted(grouped.items())]


def _export_system(store: GraphStore, out: Path, result: ExportResult) -> list[str]:
    """The change log, its counter and the types marker, the token hashes and the claims, each in its
    own ID group; returns the ``SET`` statements for the values CSV cannot carry.

    Their ``:ID(group)`` columns are not stored as properties; the properties (and their types) are the
    ones Neo4jStore writes, so the imported database serves ``history``, tokens and single-use links as
    the source did.
    """
    last = store.last_seq()
    entries: list[ChangeEntry] = []
    while len(entries) < last:
        page = store.changes_since(entries[-1].seq if entries else 0, limit=50_000)
        if not page:
            break
        entries += page
    # label -> (the property that finds a node again, one property map per node)
    files: dict[str, tuple[str, list[dict[str, Any]]]] = {
        "ChangeLog": ("seq", [{"seq": e.seq, "ts": e.ts, "actor": e.actor, "op": e.op, "key": e.key, "kind": e.kind,
                               "before": dumps(e.before), "after": dumps(e.after)} for e in entries]),
        "Meta": ("name", [{"name": "changelog", "seq": last}, {"name": "types", "version": TYPES_VERSION}]),
        "ApiToken": ("token_hash", [{"token_hash": t.token_hash, "name": t.name, "role": t.role, "scope": t.scope,
                                     "professional_key": t.professional_key, "created": t.created,
                                     "revoked": bool(t.revoked)} for t in store.tokens()]),
        "Claim": ("name", [{"name": n, "holder": h, "until": u} for n, h, u in store.claims()]),
    }
    fixups: list[str] = []
    for label, (ident, plain) in files.items():
        if not plain:
            continue
        rows = [props_to_neo4j(r) for r in plain]
        columns = _columns(rows, reserved=())
        path = out / f"nodes_{label}.csv"
        _write_rows(path, [f":ID({label})", *(_header(n, k) for n, k in columns), ":LABEL"],
                    ([str(i), *(_cell(row.get(n), k, f"{label} {row[ident]}.{n}") for n, k in columns), label]
                     for i, row in enumerate(rows)))
        fixups += _fixups(f"MATCH (x:`{label}` {{{ident}: k}})",
                          [(row[ident], n, row.get(n), k) for row in rows for n, k in columns])
        result.node_files[label] = path
        result.system_counts[label] = len(rows)
    return fixups
