"""The whole graph in memory as a networkx MultiDiGraph, kept current from the change log.

Node id = node key; node attributes = ``{"label": ..., **props}``. Edge key = relationship key; edge
attributes = ``{"type", "valid_from", "valid_to", **props}``. Closed relationships stay in the graph
(as-of views need them); the ``on``/``all_time`` arguments choose which ones a query sees.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from graph.schema import Label, RelType, is_active
from graph.store.base import ChangeEntry, GraphStore

__all__ = ["RELOAD_OPS", "Projection"]

# Log entries after which a projection reloads from the store (erasure and retention purges delete).
RELOAD_OPS = frozenset({"privacy.erase", "privacy.purge"})

Progress = Callable[[int, int, str], None]


def _today() -> str:
    return dt.date.today().isoformat()


class Projection:
    """In-process read model. ``version`` changes whenever the graph does (a cache key for indexes)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self.seq = 0
        self.version = 0
        self._by_label: dict[str, set[str]] = defaultdict(set)
        self._lock = threading.RLock()

    @classmethod
    def build(cls, store: GraphStore, progress: Progress | None = None) -> Projection:
        """Load everything. The change-log position is read first so no later write is missed."""
        p = cls(store)
        p.seq = store.last_seq()
        total = sum(store.counts().values())
        done = 0
        g = p.g
        add_node, add_edge, by_label = g.add_node, g.add_edge, p._by_label
        # Hundreds of thousands of small dicts: the cyclic GC would rescan them over and over.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            for label, key, props in store.node_records():
                add_node(key, label=label, **props)
                by_label[label].add(key)
                done += 1
                if progress and done % 50_000 == 0:
                    progress(done, total, "nodes")
            for key, typ, src, dst, valid_from, valid_to, props in store.edge_records():
                add_edge(src, dst, key=key, type=typ, valid_from=valid_from, valid_to=valid_to, **props)
                done += 1
                if progress and done % 50_000 == 0:
                    progress(done, total, "relationships")
        finally:
            if gc_was_enabled:
                gc.enable()
        if progress:
            progress(total, total, "done")
        # Writes that landed while we were reading are applied again: upserts are idempotent.
        p.refresh()
        p.version += 1
        return p

    # ------------------------------------------------------------------ sync
    def refresh(self) -> int:
        """Apply other processes' writes (poll the change log). Returns the number of entries applied."""
        applied = 0
        while True:
            entries = self.store.changes_since(self.seq)
            if not entries:
                return applied
            self.apply_entries(entries)
            applied += len(entries)

    def apply_entries(self, entries: Iterable[ChangeEntry]) -> None:
        with self._lock:
            changed = False
            for entry in entries:
                if entry.seq <= self.seq:
                    continue
                self.seq = entry.seq
                if entry.op.startswith("node."):
                    self._apply_node(entry)
                    changed = True
                elif entry.op.startswith("edge."):
                    self._apply_edge(entry)
                    changed = True
                elif entry.op in RELOAD_OPS:  # an erasure deleted nodes: no entry says which, so reload
                    self._reload()
                    changed = True
            if changed:
                self.version += 1

    def _reload(self) -> None:
        fresh = Projection.build(self.store)
        self.g, self._by_label = fresh.g, fresh._by_label
        self.seq = max(self.seq, fresh.seq)  # later entries are in ``fresh`` already: they are skipped

    def _apply_node(self, entry: ChangeEntry) -> None:
        after = dict(entry.after or {})
        label = after.pop("label", entry.kind)
        if entry.key in self.g:
            attrs = self.g.nodes[entry.key]
            attrs.clear()
        self.g.add_node(entry.key, label=label, **after)
        self._by_label[label].add(entry.key)

    def _apply_edge(self, entry: ChangeEntry) -> None:
        after = entry.after or {}
        src, dst = after["src"], after["dst"]
        attrs = {"type": after["type"], "valid_from": after.get("valid_from"),
                 "valid_to": after.get("valid_to"), **after.get("props", {})}
        if self.g.has_edge(src, dst, key=entry.key):
            data = self.g.edges[src, dst, entry.key]
            data.clear()
            data.update(attrs)
        else:
            self.g.add_edge(src, dst, key=entry.key, **attrs)

    # ------------------------------------------------------------------ reads
    @contextmanager
    def reading(self) -> Iterator[Projection]:
        """Hold off change application while a long read (a map, an export) walks the graph from a
        worker thread; reads on the event-loop thread need no lock, writes are applied there too."""
        with self._lock:
            yield self

    def node(self, key: str) -> dict[str, Any] | None:
        return self.g.nodes[key] if key in self.g else None

    def label_of(self, key: str) -> str | None:
        n = self.node(key)
        return None if n is None else str(n["label"])

    def keys(self, label: Label | str) -> list[str]:
        return sorted(self._by_label.get(Label(label).value, ()))

    def out_edges(self, key: str, type: RelType | str | None = None, *, on: str | None = None,
                  all_time: bool = False) -> list[tuple[str, dict[str, Any]]]:
        """(destination, attributes) of relationships leaving ``key`` that are active ``on`` (default today)."""
        if key not in self.g:
            return []
        day = on or _today()
        want = None if type is None else RelType(type).value
        return [(dst, d) for _, dst, d in self.g.out_edges(key, data=True)
                if (want is None or d["type"] == want)
                and (all_time or is_active(d.get("valid_from"), d.get("valid_to"), day))]

    def in_edges(self, key: str, type: RelType | str | None = None, *, on: str | None = None,
                 all_time: bool = False) -> list[tuple[str, dict[str, Any]]]:
        """(source, attributes) of relationships arriving at ``key`` that are active ``on`` (default today)."""
        if key not in self.g:
            return []
        day = on or _today()
        want = None if type is None else RelType(type).value
        return [(src, d) for src, _, d in self.g.in_edges(key, data=True)
                if (want is None or d["type"] == want)
                and (all_time or is_active(d.get("valid_from"), d.get("valid_to"), day))]

    def counts(self) -> dict[str, int]:
        out = {label: len(keys) for label, keys in self._by_label.items() if keys}
        per_type: dict[str, int] = defaultdict(int)
        for _, _, d in self.g.edges(data=True):
            per_type[d["type"]] += 1
        out.update(per_type)
        return out
