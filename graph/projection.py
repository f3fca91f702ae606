"""The whole graph in memory as a networkx MultiDiGraph, kept current from the change log.

Node id = node key; node attributes = ``{"label": ..., **props}``. Edge key = relationship key; edge
attributes = ``{"type", "valid_from", "valid_to", **props}``. Closed relationships stay in the graph
(as-of views need them); the ``on``/``all_time`` arguments choose which ones a query sees.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from graph.messages import Message, msg
from graph.schema import Label, RelType, is_active
from graph.store.base import ChangeEntry, GraphStore

__all__ = ["RELOAD_OPS", "Projection"]

# Log entries after which a projection reloads from the store (erasure and retention purges delete).
RELOAD_OPS = frozenset({"privacy.erase", "privacy.purge"})

# Region membership: a change here moves gemeenten between regions, so no per-gemeente scope is safe.
_MEMBERSHIP = frozenset({RelType.IN_SUBREGIO.value, RelType.IN_JEUGDHULPREGIO.value,
                         RelType.IN_VEILIGHEIDSREGIO.value, RelType.IN_PROVINCIE.value})
# Relationships whose effect on the directory answers is scoped by their endpoints (see ``_gemeenten_of``).
_SCOPED_EDGES = frozenset({RelType.HOLDS.value, RelType.AT.value, RelType.COVERS.value, RelType.SERVES.value,
                           RelType.PART_OF.value, RelType.WORKS_AT.value})
_REGION_LABELS = frozenset({Label.SUBREGIO.value, Label.JEUGDHULPREGIO.value, Label.VEILIGHEIDSREGIO.value,
                            Label.PROVINCIE.value})
_REFRESH_PAGE = 10_000  # change-log entries per read of refresh()
_SCOPE_LIMIT = 2_000  # a wider change (a national organisation) counts as "everything"
_HISTORY = 1_024  # versions whose scope is remembered; an older cached answer is simply dropped

Progress = Callable[[int, int, Message], None]  # (done, total, what: a catalogue message)
Linked = dict[str, frozenset[str]]  # key → the types of its relationships written ("" = created or relabelled)


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
        # (version, keys touched, gemeenten whose directory answers may have changed, keys whose relationships
        # changed or which are new or relabelled → those relationship types ("" for new or relabelled) — the
        # rest of the touched keys changed properties only; None = unknown/all)
        self._changes: deque[tuple[int, frozenset[str] | None, frozenset[str] | None, Linked | None]] = (
            deque(maxlen=_HISTORY))

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
                    progress(done, total, msg("progress.nodes"))
            for key, typ, src, dst, valid_from, valid_to, props in store.edge_records():
                add_edge(src, dst, key=key, type=typ, valid_from=valid_from, valid_to=valid_to, **props)
                done += 1
                if progress and done % 50_000 == 0:
                    progress(done, total, msg("progress.relationships"))
        finally:
            if gc_was_enabled:
                gc.enable()
        if progress:
            progress(total, total, msg("progress.done"))
        # Writes that landed while we were reading are applied again: upserts are idempotent.
        p.refresh()
        p.version += 1
        return p

    # ------------------------------------------------------------------ sync
    def refresh(self) -> int:
        """Apply other processes' writes (poll the change log). Returns the number of entries applied."""
        applied = 0
        while True:
            entries = self.store.changes_since(self.seq, _REFRESH_PAGE)
            if entries:
                self.apply_entries(entries)
            applied += len(entries)
            if len(entries) < _REFRESH_PAGE:  # a short page is the end of the log: no second round trip
                return applied

    def apply_entries(self, entries: Iterable[ChangeEntry]) -> None:
        with self._lock:
            changed = False
            touched: set[str] | None = set()
            linked: dict[str, set[str]] | None = {}  # key → types of its relationships written; "": new/relabelled
            unscoped = False  # a change whose effect is not bounded by the gemeenten of its keys
            for entry in entries:
                if entry.seq <= self.seq:
                    continue
                self.seq = entry.seq
                if entry.op.startswith("node."):
                    before_label = self.label_of(entry.key)
                    self._apply_node(entry)
                    changed = True
                    if touched is not None:
                        touched.add(entry.key)
                    if before_label != self.label_of(entry.key) and linked is not None:
                        linked.setdefault(entry.key, set()).add("")  # new, or relabelled: not just properties
                    if before_label not in (None, self.label_of(entry.key)):
                        unscoped = True  # a key changed label: nothing indexed under the old one is safe
                elif entry.op.startswith("edge."):
                    for k, typ in self._edge_endpoints(entry):  # before the apply: the old endpoints count too
                        if touched is not None:
                            touched.add(k)
                        if linked is not None:
                            linked.setdefault(k, set()).add(typ)
                    self._apply_edge(entry)
                    changed = True
                    if (entry.after or {}).get("type", entry.kind) not in _SCOPED_EDGES:
                        unscoped = True
                elif entry.op in RELOAD_OPS:  # an erasure deleted nodes: no entry says which, so reload
                    self._reload()
                    changed = True
                    touched = linked = None
            if changed:
                self.version += 1
                keys = None if touched is None else frozenset(touched)
                gemeenten = None if keys is None or unscoped else self._gemeenten_of(keys)
                self._changes.append((self.version, keys, gemeenten, None if linked is None else
                                      {k: frozenset(ts) for k, ts in linked.items()}))

    def _edge_endpoints(self, entry: ChangeEntry) -> list[tuple[str, str]]:
        """(endpoint, relationship type) of both sides of an edge entry."""
        out = []
        for side in (entry.before, entry.after):
            if side and "src" in side:
                typ = str(side.get("type", entry.kind))
                out += [(str(side["src"]), typ), (str(side["dst"]), typ)]
        return out

    # ------------------------------------------------------------------ change scope
    def _changes_after(self, version: int) -> list[tuple[int, frozenset[str] | None, frozenset[str] | None,
                                                          Linked | None]] | None:
        """The remembered changes after ``version`` (none when it is current); None when versions older than
        the remembered history are asked for."""
        if version >= self.version:
            return []
        with self._lock:  # a poller thread may be appending
            changes = [c for c in self._changes if c[0] > version]
        return changes if len(changes) == self.version - version else None

    def changed_since(self, version: int) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        """(keys touched, gemeenten whose directory answers may differ) between ``version`` and now;
        ``None`` for either when it is unknown (a reload, a membership change, history too short)."""
        changes = self._changes_after(version)
        if changes is None:
            return None, None
        keys: set[str] | None = set()
        gemeenten: set[str] | None = set()
        for _, ks, gs, _ in changes:
            keys = None if keys is None or ks is None else keys | ks
            gemeenten = None if gemeenten is None or gs is None else gemeenten | gs
        return (None if keys is None else frozenset(keys)), (None if gemeenten is None else frozenset(gemeenten))

    def linked_since(self, version: int) -> Linked | None:
        """The keys touched between ``version`` and now whose relationships changed (an edge from or to them
        written, either endpoint before and after) or which were created or relabelled, each with the types
        of those relationships ("" for created or relabelled): every other key of ``changed_since`` changed
        only its own properties. ``None`` when unknown (a reload, history too short)."""
        changes = self._changes_after(version)
        if changes is None:
            return None
        out: dict[str, frozenset[str]] = {}
        for *_, ls in changes:
            if ls is None:
                return None
            for k, ts in ls.items():
                out[k] = out[k] | ts if k in out else ts
        return out

    def jeugdhulpregios_of(self, gemeenten: Iterable[str]) -> frozenset[str]:
        """The jeugdhulpregio's (any day) the gemeenten belong to."""
        return frozenset(dst for gm in gemeenten for dst in self._out_all(gm, RelType.IN_JEUGDHULPREGIO.value))

    def _out_all(self, key: str, typ: str) -> list[str]:
        succ = self.g._succ.get(key)  # type: ignore[attr-defined]  # networkx's plain dict-of-dicts
        return [] if not succ else [d for d, ks in succ.items() if any(a["type"] == typ for a in ks.values())]

    def _in_all(self, key: str, typ: str) -> list[str]:
        pred = self.g._pred.get(key)  # type: ignore[attr-defined]
        return [] if not pred else [s for s, ks in pred.items() if any(a["type"] == typ for a in ks.values())]

    def _gemeenten_of(self, keys: Iterable[str]) -> frozenset[str] | None:
        """Gemeenten whose directory answers (counterparts and the like) can read ``keys``, over all days:
        a position counts where it covers, an organisation where its positions cover and where it serves
        (and so do its sub-organisations), a professional where the positions they hold cover. ``None``
        when a key's reach is unknown (another label) or too wide to be worth tracking."""
        out: set[str] = set()
        seen: set[str] = set()
        todo = list(keys)
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            label = self.label_of(key)
            if label is None:  # not (or no longer) in the graph: nothing read it via the graph
                continue
            if label == Label.GEMEENTE.value:
                out.add(key)
            elif label in _REGION_LABELS:
                for typ in _MEMBERSHIP:
                    out.update(self._in_all(key, typ))
            elif label == Label.POSITION.value:
                todo += self._out_all(key, RelType.COVERS.value)
                # Its organisation's served regions: the regionale-contactpersoon fallback finds it there.
                for org in self._out_all(key, RelType.AT.value):
                    todo += self._out_all(org, RelType.SERVES.value)
            elif label == Label.ORGANISATION.value:
                todo += self._in_all(key, RelType.AT.value) + self._out_all(key, RelType.SERVES.value)
                todo += self._in_all(key, RelType.PART_OF.value)
            elif label == Label.PROFESSIONAL.value:
                todo += self._out_all(key, RelType.HOLDS.value) + self._out_all(key, RelType.WORKS_AT.value)
            else:
                return None
            if len(out) > _SCOPE_LIMIT or len(seen) > 20 * _SCOPE_LIMIT:
                return None
        return frozenset(out)

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
        # networkx's node storage itself, without the NodeView lookup: the hottest read of every answer
        return self.g._node.get(key)  # type: ignore[attr-defined,no-any-return]

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
        # The adjacency dicts directly (networkx's own storage, ``G.succ``/``G.pred`` without the view
        # objects): an organisation has thousands of WORKS_AT and a gemeente hundreds of cases, and every
        # first answer of a lookup filters them; the edge views cost three times the loop itself.
        return [(dst, d) for dst, parallel in self.g._succ[key].items()  # type: ignore[attr-defined]
                for d in parallel.values()
                if (want is None or d["type"] == want)
                and (all_time or is_active(d.get("valid_from"), d.get("valid_to"), day))]

    def in_edges(self, key: str, type: RelType | str | None = None, *, on: str | None = None,
                 all_time: bool = False) -> list[tuple[str, dict[str, Any]]]:
        """(source, attributes) of relationships arriving at ``key`` that are active ``on`` (default today)."""
        if key not in self.g:
            return []
        day = on or _today()
        want = None if type is None else RelType(type).value
        return [(src, d) for src, parallel in self.g._pred[key].items()  # type: ignore[attr-defined]
                for d in parallel.values()
                if (want is None or d["type"] == want)
                and (all_time or is_active(d.get("valid_from"), d.get("valid_to"), day))]

    def counts(self) -> dict[str, int]:
        out = {label: len(keys) for label, keys in self._by_label.items() if keys}
        per_type: dict[str, int] = defaultdict(int)
        for _, _, d in self.g.edges(data=True):
            per_type[d["type"]] += 1
        out.update(per_type)
        return out
