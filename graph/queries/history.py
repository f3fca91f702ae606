"""Who changed what when: the change-log entries of a node and of its relationships (story 5.1.12)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.messages import Message, msg
from graph.queries.index import NotFoundError
from graph.service import GraphService

__all__ = ["FieldChange", "HistoryEntry", "history"]


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    ts: str
    actor: str
    op: str
    key: str  # the node key, or the key of one of its relationships
    kind: str
    changes: tuple[FieldChange, ...]
    summary: Message  # history.*: what the entry did


def _flat(state: dict[str, Any] | None) -> dict[str, Any]:
    if not state:
        return {}
    out = {k: v for k, v in state.items() if k != "props"}
    out.update({f"props.{k}": v for k, v in (state.get("props") or {}).items()})
    return out


_EDGE_OPS = {"edge.create": "history.linked", "edge.update": "history.link_changed"}


def _summary(op: str, kind: str, key: str, changes: tuple[FieldChange, ...], after: dict[str, Any] | None) -> Message:
    if op == "node.create":
        return msg("history.created", kind=kind, key=key)
    if op == "node.update":
        return msg("history.changed", fields=tuple(c.field for c in changes))
    if op in _EDGE_OPS and after:
        return msg(_EDGE_OPS[op], src=str(after.get("src")), rel=kind, dst=str(after.get("dst")))
    if op == "edge.close" and after:
        return msg("history.link_ended", src=str(after.get("src")), rel=kind, dst=str(after.get("dst")),
                   on=after.get("valid_to"))
    return msg("history.other", op=op)


def history(service: GraphService, key: str, *, limit: int | None = None) -> list[HistoryEntry]:
    """Entries about ``key`` and every relationship that ever touched it, oldest first."""
    p = service.projection
    if p.node(key) is None:
        raise NotFoundError("node", key)
    keys = {key}
    keys.update(str(k) for _, _, k in p.g.out_edges(key, keys=True))
    keys.update(str(k) for _, _, k in p.g.in_edges(key, keys=True))
    if limit is not None and limit > 0:  # the store reads only the last ``limit``
        entries = service.store.history_of(keys, last=limit)
    else:
        entries = service.store.history_of(keys)
        if limit is not None:
            entries = entries[-limit:]
    out = []
    for e in entries:
        before, after = _flat(e.before), _flat(e.after)
        changes = tuple(FieldChange(f, before.get(f), after.get(f))
                        for f in sorted(set(before) | set(after)) if before.get(f) != after.get(f) and f != "label")
        out.append(HistoryEntry(e.seq, e.ts, e.actor, e.op, e.key, e.kind, changes,
                                _summary(e.op, e.kind, e.key, changes, e.after)))
    return out
