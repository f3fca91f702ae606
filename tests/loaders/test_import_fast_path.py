"""The import's fast path writes exactly what the plain path writes.

Fast path: ``import_workbook`` (nodes and edges built by ``trusted_node``/``trusted_edge`` without a pydantic
pass, privacy checked once in the store, ONE bulk ``apply_many`` with the change log written batch by batch
and SQLite's foreign-key lookups off). Plain path: the same checked rows rebuilt through pydantic validation
(``Node``/``Edge``), the privacy pass in the loader, and each batch written by ``apply`` (its own transaction,
foreign keys on, the change entries returned). Both stores must hold the same nodes, relationships,
properties and change log (apart from timestamps).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import loaders.workbook as workbook
from graph.schema import Edge, Node
from graph.store.base import ChangeBatch
from graph.store.sqlite_store import SQLiteStore
from loaders.generate import generate_workbook
from loaders.reference import reference_batches
from loaders.workbook import KnownKeys, check_rows, import_workbook, read_workbook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ref") / "reference.sqlite"
    store = SQLiteStore(path)
    store.apply_many(reference_batches(), "test reference")
    store.close()
    return path


def _copy(reference_db: Path, path: Path) -> SQLiteStore:
    shutil.copy(reference_db, path)
    return SQLiteStore(path)


def _plain_path(book_path: Path, store: SQLiteStore, batch_size: int) -> int:
    book = read_workbook(book_path)
    checker, report = check_rows(book, KnownKeys.from_store(store), privacy=True)
    assert report.ok, report.format()
    nodes = [Node.model_validate({"label": n.label, "key": n.key, "props": n.props}) for n in checker.nodes]
    edges = [Edge.model_validate({"type": e.type, "src": e.src, "dst": e.dst, "src_label": e.src_label,
                                  "dst_label": e.dst_label, "props": e.props, "valid_from": e.valid_from,
                                  "valid_to": e.valid_to}) for e in checker.edges]
    assert [e.key for e in edges] == [e.key for e in checker.edges]  # the trusted builder made the same keys
    batches = [ChangeBatch(nodes=nodes[i:i + batch_size]) for i in range(0, len(nodes), batch_size)]
    batches += [ChangeBatch(edges=edges[i:i + batch_size]) for i in range(0, len(edges), batch_size)]
    workbook.keep_closed_after_herindeling(store, batches)
    return sum(len(store.apply(batch, "test import")) for batch in batches)


def _contents(store: SQLiteStore, since: int) -> dict[str, Any]:
    return {
        "nodes": [(n.label, n.key, n.props) for n in store.nodes()],
        "edges": [(e.key, e.type, e.src, e.dst, e.src_label, e.dst_label, e.props, e.valid_from, e.valid_to)
                  for e in store.edges()],
        # The same entries; their order is the order of the batches, which differs: the import streams
        # rows chunk by chunk (nodes and relationships together), the plain path writes all nodes first.
        "log": sorted(((c.op, c.key, c.actor, c.kind, c.before, c.after)
                       for c in store.changes_since(since, limit=1_000_000)), key=repr),
        "seqs": [c.seq - since for c in store.changes_since(since, limit=1_000_000)],
        "counts": store.counts(),
    }


def _small(tmp_path: Path) -> Path:
    out = tmp_path / "small"
    generate_workbook(out, scale="small", seed=7)
    return out


BOOKS: dict[str, Callable[[Path], Path]] = {
    "example csv": lambda _: EXAMPLES / "voorbeeld-werkmap",
    "example xlsx": lambda _: EXAMPLES / "voorbeeld-werkmap.xlsx",
    "generated small": _small,
}


@pytest.mark.parametrize("name", BOOKS)
def test_fast_path_writes_what_the_plain_path_writes(name: str, reference_db: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    book = BOOKS[name](tmp_path)
    batch_size = 400  # several batches per sheet: the log is written batch by batch on the fast path
    monkeypatch.setattr(workbook, "BATCH_SIZE", batch_size)
    fast, plain = _copy(reference_db, tmp_path / "fast.sqlite"), _copy(reference_db, tmp_path / "plain.sqlite")
    try:
        since = fast.last_seq()
        assert plain.last_seq() == since
        result = import_workbook(book, fast, actor="test import")
        assert result.ok and result.written, result.report.format()
        written = _plain_path(book, plain, batch_size)
        assert result.changes == written > 0
        got, want = _contents(fast, since), _contents(plain, since)
        for part in want:
            assert got[part] == want[part], part
        # and in the fast path's log (the sync channel other processes replay) a relationship never comes
        # before the creation of an end that is new in this workbook
        created: set[str] = set()
        new = {c.key for c in fast.changes_since(since, limit=1_000_000) if c.op == "node.create"}
        for c in fast.changes_since(since, limit=1_000_000):
            if c.op == "node.create":
                created.add(c.key)
            elif c.op == "edge.create":
                ends = {c.after["src"], c.after["dst"]} & new  # type: ignore[index]
                assert ends <= created, (c.key, ends - created)
        # and the fast path left the connection as it found it: foreign keys enforced again
        assert fast._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        fast.close()
        plain.close()
