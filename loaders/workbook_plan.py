"""A workbook upload by a coordinator: check -> preview of exactly what will change -> confirm -> one transaction.

``plan_workbook`` checks every row (``loaders.workbook``), then compares each node and relationship
the workbook would write with the store, using the store's own write rules (node properties merge,
relationships are keyed and set as given, only real differences count), and lists per sheet what is
new, changed or ended. With a ``scope`` (who uploads) every row that touches something outside it is
refused and named. ``apply_plan`` writes the plan in ONE transaction, only when there are no errors
and no refused rows. Codes and keys only: the page words them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from graph.projection import Projection
from graph.queries.access import maintainers_of, organisations_of
from graph.queries.freshness import jeugdhulpregios_of
from graph.queries.herindeling import keep_closed_after_herindeling
from graph.queries.index import contact_index
from graph.schema import Edge, Label, Node, RelType
from graph.store.base import ChangeBatch, GraphStore
from loaders.workbook import BATCH_SIZE, ImportReport, KnownKeys, _chunks, check_rows
from loaders.workbook_reader import Workbook

__all__ = ["PlannedChange", "Refusal", "Scope", "SheetPlan", "WorkbookPlan", "apply_plan", "plan_workbook"]

ChangeKind = Literal["new", "changed", "ended"]
_REGION_LABELS = {Label.GEMEENTE, Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO, Label.PROVINCIE, Label.SUBREGIO}


class Scope(Protocol):
    """Who uploads (``api.auth.Principal`` fits): the same rules as every other write."""

    def can_write_region(self, jz_code: str | None) -> bool: ...

    def can_maintain(self, jeugdhulpregios: Sequence[str], organisations: Sequence[str] = ()) -> bool: ...

    def can_add_staff(self, jeugdhulpregios: Sequence[str], organisations: Sequence[str]) -> bool: ...


@dataclass(frozen=True)
class PlannedChange:
    sheet: str  # the sheet as the user knows it
    row: int
    change: ChangeKind
    kind: str  # node label or relationship type
    key: str
    name: str  # the node's name, or "source name → target name" for a relationship
    fields: tuple[str, ...] = ()  # the properties that change (changed nodes/relationships)


@dataclass(frozen=True)
class Refusal:
    """A row outside the uploader's scope: which entry, and the jeugdhulpregio's that keep it."""

    sheet: str
    row: int
    key: str
    name: str
    code: str  # workbook.outside_scope (kept by other regions) / workbook.no_region (kept by no region of yours)
    regions: tuple[str, ...] = ()


@dataclass
class SheetPlan:
    sheet: str
    new: list[PlannedChange] = field(default_factory=list)
    changed: list[PlannedChange] = field(default_factory=list)
    ended: list[PlannedChange] = field(default_factory=list)
    unchanged: int = 0  # nodes and relationships the workbook gives exactly as they are


@dataclass
class WorkbookPlan:
    report: ImportReport
    sheets: dict[str, SheetPlan] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    batches: list[ChangeBatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Checked without errors and nothing outside the scope: may be confirmed."""
        return self.report.ok and not self.refused

    @property
    def changes(self) -> list[PlannedChange]:
        return [c for s in self.sheets.values() for c in (*s.new, *s.changed, *s.ended)]

    def counts(self) -> dict[str, int]:
        return {k: sum(len(getattr(s, k)) for s in self.sheets.values()) for k in ("new", "changed", "ended")}

    def fingerprint(self) -> str:
        """Identifies exactly these changes: a confirm applies only the preview that was shown."""
        text = json.dumps([(c.sheet, c.row, c.change, c.key, c.fields) for c in self.changes], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def _name(p: Projection, pending: dict[str, Node], key: str) -> str:
    node = pending.get(key)
    if node is not None and node.props.get("name"):
        return str(node.props["name"])
    return str((p.node(key) or {}).get("name", key))


def _node_change(store: GraphStore, node: Node) -> tuple[ChangeKind | None, tuple[str, ...]]:
    old = store.get_node(node.key)
    if old is None:
        return "new", ()
    after = {**old.props, **node.props}  # imports merge properties (ChangeBatch.replace is false)
    fields = tuple(sorted(k for k in after if old.props.get(k) != after[k]))
    if not fields:
        return None, ()
    if node.label is Label.PROFESSIONAL and old.props.get("active", True) is not False and after.get("active") is False:
        return "ended", fields
    return "changed", fields


def _edge_change(store: GraphStore, edge: Edge) -> tuple[ChangeKind | None, tuple[str, ...]]:
    old = store.get_edge(edge.key)
    if old is None:
        return "new", ()
    fields = tuple(sorted(k for k in {*old.props, *edge.props} if old.props.get(k) != edge.props.get(k)))
    fields += tuple(f for f, a, b in (("valid_from", old.valid_from, edge.valid_from),
                                      ("valid_to", old.valid_to, edge.valid_to)) if a != b)
    if not fields:
        return None, ()
    if old.valid_to is None and edge.valid_to is not None:
        return "ended", fields
    return "changed", fields


def _regions_of_code(p: Projection, code: str) -> list[str]:
    """The jeugdhulpregio's a region code (GM, JZ, SR, VR, PV) lies in."""
    idx = contact_index(p)
    if (p.node(code) or {}).get("label") == Label.JEUGDHULPREGIO.value:
        return [code]
    return sorted({idx.jeugdhulpregio_of[gm] for gm in idx.gemeenten_of.get(code, ()) if gm in idx.jeugdhulpregio_of})


def _check_scope(p: Projection, scope: Scope, row_nodes: list[Node],
                 row_edges: list[Edge]) -> tuple[str, str, tuple[str, ...]] | None:
    """(key, code, regions) of the first thing in one row the uploader may not change, or None."""
    written = {n.key for n in row_nodes}
    anchored: set[str] = set()  # new nodes of this row tied to something in scope
    for node in row_nodes:
        if p.node(node.key) is not None:
            jzs, orgs = maintainers_of(p, node.key)
            if not scope.can_maintain(jzs, orgs):
                return node.key, "workbook.outside_scope", tuple(jzs)
            anchored.add(node.key)
    for edge in row_edges:
        # Filling a position changes the position (the person may come from anywhere); any other
        # relationship needs its far end (an organisation, a region) to be in scope.
        ends = [(edge.dst, edge.dst_label)] if edge.type is RelType.HOLDS else [
            (edge.src, edge.src_label), (edge.dst, edge.dst_label)]
        for other, other_label in ends:
            if other in written:
                continue
            if other_label in _REGION_LABELS:
                jzs = _regions_of_code(p, other)
                if not jzs or not all(scope.can_write_region(jz) for jz in jzs):
                    return other, "workbook.outside_scope", tuple(jzs)
            elif p.node(other) is not None:
                jzs = jeugdhulpregios_of(p, other, str((p.node(other) or {}).get("label")))
                orgs = organisations_of(p, other)
                may = scope.can_maintain if edge.type is RelType.HOLDS else scope.can_add_staff
                if not may(jzs, orgs):
                    return other, "workbook.outside_scope", tuple(jzs)
            # else: new in this workbook, judged by its own row (any refusal blocks the whole workbook)
        anchored |= {edge.src, edge.dst} & written
    for node in row_nodes:
        if node.key not in anchored:
            return node.key, "workbook.no_region", ()
    return None


def plan_workbook(book: Workbook, store: GraphStore, p: Projection, *, scope: Scope | None = None,
                  batch_size: int = BATCH_SIZE) -> WorkbookPlan:
    """Check, compare with the store, and (with ``scope``) refuse rows outside it; nothing is written."""
    checker, report = check_rows(book, KnownKeys.from_store(store))
    plan = WorkbookPlan(report)
    if not report.ok:
        return plan
    pending = {n.key: n for n in checker.nodes}
    by_row: dict[tuple[str, int], tuple[list[Node], list[Edge]]] = {}
    for node, origin in zip(checker.nodes, checker.node_rows, strict=True):
        by_row.setdefault(origin, ([], []))[0].append(node)
    for edge, origin in zip(checker.edges, checker.edge_rows, strict=True):
        by_row.setdefault(origin, ([], []))[1].append(edge)
    for (sheet, row), (nodes, edges) in sorted(by_row.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        sp = plan.sheets.setdefault(sheet, SheetPlan(sheet))
        if scope is not None and (refused := _check_scope(p, scope, nodes, edges)):
            key, code, jzs = refused
            plan.refused.append(Refusal(sheet, row, key, _name(p, pending, key), code, jzs))
        for node in nodes:
            change, fields = _node_change(store, node)
            if change is None:
                sp.unchanged += 1
                continue
            getattr(sp, change).append(PlannedChange(sheet, row, change, node.label.value, node.key,
                                                     _name(p, pending, node.key), fields))
        for edge in edges:
            change, fields = _edge_change(store, edge)
            if change is None:
                sp.unchanged += 1
                continue
            name = f"{_name(p, pending, edge.src)} → {_name(p, pending, edge.dst)}"
            getattr(sp, change).append(PlannedChange(sheet, row, change, edge.type.value, edge.key, name, fields))
    if plan.ok:
        # Nodes first: an edge's endpoints must exist earlier in the same transaction.
        plan.batches = [ChangeBatch(nodes=chunk) for chunk in _chunks(checker.nodes, batch_size)]
        plan.batches += [ChangeBatch(edges=chunk) for chunk in _chunks(checker.edges, batch_size)]
    return plan


def apply_plan(store: GraphStore, plan: WorkbookPlan, *, actor: str) -> int:
    """Write a confirmed plan in ONE transaction; returns the change-log entries written."""
    if not plan.ok:
        raise ValueError("a workbook with errors or rows outside the scope is not applied")
    keep_closed_after_herindeling(store, plan.batches)  # last year's workbook must not undo a herindeling
    return store.apply_many(plan.batches, actor)


def describe(plan: WorkbookPlan) -> dict[str, Any]:
    """The plan as plain data (for a log line or an API answer)."""
    return {"ok": plan.ok, "counts": plan.counts(), "refused": len(plan.refused), "errors": len(plan.report.errors)}
