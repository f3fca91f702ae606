"""The embedded default store: one SQLite file (stdlib sqlite3, WAL), one transaction per batch."""

from __future__ import annotations

import gc
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.messages import msg
from graph.privacy import check_batch, check_log, check_text
from graph.schema import Edge, Label, Node, RelType, trusted_edge, trusted_node
from graph.store._common import dumps, edge_state, loads, now
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

__all__ = ["SQLiteStore"]

# A change-log row before it is written: (ts, actor, op, key, kind, before, after).
_LogRow = tuple[str, str, str, str, str, dict[str, Any] | None, dict[str, Any] | None]


def _token(row: tuple[Any, ...]) -> ApiToken:
    return ApiToken(token_hash=row[0], name=row[1], role=row[2], scope=row[3], professional_key=row[4],
                    created=row[5], revoked=bool(row[6]))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    key   TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    props TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
CREATE TABLE IF NOT EXISTS edges (
    key        TEXT PRIMARY KEY,
    type       TEXT NOT NULL,
    src        TEXT NOT NULL REFERENCES nodes(key),
    dst        TEXT NOT NULL REFERENCES nodes(key),
    props      TEXT NOT NULL,
    valid_from TEXT,
    valid_to   TEXT
);
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
CREATE TABLE IF NOT EXISTS changelog (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    ts     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    op     TEXT NOT NULL,
    key    TEXT NOT NULL,
    kind   TEXT NOT NULL,
    before TEXT,
    after  TEXT
);
CREATE INDEX IF NOT EXISTS changelog_key ON changelog(key);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash       TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL,
    scope            TEXT,
    professional_key TEXT,
    created          TEXT NOT NULL,
    revoked          INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS claims (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  TEXT NOT NULL
);
"""

_BULK_CACHE_KIB = -65_536  # negative: KiB (64 MB at most, as pages are touched)
_DEFAULT_CACHE_KIB = -2_000  # SQLite's default
_CHUNK = 500  # SQLite's default limit on host parameters is 32766; stay well below


class SQLiteStore:
    """GraphStore on a SQLite file. Safe to share between threads of one process (one lock)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.execute("PRAGMA foreign_keys=ON")
        # Deleted content is overwritten with zeros, so an erased person's data is not left in free pages.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.executescript(_SCHEMA)

    # ------------------------------------------------------------------ writes
    def apply(self, batch: ChangeBatch, actor: str) -> list[ChangeEntry]:
        return self._write([batch], actor, entries=True)[0]

    def apply_many(self, batches: Iterable[ChangeBatch], actor: str) -> int:
        return self._write(batches, actor, entries=False)[1]

    def _write(self, batches: Iterable[ChangeBatch], actor: str, *, entries: bool) -> tuple[list[ChangeEntry], int]:
        with self._lock:
            cur = self._db.cursor()
            gc_was_enabled = gc.isenabled()
            gc.disable()  # a national import allocates millions of small objects; no cycles among them
            if not entries:  # a bulk write: a page cache the size of the import's pages, not SQLite's 2 MB
                cur.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")  # that spills them to the WAL again and again
                # _edges checks every endpoint (and its label) itself before inserting, so SQLite's own
                # foreign-key lookup per inserted relationship repeats it (~40 % of the edge inserts of a
                # national import). The pragma only takes effect outside a transaction; on again below.
                cur.execute("PRAGMA foreign_keys = OFF")
            try:  # the pragmas and the collector are restored even when BEGIN fails (a busy file)
                cur.execute("BEGIN IMMEDIATE")
                try:
                    written: list[ChangeEntry] = []
                    count = 0
                    ts = now()
                    for batch in batches:
                        check_batch(batch)  # no child identifiers, not even in the change log; raises = rollback
                        pending = self._nodes(cur, batch, actor, ts)
                        pending += self._edges(cur, batch, actor, ts)
                        pending += self._closes(cur, batch, actor, ts)
                        # Logged batch by batch (same order, same seqs): a national import no longer holds
                        # ~430 000 log rows with their states until the end.
                        written += self._log(cur, pending, entries=entries)
                        count += len(pending)
                    cur.execute("COMMIT")
                except sqlite3.IntegrityError as exc:
                    cur.execute("ROLLBACK")
                    raise StoreError(msg("store.write_refused", detail=str(exc))) from exc
                except BaseException:
                    cur.execute("ROLLBACK")
                    raise
            finally:
                if gc_was_enabled:
                    gc.enable()
                if not entries:
                    cur.execute(f"PRAGMA cache_size = {_DEFAULT_CACHE_KIB}")  # gives the pages back
                    cur.execute("PRAGMA foreign_keys = ON")
            return written, count

    def _existing(self, cur: sqlite3.Cursor, table: str, keys: list[str]) -> dict[str, tuple[Any, ...]]:
        found: dict[str, tuple[Any, ...]] = {}
        cols = "key, label, props" if table == "nodes" else "key, type, src, dst, props, valid_from, valid_to"
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i:i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for row in cur.execute(f"SELECT {cols} FROM {table} WHERE key IN ({marks})", chunk):
                found[row[0]] = row
        return found

    def _nodes(self, cur: sqlite3.Cursor, batch: ChangeBatch, actor: str, ts: str) -> list[_LogRow]:
        if not batch.nodes:
            return []
        # Last write wins inside one batch, like a sequence of MERGEs would.
        wanted = {n.key: n for n in batch.nodes}
        # Enum ._value_ (a plain attribute) instead of .value (a descriptor call): millions of reads per import.
        have = self._existing(cur, "nodes", list(wanted))
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        log: list[_LogRow] = []
        for key, node in wanted.items():
            old = have.get(key)
            if old is None:
                inserts.append((key, node.label._value_, dumps(node.props)))
                log.append((ts, actor, "node.create", key, node.label._value_, None,
                            {"label": node.label._value_, **node.props}))
                continue
            if old[1] != node.label.value:
                raise StoreError(msg("store.label_conflict", key=key, label=old[1], expected=node.label.value))
            before = json.loads(old[2])
            after = dict(node.props) if batch.replace else {**before, **node.props}
            if after != before:
                after = dict(sorted(after.items()))
                updates.append((dumps(after), key))
                log.append((ts, actor, "node.update", key, node.label._value_,
                            {"label": old[1], **before}, {"label": old[1], **after}))
        cur.executemany("INSERT INTO nodes(key, label, props) VALUES (?, ?, ?)", inserts)
        cur.executemany("UPDATE nodes SET props = ? WHERE key = ?", updates)
        return log

    def _edges(self, cur: sqlite3.Cursor, batch: ChangeBatch, actor: str, ts: str) -> list[_LogRow]:
        if not batch.edges:
            return []
        wanted = {e.key: e for e in batch.edges}
        endpoints = sorted({k for e in wanted.values() for k in (e.src, e.dst)})
        labels = {k: row[1] for k, row in self._existing(cur, "nodes", endpoints).items()}
        have = self._existing(cur, "edges", list(wanted))
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        log: list[_LogRow] = []
        for key, e in wanted.items():
            for end, label in ((e.src, e.src_label), (e.dst, e.dst_label)):
                if end not in labels:
                    raise UnknownNodeError(end)
                if labels[end] != label._value_:
                    raise StoreError(msg("store.end_label", rel=e.type.value, key=key, end=end, label=labels[end],
                                                       expected=label.value))
            state = edge_state(e)
            props = dumps(e.props)
            old = have.get(key)
            if old is None:
                inserts.append((key, e.type._value_, e.src, e.dst, props, e.valid_from, e.valid_to))
                log.append((ts, actor, "edge.create", key, e.type._value_, None, state))
                continue
            if (old[1], old[2], old[3]) != (e.type.value, e.src, e.dst):
                raise StoreError(msg("store.edge_key_taken", key=key))
            before_props = json.loads(old[4])
            if (before_props, old[5], old[6]) != (e.props, e.valid_from, e.valid_to):
                updates.append((props, e.valid_from, e.valid_to, key))
                before = {**state, "props": before_props, "valid_from": old[5], "valid_to": old[6]}
                log.append((ts, actor, "edge.update", key, e.type._value_, before, state))
        cur.executemany(
            "INSERT INTO edges(key, type, src, dst, props, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?)",
            inserts)
        cur.executemany("UPDATE edges SET props = ?, valid_from = ?, valid_to = ? WHERE key = ?", updates)
        return log

    def _closes(self, cur: sqlite3.Cursor, batch: ChangeBatch, actor: str, ts: str) -> list[_LogRow]:
        log: list[_LogRow] = []
        for close in batch.closes:
            row = cur.execute("SELECT key, type, src, dst, props, valid_from, valid_to FROM edges WHERE key = ?",
                              (close.key,)).fetchone()
            if row is None:
                raise StoreError(msg("store.no_edge_to_close", key=close.key))
            if row[6] == close.valid_to:
                continue
            if row[6] is not None and row[6] < close.valid_to:
                raise StoreError(msg("store.edge_closed", key=close.key, on=row[6]))
            cur.execute("UPDATE edges SET valid_to = ? WHERE key = ?", (close.valid_to, close.key))
            before = {"type": row[1], "src": row[2], "dst": row[3], "props": json.loads(row[4]),
                      "valid_from": row[5], "valid_to": row[6]}
            log.append((ts, actor, "edge.close", close.key, row[1], before, {**before, "valid_to": close.valid_to}))
        return log

    def _log(self, cur: sqlite3.Cursor, pending: list[_LogRow], *, entries: bool = True) -> list[ChangeEntry]:
        """Append the pending entries; build ChangeEntry objects only when the caller wants them back."""
        if not pending:
            return []
        start = cur.execute("SELECT COALESCE(MAX(seq), 0) FROM changelog").fetchone()[0]
        cur.executemany(
            "INSERT INTO changelog(seq, ts, actor, op, key, kind, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(start + i, ts, actor, op, key, kind, dumps(b), dumps(a))
             for i, (ts, actor, op, key, kind, b, a) in enumerate(pending, 1)])
        if not entries:
            return []
        return [ChangeEntry(start + i, *row) for i, row in enumerate(pending, 1)]

    def append_log(self, actor: str, op: str, key: str, kind: str,
                   before: dict[str, Any] | None, after: dict[str, Any] | None) -> ChangeEntry:
        check_log(op, key, kind, before, after)
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                entries = self._log(cur, [(now(), actor, op, key, kind, before, after)])
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            return entries[0]

    def erase(self, plan: ErasurePlan, actor: str) -> ChangeEntry:
        op, key, kind, after = plan.record
        check_log(op, key, kind, None, after)
        for node in plan.replace_nodes:
            check_batch(ChangeBatch(nodes=[node]))
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                cur.executemany("DELETE FROM edges WHERE key = ?", [(k,) for k in plan.delete_edges])
                # Relationships of deleted nodes that the plan did not list (foreign keys would refuse).
                for k in plan.delete_nodes:
                    cur.execute("DELETE FROM edges WHERE src = ? OR dst = ?", (k, k))
                cur.executemany("DELETE FROM nodes WHERE key = ?", [(k,) for k in plan.delete_nodes])
                cur.executemany("UPDATE nodes SET props = ? WHERE key = ?",
                                [(json.dumps(n.props, ensure_ascii=False, sort_keys=True), n.key)
                                 for n in plan.replace_nodes])
                cur.executemany("UPDATE changelog SET key = ?, actor = ?, before = ?, after = ? WHERE seq = ?",
                                [(e.key, e.actor, dumps(e.before), dumps(e.after), e.seq) for e in plan.rewrite_log])
                cur.executemany("DELETE FROM tokens WHERE token_hash = ?", [(h,) for h in plan.delete_tokens])
                for text in plan.scrub_text:
                    cur.execute("DELETE FROM claims WHERE instr(name, ?) > 0 OR instr(holder, ?) > 0", (text, text))
                entry = self._log(cur, [(now(), actor, op, key, kind, None, after)])[0]
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            # secure_delete zeroed the freed cells; VACUUM rewrites the file without them and the
            # checkpoints empty the WAL, so no copy of the old pages stays in -wal either.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return entry

    # ------------------------------------------------------------------ reads
    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def get_node(self, key: str) -> Node | None:
        rows = self._read("SELECT label, key, props FROM nodes WHERE key = ?", (key,))
        return Node(label=Label(rows[0][0]), key=rows[0][1], props=json.loads(rows[0][2])) if rows else None

    def nodes(self, label: Label | None = None) -> Iterator[Node]:
        sql = "SELECT label, key, props FROM nodes"
        params: tuple[Any, ...] = ()
        if label is not None:
            sql, params = sql + " WHERE label = ?", (Label(label).value,)
        for lab, key, props in self._read(sql + " ORDER BY key", params):
            yield trusted_node(Label(lab), key, json.loads(props))

    def _edge_rows(self, where: str, params: tuple[Any, ...]) -> Iterator[Edge]:
        sql = ("SELECT e.key, e.type, e.src, e.dst, s.label, d.label, e.props, e.valid_from, e.valid_to "
               "FROM edges e JOIN nodes s ON s.key = e.src JOIN nodes d ON d.key = e.dst " + where)
        for key, typ, src, dst, sl, dl, props, vf, vt in self._read(sql, params):
            yield trusted_edge(RelType(typ), src, dst, Label(sl), Label(dl), json.loads(props), vf, vt, key)

    def edges(self, type: RelType | None = None) -> Iterator[Edge]:
        if type is None:
            return self._edge_rows("ORDER BY e.key", ())
        return self._edge_rows("WHERE e.type = ? ORDER BY e.key", (RelType(type).value,))

    def get_edge(self, key: str) -> Edge | None:
        return next(self._edge_rows("WHERE e.key = ?", (key,)), None)

    def node_records(self) -> Iterator[NodeRecord]:
        parse = json.loads
        for label, key, props in self._read("SELECT label, key, props FROM nodes"):
            yield label, key, parse(props)

    def edge_records(self) -> Iterator[EdgeRecord]:
        parse = json.loads
        for key, typ, src, dst, vf, vt, props in self._read(
                "SELECT key, type, src, dst, valid_from, valid_to, props FROM edges"):
            yield key, typ, src, dst, vf, vt, parse(props)

    def _entries(self, sql: str, params: tuple[Any, ...]) -> list[ChangeEntry]:
        return [ChangeEntry(seq, ts, actor, op, key, kind, loads(b), loads(a))
                for seq, ts, actor, op, key, kind, b, a in self._read(sql, params)]

    def changes_since(self, seq: int, limit: int = 10_000) -> list[ChangeEntry]:
        return self._entries("SELECT seq, ts, actor, op, key, kind, before, after FROM changelog "
                             "WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit))

    def history(self, key: str) -> list[ChangeEntry]:
        return self._entries("SELECT seq, ts, actor, op, key, kind, before, after FROM changelog "
                             "WHERE key = ? ORDER BY seq", (key,))

    def history_of(self, keys: Iterable[str], last: int | None = None) -> list[ChangeEntry]:
        wanted = json.dumps(sorted(set(keys)))
        select = ("SELECT seq, ts, actor, op, key, kind, before, after FROM changelog "
                  "WHERE key IN (SELECT value FROM json_each(?))")
        if last is None:
            return self._entries(select + " ORDER BY seq", (wanted,))
        return self._entries(f"SELECT * FROM ({select} ORDER BY seq DESC LIMIT ?) ORDER BY seq", (wanted, last))

    def last_seq(self) -> int:
        return int(self._read("SELECT COALESCE(MAX(seq), 0) FROM changelog")[0][0])

    def counts(self) -> dict[str, int]:
        out = {label: n for label, n in self._read("SELECT label, COUNT(*) FROM nodes GROUP BY label")}
        out.update({typ: n for typ, n in self._read("SELECT type, COUNT(*) FROM edges GROUP BY type")})
        return out

    def is_empty(self) -> bool:
        return not self._read("SELECT 1 FROM nodes LIMIT 1")

    # ------------------------------------------------------------------ tokens
    def put_token(self, token: ApiToken) -> None:
        check_text("name", token.name, where="token")
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO tokens(token_hash, name, role, scope, professional_key, created, revoked) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (token.token_hash, token.name, token.role, token.scope, token.professional_key, token.created,
                 int(token.revoked)))

    def get_token(self, token_hash: str) -> ApiToken | None:
        rows = self._read("SELECT token_hash, name, role, scope, professional_key, created, revoked FROM tokens "
                          "WHERE token_hash = ?", (token_hash,))
        return _token(rows[0]) if rows else None

    def tokens(self) -> list[ApiToken]:
        rows = self._read("SELECT token_hash, name, role, scope, professional_key, created, revoked FROM tokens "
                          "ORDER BY created")
        return [_token(r) for r in rows]

    # ------------------------------------------------------------------ claims
    def claim(self, name: str, holder: str, until: str, now: str) -> str:
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN IMMEDIATE")  # the write lock first: two processes cannot both see it free
            try:
                row = cur.execute("SELECT holder, until FROM claims WHERE name = ?", (name,)).fetchone()
                if row is None or row[0] == holder or row[1] < now:
                    cur.execute("INSERT OR REPLACE INTO claims(name, holder, until) VALUES (?, ?, ?)",
                                (name, holder, until))
                    row = (holder, until)
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            return str(row[0])

    def release(self, name: str, holder: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM claims WHERE name = ? AND holder = ?", (name, holder))

    def claims(self) -> list[tuple[str, str, str]]:
        return [(str(n), str(h), str(u)) for n, h, u in
                self._read("SELECT name, holder, until FROM claims ORDER BY name")]

    # ------------------------------------------------------------------ availability
    @property
    def available(self) -> bool:
        return True  # a local file: a failure here is a disk error, not an outage to ride out

    def probe(self) -> bool:
        return True

    def close(self) -> None:
        with self._lock:
            self._db.close()
