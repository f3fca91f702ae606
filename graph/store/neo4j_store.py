"""The server store: Neo4j 5 over Bolt, same contract and semantics as SQLiteStore.

Every write is one managed transaction (``execute_write``) that first takes the change-log lock
(the ``:Meta`` counter node), reads the current state of the batch's keys, computes the changes in
Python, writes them with batched ``UNWIND`` statements and appends the change-log entries. A refused
batch raises before the transaction commits, so nothing of it is written. All Cypher lives in
``graph/store/cypher.py``.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, LiteralString

import neo4j

from graph.messages import msg
from graph.privacy import check_batch, check_log, check_text
from graph.schema import Edge, Label, Node, RelType
from graph.store import cypher, neo4j_values
from graph.store._common import dumps, edge_state, loads, now
from graph.store.availability import Availability
from graph.store.base import (
    ApiToken,
    ChangeBatch,
    ChangeEntry,
    EdgeRecord,
    ErasurePlan,
    NodeRecord,
    StoreError,
    UnknownNodeError,
)
from graph.store.neo4j_values import from_neo4j, props_from_neo4j, props_to_neo4j, to_neo4j

__all__ = ["Neo4jStore"]

_CHUNK = 2_000  # rows per UNWIND statement
# The driver's ways of saying "no database to talk to"; OSError covers a refused or reset socket.
_UNREACHABLE = (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError)
_PAGE = 5_000  # rows per read page of nodes()/edges()
_ALL_CHUNK = 5_000  # rows per record of a full load (node_records/edge_records)
_AHEAD = 2  # statements a full load reads ahead of the rows being turned into records
# From this many keys on, a write first asks the count store whether there is anything to look up: a first
# load into an empty database then skips the per-key lookups (one index seek per key and label or type).
_EMPTY_CHECK = 200
_LABELS = frozenset(label.value for label in Label)
_EDGE_RESERVED = ("key", "valid_from", "valid_to")

Pending = tuple[str, str, str, str, str, dict[str, Any] | None, dict[str, Any] | None]


def _chunks(rows: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(rows), _CHUNK):
        yield rows[i:i + _CHUNK]


def _label_of(labels: list[str]) -> str:
    return next((lab for lab in labels if lab in _LABELS), labels[0] if labels else "")


def _node_props(props: dict[str, Any]) -> dict[str, Any]:
    return dict(sorted((k, from_neo4j(k, v)) for k, v in props.items() if k != "key"))


def _edge_record(rec: neo4j.Record | dict[str, Any]) -> dict[str, Any]:
    """A relationship row as the store sees it: endpoints, labels, props, validity."""
    raw = props_from_neo4j(rec["props"])
    return {
        "key": rec["key"], "type": rec["type"], "src": rec["src"], "dst": rec["dst"],
        "src_label": _label_of(rec["src_labels"]), "dst_label": _label_of(rec["dst_labels"]),
        "props": dict(sorted((k, v) for k, v in raw.items() if k not in _EDGE_RESERVED)),
        "valid_from": raw.get("valid_from"), "valid_to": raw.get("valid_to"),
    }


def _edge_props(key: str, row: dict[str, Any]) -> dict[str, Any]:
    """A relationship's whole stored property map: its props, key and validity (null validity is no property)."""
    return {**props_to_neo4j(row["props"]), "key": key, "valid_from": to_neo4j("valid_from", row["valid_from"]),
            "valid_to": to_neo4j("valid_to", row["valid_to"])}


def _to_edge(row: dict[str, Any]) -> Edge:
    return Edge.model_construct(key=row["key"], type=RelType(row["type"]), src=row["src"], dst=row["dst"],
                                src_label=Label(row["src_label"]), dst_label=Label(row["dst_label"]),
                                props=row["props"], valid_from=row["valid_from"], valid_to=row["valid_to"])


def _entry(rec: neo4j.Record) -> ChangeEntry:
    return ChangeEntry(rec["seq"], from_neo4j("ts", rec["ts"]), rec["actor"], rec["op"], rec["key"], rec["kind"],
                       loads(rec["before"]), loads(rec["after"]))


def _token(rec: neo4j.Record) -> ApiToken:
    return ApiToken(rec["token_hash"], rec["name"], rec["role"], rec["scope"], rec["professional_key"],
                    from_neo4j("created", rec["created"]), revoked=bool(rec["revoked"]))



def _run(tx: neo4j.ManagedTransaction, statement: LiteralString) -> None:
    tx.run(statement).consume()

class _Write:
    """The work of one write transaction. Pure functions of the transaction: safe to retry.

    Few round trips whatever the number of batches: the current state of every key the batches name is
    read up front (one statement shape for nodes, one for relationships, whatever their label or type),
    the batches are then applied in order to that state in Python, and only the final state of each
    changed node and relationship is written, grouped by label or by (type, endpoint labels).
    """

    def __init__(self, tx: neo4j.ManagedTransaction, actor: str, ts: str) -> None:
        self.tx = tx
        self.actor = actor
        self.ts = ts
        # Transaction-local state: key -> (label, props) / edge row; None = known not to exist.
        self.node_at: dict[str, tuple[str, dict[str, Any]] | None] = {}
        self.edge_at: dict[str, dict[str, Any] | None] = {}
        # Element ids of the nodes and relationships that exist (read or created in this transaction):
        # a key without one is new and gets CREATEd.
        self.node_id: dict[str, str] = {}
        self.edge_id: dict[str, str] = {}
        self.node_writes: dict[str, dict[str, Any]] = {}  # key -> {"label", "props"}, final state
        self.edge_writes: dict[str, tuple[tuple[RelType, Label, Label], dict[str, Any]]] = {}
        self.close_writes: dict[str, dict[str, Any]] = {}  # key -> {"type", "valid_to"}
        self.small = False  # fewer than _EMPTY_CHECK keys: prefetch in one statement, write in one (write_one)

    def run(self, batches: list[ChangeBatch]) -> list[ChangeEntry]:
        start = self.prefetch(batches)
        pending: list[Pending] = []
        for batch in batches:
            pending += self.nodes(batch)
            pending += self.edges(batch)
            pending += self.closes(batch)
        if self.small:
            return self.write_one(start, pending)
        self.flush()
        return self.log(start, pending)

    # -------------------------------------------------------------- reads inside the transaction
    def prefetch(self, batches: list[ChangeBatch]) -> int:
        """Take the change-log lock, then read the state of every key the batches name; return the log's seq."""
        node_keys: set[str] = set()
        edge_keys: set[str] = set()
        for batch in batches:
            node_keys.update(n.key for n in batch.nodes)
            for e in batch.edges:
                node_keys.update((e.src, e.dst))
                edge_keys.add(e.key)
            edge_keys.update(c.key for c in batch.closes)
        for key in node_keys:
            self.node_at[key] = None
        for key in edge_keys:
            self.edge_at[key] = None
        ts = to_neo4j("ts", self.ts)
        self.small = len(node_keys) + len(edge_keys) < _EMPTY_CHECK
        if self.small:  # lock, node state and relationship state in one statement
            if edge_keys:
                row = self.tx.run(cypher.LOCK_LOG_STATE, ts=ts, keys=sorted(node_keys),
                                  edge_keys=sorted(edge_keys)).single(strict=True)
                for rec in row["edges"]:
                    self.edge_at[rec["key"]] = _edge_record(rec)
                    self.edge_id[rec["key"]] = rec["id"]
            else:
                row = self.tx.run(cypher.LOCK_LOG_NODE_STATE, ts=ts, keys=sorted(node_keys)).single(strict=True)
            for rec in row["nodes"]:
                self.node_at[rec["key"]] = (_label_of(rec["labels"]), _node_props(rec["props"]))
                self.node_id[rec["key"]] = rec["id"]
            return int(row["seq"])
        # A large write may go into an empty or small domain: the count store says how much there is to look up.
        # Fewer nodes (relationships) than keys: read them all (one scan per label or type) instead of seeking
        # every key in every label (type).
        counts = self.tx.run(cypher.LOCK_LOG_COUNTS, ts=ts).single(strict=True)
        start = int(counts["seq"])
        if 0 < counts["nodes"] <= len(node_keys):
            for rec in self.tx.run(cypher.NODE_STATE_ALL, size=_ALL_CHUNK):
                for key, labels, props, element_id in rec[0]:
                    if key in self.node_at:
                        self.node_at[key] = (_label_of(labels), _node_props(props))
                        self.node_id[key] = element_id
        elif counts["nodes"] > 0:
            for chunk in _chunks(sorted(node_keys)):
                for rec in self.tx.run(cypher.NODE_STATE_ANY, keys=chunk):
                    self.node_at[rec["key"]] = (_label_of(rec["labels"]), _node_props(rec["props"]))
                    self.node_id[rec["key"]] = rec["id"]
        if 0 < counts["edges"] <= len(edge_keys):
            for rec in self.tx.run(cypher.EDGE_STATE_ALL, size=_ALL_CHUNK):
                for row in rec[0]:
                    if row["key"] in self.edge_at:
                        self.edge_at[row["key"]] = _edge_record(row)
                        self.edge_id[row["key"]] = row["id"]
        elif counts["edges"] > 0:
            self.fetch_edges(edge_keys)
        return start

    def fetch_edges(self, edge_keys: set[str]) -> None:
        for chunk in _chunks(sorted(edge_keys)):
            for rec in self.tx.run(cypher.EDGE_STATE_ANY, keys=chunk):
                self.edge_at[rec["key"]] = _edge_record(rec)
                self.edge_id[rec["key"]] = rec["id"]

    # -------------------------------------------------------------- the three parts of a batch
    def nodes(self, batch: ChangeBatch) -> list[Pending]:
        wanted = {n.key: n for n in batch.nodes}  # last write wins inside one batch
        log: list[Pending] = []
        for key, node in wanted.items():
            label = node.label.value
            old = self.node_at.get(key)
            if old is None:
                props = dict(node.props)
                log.append((self.ts, self.actor, "node.create", key, label, None, {"label": label, **props}))
                self.set_node(key, label, props)
                continue
            if old[0] != label:
                raise StoreError(msg("store.label_conflict", key=key, label=old[0], expected=label))
            before = old[1]
            after = dict(node.props) if batch.replace else {**before, **node.props}
            if after != before:
                after = dict(sorted(after.items()))
                log.append((self.ts, self.actor, "node.update", key, label,
                            {"label": label, **before}, {"label": label, **after}))
                self.set_node(key, label, after)
        return log

    def set_node(self, key: str, label: str, props: dict[str, Any]) -> None:
        # The diff base of a later batch is what Neo4j would return: properties in key order.
        self.node_at[key] = (label, dict(sorted(props.items())))
        self.node_writes[key] = {"label": label, "props": props}

    def edges(self, batch: ChangeBatch) -> list[Pending]:
        wanted = {e.key: e for e in batch.edges}
        log: list[Pending] = []
        for key, e in wanted.items():
            for end, label in ((e.src, e.src_label), (e.dst, e.dst_label)):
                found = self.node_at.get(end)
                if found is None:
                    raise UnknownNodeError(end)
                if found[0] != label.value:
                    raise StoreError(msg("store.end_label", rel=e.type.value, key=key, end=end, label=found[0],
                                                       expected=label.value))
            state = edge_state(e)
            signature = (e.type, e.src_label, e.dst_label)
            row = {"key": key, "src": e.src, "dst": e.dst, "props": e.props,
                   "valid_from": e.valid_from, "valid_to": e.valid_to}
            old = self.edge_at.get(key)
            if old is None:
                log.append((self.ts, self.actor, "edge.create", key, e.type.value, None, state))
                self.set_edge(key, signature, row)
                continue
            if (old["type"], old["src"], old["dst"]) != (e.type.value, e.src, e.dst):
                raise StoreError(msg("store.edge_key_taken", key=key))
            if (old["props"], old["valid_from"], old["valid_to"]) != (e.props, e.valid_from, e.valid_to):
                before = {**state, "props": old["props"], "valid_from": old["valid_from"],
                          "valid_to": old["valid_to"]}
                log.append((self.ts, self.actor, "edge.update", key, e.type.value, before, state))
                self.set_edge(key, signature, row)
        return log

    def set_edge(self, key: str, signature: tuple[RelType, Label, Label], row: dict[str, Any]) -> None:
        if signature not in cypher.EDGE_SIGNATURES:  # Edge validates its endpoints; this guards hand-built edges
            raise StoreError(msg("store.edge_not_allowed", name=cypher.edge_upsert_name(*signature)))
        rel, src_label, dst_label = signature
        self.edge_at[key] = {
            "key": key, "type": rel.value, "src": row["src"], "dst": row["dst"], "src_label": src_label.value,
            "dst_label": dst_label.value, "props": dict(sorted(row["props"].items())),
            "valid_from": row["valid_from"], "valid_to": row["valid_to"]}
        self.edge_writes[key] = (signature, row)
        self.close_writes.pop(key, None)

    def closes(self, batch: ChangeBatch) -> list[Pending]:
        log: list[Pending] = []
        for close in batch.closes:  # in order: a later close of the same key sees the earlier one
            row = self.edge_at.get(close.key)
            if row is None:
                raise StoreError(msg("store.no_edge_to_close", key=close.key))
            if row["valid_to"] == close.valid_to:
                continue
            if row["valid_to"] is not None and row["valid_to"] < close.valid_to:
                raise StoreError(msg("store.edge_closed", key=close.key, on=row["valid_to"]))
            before = {"type": row["type"], "src": row["src"], "dst": row["dst"], "props": row["props"],
                      "valid_from": row["valid_from"], "valid_to": row["valid_to"]}
            row["valid_to"] = close.valid_to
            if close.key in self.edge_writes:  # written in this transaction: its final row carries the close
                self.edge_writes[close.key][1]["valid_to"] = close.valid_to
            else:
                self.close_writes[close.key] = {"type": row["type"], "valid_to": close.valid_to}
            log.append((self.ts, self.actor, "edge.close", close.key, row["type"], before,
                        {**before, "valid_to": close.valid_to}))
        return log

    # -------------------------------------------------------------- writes
    def flush(self) -> None:
        """Nodes first (relationships need their endpoints' ids), then relationships, then closes.

        One statement shape per kind of write whatever the label (labels travel as parameters), and one
        per relationship type for new relationships.
        """
        creates, updates = self.node_rows()
        for chunk in _chunks(creates):
            for rec in self.tx.run(cypher.NODE_CREATE, rows=chunk):
                self.node_id[rec["key"]] = rec["id"]
        for chunk in _chunks(updates):
            self.tx.run(cypher.NODE_UPDATE, rows=chunk).consume()
        edge_creates: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
        edge_updates = []
        for key, ((rel, _src, _dst), row) in self.edge_writes.items():
            out: dict[str, Any] = {"key": key, "props": _edge_props(key, row)}
            if key in self.edge_id:
                edge_updates.append({**out, "id": self.edge_id[key]})
            else:
                edge_creates[rel].append({**out, "src_id": self.node_id[row["src"]],
                                          "dst_id": self.node_id[row["dst"]]})
        statements = [(cypher.EDGE_CREATE[rel], rows) for rel, rows in edge_creates.items()]
        for text, rows in [*statements, (cypher.EDGE_UPDATE, edge_updates)]:
            for chunk in _chunks(rows):
                written = self.tx.run(text, rows=chunk).single(strict=True)["n"]
                if written != len(chunk):  # an endpoint or relationship vanished: never half a write
                    raise StoreError(msg("store.write_refused", detail=f"{written} of {len(chunk)} relationships"))
        for chunk in _chunks(self.close_rows()):
            self.tx.run(cypher.CLOSE_EDGE, rows=chunk).consume()

    def node_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The nodes to write as statement rows: (to create, with their label; to update, by element id)."""
        creates: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for key, w in self.node_writes.items():
            props = {**props_to_neo4j(w["props"]), "key": key}
            if key in self.node_id:
                updates.append({"id": self.node_id[key], "key": key, "props": props})
            else:
                creates.append({"label": Label(w["label"]).value, "key": key, "props": props})
        return creates, updates

    def close_rows(self) -> list[dict[str, Any]]:
        return [{"id": self.edge_id[key], "valid_to": to_neo4j("valid_to", c["valid_to"])}
                for key, c in self.close_writes.items()]

    def write_one(self, start: int, pending: list[Pending]) -> list[ChangeEntry]:
        """A small write's nodes, relationships, closes and change-log entries in one statement (write_statement)."""
        if not pending:
            return []
        entries = self.entries(start, pending)
        creates, updates = self.node_rows()
        created_at = {row["key"]: i for i, row in enumerate(creates)}  # key -> its place in creates
        edge_creates: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
        edge_updates = []
        for key, ((rel, _src, _dst), row) in self.edge_writes.items():
            out: dict[str, Any] = {"key": key, "props": _edge_props(key, row)}
            if key in self.edge_id:
                edge_updates.append({**out, "id": self.edge_id[key]})
                continue
            for end in ("src", "dst"):
                out[end] = row[end]
                out[f"{end}_id"] = self.node_id.get(row[end])
                out[f"{end}_i"] = created_at.get(row[end])
            edge_creates[rel].append(out)
        closes = self.close_rows()
        types = tuple(sorted(edge_creates, key=list(RelType).index))
        text = cypher.write_statement(bool(creates), bool(updates), types, bool(edge_updates), bool(closes))
        sent = sum(len(rows) for rows in edge_creates.values()) + len(edge_updates)
        result = self.tx.run(
            text, node_creates=creates, node_updates=updates,
            edge_creates={rel.value: rows for rel, rows in edge_creates.items()}, edge_updates=edge_updates,
            closes=closes, log=self.log_rows(entries), ts=to_neo4j("ts", self.ts), seq=entries[-1].seq)
        written = result.single(strict=True)["written"]
        if written != sent:  # an endpoint or relationship vanished: never half a write
            raise StoreError(msg("store.write_refused", detail=f"{written} of {sent} relationships"))
        return entries

    def entries(self, start: int, pending: list[Pending]) -> list[ChangeEntry]:
        return [ChangeEntry(start + i + 1, ts, actor, op, key, kind, before, after)
                for i, (ts, actor, op, key, kind, before, after) in enumerate(pending)]

    @staticmethod
    def log_rows(entries: list[ChangeEntry]) -> list[dict[str, Any]]:
        return [{"seq": e.seq, "actor": e.actor, "op": e.op, "key": e.key, "kind": e.kind,
                 "before": dumps(e.before), "after": dumps(e.after)} for e in entries]

    def log(self, start: int, pending: list[Pending]) -> list[ChangeEntry]:
        if not pending:
            return []
        entries = self.entries(start, pending)
        # The entries of one write share their timestamp: it travels once per statement, not per row (a
        # DATETIME parameter costs about a millisecond to pack and unpack, 2 s per chunk of 2 000 rows).
        by_ts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for e, row in zip(entries, self.log_rows(entries), strict=True):
            by_ts[e.ts].append(row)
        for ts, rows in by_ts.items():
            for chunk in _chunks(rows):  # each chunk also moves the counter (to the write's last seq)
                self.tx.run(cypher.INSERT_CHANGES, rows=chunk, ts=to_neo4j("ts", ts), seq=entries[-1].seq).consume()
        return entries


class Neo4jStore:
    """GraphStore on a Neo4j 5 database. One driver per store; thread-safe like the driver."""

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", *, database: str = "neo4j",
                 ensure_schema: bool = True, timeout: float = 5.0) -> None:
        self.uri = uri
        self.database = database
        self.availability = Availability()
        auth = (user, password) if password else None
        # Warnings such as "property key does not exist" on an empty database are expected noise.
        # Short timeouts: the driver's defaults (30 s of retries) would hold a request that long in an
        # outage; transient errors (deadlocks, leader changes) are still retried within ``timeout``.
        self._driver = neo4j.GraphDatabase.driver(
            uri, auth=auth, notifications_min_severity="OFF", connection_timeout=timeout,
            connection_acquisition_timeout=timeout, max_transaction_retry_time=timeout,
            liveness_check_timeout=timeout)
        # One bookmark manager per store: every session of this process is causally chained, so on a
        # cluster a read after a write (also the change-log poller's) never comes from a member that
        # has not applied it yet. On a single server bookmarks cost nothing.
        self._bookmarks = neo4j.GraphDatabase.bookmark_manager()
        if ensure_schema:
            self.ensure_schema()

    @contextlib.contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        """A session; an unreachable database becomes ``StoreUnavailable`` (and fails fast until a probe)."""
        self.availability.check()
        try:
            with self._driver.session(database=self.database, bookmark_manager=self._bookmarks) as session:
                yield session
        except _UNREACHABLE as exc:
            raise self.availability.failed(f"{type(exc).__name__}: {exc}") from exc

    @property
    def available(self) -> bool:
        return self.availability.available

    def probe(self) -> bool:
        try:
            self._driver.verify_connectivity()
        except _UNREACHABLE as exc:
            self.availability.failed(f"{type(exc).__name__}: {exc}")
            return False
        self.availability.recovered()
        return True

    def _read(self, text: Any, **params: Any) -> list[neo4j.Record]:
        """One read statement in its own transaction, retried like ``execute_read``, on this store's bookmarks.

        Through ``execute_query``, which sends BEGIN with the statement: two round trips instead of three
        (a signed-in request reads its token, a write's answer its history).
        """
        self.availability.check()
        try:
            return self._driver.execute_query(text, params, database_=self.database, routing_=neo4j.RoutingControl.READ,
                                              bookmark_manager_=self._bookmarks).records
        except _UNREACHABLE as exc:
            raise self.availability.failed(f"{type(exc).__name__}: {exc}") from exc

    def ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing and wait until they are online.

        On a database that has them all (every start but the first) this is one read transaction.
        """
        def existing(tx: neo4j.ManagedTransaction) -> tuple[set[str], bool]:
            names = {str(r["name"]) for r in tx.run(cypher.SHOW_CONSTRAINTS)}
            indexes = list(tx.run(cypher.SHOW_INDEXES))
            return names | {str(r["name"]) for r in indexes}, all(r["state"] == "ONLINE" for r in indexes)

        with self._session() as session:
            names, online = session.execute_read(existing)
            missing = [text for name, text in cypher.schema_names().items() if name not in names]
            for statement in missing:  # IF NOT EXISTS: another process creating it meanwhile is fine
                session.execute_write(_run, statement)
            if missing or not online:
                session.execute_read(lambda tx: tx.run(cypher.AWAIT_INDEXES).consume())
            neo4j_values.migrate(session)  # text dates of an older database become DATE (once)

    # ------------------------------------------------------------------ writes
    def apply(self, batch: ChangeBatch, actor: str) -> list[ChangeEntry]:
        return self._write([batch], actor)

    def apply_many(self, batches: Iterable[ChangeBatch], actor: str) -> int:
        return len(self._write(list(batches), actor))

    def _write(self, batches: list[ChangeBatch], actor: str) -> list[ChangeEntry]:
        for batch in batches:
            check_batch(batch)  # no child identifiers, not even in the change log: refused before the session
        ts = now()
        with self._session() as session:
            try:
                return session.execute_write(lambda tx: _Write(tx, actor, ts).run(batches))
            except neo4j.exceptions.ConstraintError as exc:
                raise StoreError(msg("store.write_refused", detail=str(exc.message))) from exc
            except neo4j.exceptions.CypherTypeError as exc:  # e.g. a list mixing strings and numbers
                raise StoreError(msg("store.value_unstorable", detail=str(exc.message))) from exc

    def append_log(self, actor: str, op: str, key: str, kind: str,
                   before: dict[str, Any] | None, after: dict[str, Any] | None) -> ChangeEntry:
        def work(tx: neo4j.ManagedTransaction) -> list[ChangeEntry]:
            w = _Write(tx, actor, ts)
            start = tx.run(cypher.LOCK_LOG, ts=to_neo4j("ts", ts)).single(strict=True)["seq"]
            return w.log(start, [(ts, actor, op, key, kind, before, after)])

        check_log(op, key, kind, before, after)
        ts = now()
        with self._session() as session:
            return session.execute_write(work)[0]

    def delete_everything(self) -> None:
        """Empty the database: domain graph, change log and tokens (tests and benchmarks only).

        The emptied database holds the current representation by definition, so it keeps the types marker:
        without it the next start would page through everything written meanwhile to convert text dates that
        were never text (the benchmark's cold start after its import spent 21 s on that).
        """
        with self._session() as session:
            while session.execute_write(
                    lambda tx: tx.run(cypher.WIPE, limit=10_000).single(strict=True)["n"]):
                pass
            session.execute_write(
                lambda tx: tx.run(cypher.TYPES_VERSION_SET, version=neo4j_values.TYPES_VERSION).consume())

    # ------------------------------------------------------------------ reads
    def get_node(self, key: str) -> Node | None:
        rows = self._read(cypher.NODE_STATE_ANY, keys=[key])
        if not rows:
            return None
        return Node.model_construct(label=Label(_label_of(rows[0]["labels"])), key=key,
                                    props=_node_props(rows[0]["props"]))

    def _node_pages(self, label: Label) -> Iterator[Node]:
        after = ""
        while True:
            rows = self._read(cypher.NODE_PAGE[label], after=after, limit=_PAGE)
            for rec in rows:
                yield Node.model_construct(label=label, key=rec["key"], props=_node_props(rec["props"]))
            if len(rows) < _PAGE:
                return
            after = rows[-1]["key"]

    def nodes(self, label: Label | None = None) -> Iterator[Node]:
        """In key order, like SQLiteStore; read page by page so a national graph streams."""
        if label is not None:
            return self._node_pages(Label(label))
        return heapq.merge(*(self._node_pages(lab) for lab in Label), key=lambda n: n.key)

    def _edge_pages(self, rel: RelType) -> Iterator[Edge]:
        after = ""
        while True:
            rows = self._read(cypher.EDGE_PAGE[rel], after=after, limit=_PAGE)
            for rec in rows:
                yield _to_edge(_edge_record(rec))
            if len(rows) < _PAGE:
                return
            after = rows[-1]["key"]

    def edges(self, type: RelType | None = None) -> Iterator[Edge]:
        if type is not None:
            return self._edge_pages(RelType(type))
        return heapq.merge(*(self._edge_pages(rel) for rel in RelType), key=lambda e: e.key)

    def _all(self, text: Any) -> list[list[Any]]:
        """Every row of a NODE_ALL/EDGE_ALL statement (which sends them ``_ALL_CHUNK`` to a record)."""
        def work(tx: neo4j.ManagedTransaction) -> list[list[Any]]:
            rows: list[list[Any]] = []
            for rec in tx.run(text, size=_ALL_CHUNK):
                rows += rec[0]
            return rows

        with self._session() as session:
            return session.execute_read(work)

    def _all_ahead(self, texts: list[Any]) -> Iterator[list[list[Any]]]:
        """The rows of each statement in turn, the next ones read by a second thread meanwhile: the server
        reads and the socket waits while this thread turns the previous rows into records (a full load is
        about half of each). A statement's rows are read whole inside its transaction, so a retried
        transaction never yields a row twice."""
        with ThreadPoolExecutor(1, thread_name_prefix="neo4j-load") as pool:
            ahead: deque[Future[list[list[Any]]]] = deque()
            todo = iter(texts)
            for text in itertools.islice(todo, _AHEAD):
                ahead.append(pool.submit(self._all, text))
            while ahead:
                rows = ahead.popleft().result()
                for text in itertools.islice(todo, 1):
                    ahead.append(pool.submit(self._all, text))
                yield rows

    def node_records(self) -> Iterator[NodeRecord]:
        for label, rows in zip(Label, self._all_ahead([cypher.NODE_ALL[label] for label in Label]), strict=True):
            name = label.value
            for key, props in rows:
                props.pop("key", None)
                yield name, key, props_from_neo4j(props)

    def edge_records(self) -> Iterator[EdgeRecord]:
        for rel, rows in zip(RelType, self._all_ahead([cypher.EDGE_ALL[rel] for rel in RelType]), strict=True):
            name = rel.value
            for key, src, dst, props in rows:
                props = props_from_neo4j(props)
                props.pop("key", None)
                yield key, name, src, dst, props.pop("valid_from", None), props.pop("valid_to", None), props

    def get_edge(self, key: str) -> Edge | None:
        rows = self._read(cypher.EDGE_STATE_ANY, keys=[key])
        return _to_edge(_edge_record(rows[0])) if rows else None

    def changes_since(self, seq: int, limit: int = 10_000) -> list[ChangeEntry]:
        return [_entry(r) for r in self._read(cypher.CHANGES_SINCE, seq=seq, limit=limit)]

    def history(self, key: str) -> list[ChangeEntry]:
        return [_entry(r) for r in self._read(cypher.CHANGE_HISTORY, key=key)]

    def history_of(self, keys: Iterable[str], last: int | None = None) -> list[ChangeEntry]:
        wanted = sorted(set(keys))
        if last is None:
            return [_entry(r) for r in self._read(cypher.CHANGE_HISTORY_OF, keys=wanted)]
        return [_entry(r) for r in reversed(self._read(cypher.CHANGE_HISTORY_LAST, keys=wanted, last=last))]

    def last_seq(self) -> int:
        return int(self._read(cypher.LAST_SEQ)[0]["seq"])

    def counts(self) -> dict[str, int]:
        row: dict[str, Any] = self._read(cypher.COUNTS)[0].data()
        return {name: int(n) for name, n in row.items() if n}

    def is_empty(self) -> bool:
        return bool(self._read(cypher.IS_EMPTY)[0]["empty"])

    # ------------------------------------------------------------------ tokens
    def put_token(self, token: ApiToken) -> None:
        check_text("name", token.name, where="token")
        props = {"token_hash": token.token_hash, "name": token.name, "role": token.role, "scope": token.scope,
                 "professional_key": token.professional_key, "created": to_neo4j("created", token.created),
                 "revoked": token.revoked}
        with self._session() as session:
            session.execute_write(lambda tx: tx.run(cypher.PUT_TOKEN, token=props).consume())

    def get_token(self, token_hash: str) -> ApiToken | None:
        rows = self._read(cypher.GET_TOKEN, token_hash=token_hash)
        return _token(rows[0]) if rows else None

    def tokens(self) -> list[ApiToken]:
        return [_token(r) for r in self._read(cypher.TOKENS)]

    # ------------------------------------------------------------------ erasure
    def erase(self, plan: ErasurePlan, actor: str) -> ChangeEntry:
        op, key, kind, after = plan.record
        check_log(op, key, kind, None, after)
        for node in plan.replace_nodes:
            check_batch(ChangeBatch(nodes=[node]))
        ts = now()

        def work(tx: neo4j.ManagedTransaction) -> ChangeEntry:
            start = tx.run(cypher.LOCK_LOG, ts=to_neo4j("ts", ts)).single(strict=True)["seq"]
            by_type: dict[str, list[str]] = defaultdict(list)
            for k in plan.delete_edges:
                by_type[k.split("|")[1]].append(k)
            for typ, keys in by_type.items():
                tx.run(cypher.ERASE_EDGE[RelType(typ)], keys=keys).consume()
            labels = {r["key"]: r["labels"] for r in tx.run(cypher.NODE_STATE_ANY, keys=plan.delete_nodes)}
            for k, labs in labels.items():
                tx.run(cypher.ERASE_NODE[Label(labs[0])], keys=[k]).consume()
            for node in plan.replace_nodes:
                tx.run(cypher.REPLACE_NODE[node.label],
                       rows=[{"key": node.key, "props": props_to_neo4j(node.props)}]).consume()
            rows = [{"seq": e.seq, "key": e.key, "actor": e.actor, "before": dumps(e.before), "after": dumps(e.after)}
                    for e in plan.rewrite_log]
            for chunk in _chunks(rows):
                tx.run(cypher.REWRITE_LOG, rows=chunk).consume()
            tx.run(cypher.DELETE_TOKENS, hashes=plan.delete_tokens).consume()
            if plan.scrub_text:
                tx.run(cypher.DELETE_CLAIMS_NAMING, texts=plan.scrub_text).consume()
            return _Write(tx, actor, ts).log(start, [(ts, actor, op, key, kind, None, after)])[0]

        with self._session() as session:
            return session.execute_write(work)

    # ------------------------------------------------------------------ claims
    def claim(self, name: str, holder: str, until: str, now: str) -> str:
        def work(tx: neo4j.ManagedTransaction) -> str:
            row = tx.run(cypher.LOCK_CLAIM, name=name, now=to_neo4j("locked_at", now)).single(strict=True)
            if row["holder"] is None or row["holder"] == holder or str(from_neo4j("until", row["until"])) < now:
                tx.run(cypher.SET_CLAIM, name=name, holder=holder, until=to_neo4j("until", until)).consume()
                return holder
            return str(row["holder"])

        with self._session() as session:
            return session.execute_write(work)

    def release(self, name: str, holder: str) -> None:
        with self._session() as session:
            session.execute_write(lambda tx: tx.run(cypher.RELEASE_CLAIM, name=name, holder=holder).consume())

    def claims(self) -> list[tuple[str, str, str]]:
        return [(str(r["name"]), str(r["holder"]), str(from_neo4j("until", r["until"])))
                for r in self._read(cypher.CLAIMS)]

    def close(self) -> None:
        self._driver.close()
