"""The whole graph in memory as a networkx MultiDiGraph, kept current from the change log.

Node id = node key; node attributes = ``{"label": ..., **props}``. Edge key = relationship key; edge
attributes = ``{"type", "valid_from", "valid_to", **props}``. Closed relationships stay in the graph
(as-of views need them); the ``on``/``all_time`` arguments choose which ones a query sees.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from graph.schema import Label, RelType, is_active
from graph.store.base import ChangeEntry, GraphStore

__all__ = ["Projection"]

Progress = Callable[[int, int, str], None]


def _today() -> str:
    return dt.date.today().isoformat()


class Projection:
    """In-process read model. ``version`` changes whenever the graph does (a cache key for indexes)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        self.seq = 0
        self.version = 0
        self._by_label: dict[str, set[str]] = defaultdict(set)
        self._lock = threading.RLock()

    @classmethod
    def build(cls, store: GraphStore, progress: Progress | None = None) -> Projection:
        """Load everything. The change-log position is read first so no later write is missed."""
        p = cls(store)
        p.seq = store.last_seq()
        counts = store.counts()
        total = sum(counts.values())
        done = 0
        g = p.g
        for node in store.nodes():
            g.add_node(node.key, label=node.label.value, **node.props)
            p._by_label[node.label.value].add(node.key)
            done += 1
            if progress and done % 20_000 == 0:
                progress(done, total, "nodes")
        for e in store.edges():
            g.add_edge(e.src, e.dst, key=e.key, type=e.type.value, valid_from=e.valid_from,
                       valid_to=e.valid_to, **e.props)
            done += 1
            if progress and done % 20_000 == 0:
                progress(done, total, "relationships")
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
            if changed:
                self.version += 1

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
