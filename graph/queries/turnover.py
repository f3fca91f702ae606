"""Positions outlive people: successors, leavers, bulk moves and vacancies.

Every write is ONE ``ChangeBatch`` (one transaction, logged per change). Nothing is deleted:
relationships are closed on the given day, professionals are marked inactive, and a position
left without a holder gets ``vacant_since``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.messages import msg
from graph.projection import Projection
from graph.queries.contacts import OrganisationRef, PositionRef, organisation_ref
from graph.queries.index import QueryError, contact_index, require
from graph.schema import Edge, Label, Node, Priority, RelType, edge_key
from graph.service import GraphService
from graph.store.base import ChangeBatch, EdgeClose

__all__ = ["ACTIONS", "TurnoverResult", "Vacancy", "assign_successor", "bulk_reassign", "mark_inactive", "touched_by",
           "vacancies"]

# What a turnover write did (TurnoverResult.action); touched_by takes the same words.
ACTIONS = ("assign_successor", "mark_inactive", "bulk_reassign")


@dataclass(frozen=True)
class TurnoverResult:
    action: str  # one of ACTIONS
    on: str
    changes: int  # change-log entries written (0 = nothing changed)
    closed: tuple[str, ...]  # relationship keys closed
    created: tuple[str, ...]  # relationship keys created
    vacated: tuple[str, ...]  # positions that became vacant
    filled: tuple[str, ...]  # positions that got a holder


def _day(on: str | dt.date) -> str:
    try:
        return dt.date.fromisoformat(str(on)[:10]).isoformat() if not isinstance(on, dt.date) else on.isoformat()
    except ValueError:
        raise QueryError(msg("query.invalid_date", value=str(on))) from None


def _props(p: Projection, key: str) -> dict[str, Any]:
    return {k: v for k, v in (p.node(key) or {}).items() if k != "label"}


def _active_prof(p: Projection, key: str) -> dict[str, Any]:
    node = require(p, key, Label.PROFESSIONAL)
    if node.get("active", True) is False:
        raise QueryError(msg("turnover.inactive", professional=key, since=str(node.get("inactive_since") or "")))
    return node


def _new_edge_key(p: Projection, rel: RelType, src: str, dst: str, on: str) -> str:
    # A closed relationship keeps its interval: a renewed one gets its own key (spelled by the day).
    key = edge_key(rel, src, dst)
    return edge_key(rel, src, dst, on) if p.g.has_edge(src, dst, key=key) else key


def _open_on(d: dict[str, Any], on: str) -> bool:
    return (d.get("valid_from") or "") <= on and (d.get("valid_to") is None or d["valid_to"] > on)


def _holders_after(p: Projection, position: str, on: str, leaving: set[str]) -> list[str]:
    return [src for src, d in p.in_edges(position, RelType.HOLDS, all_time=True)
            if src not in leaving and _open_on(d, on) and (p.node(src) or {}).get("active", True) is not False]


def _position_node(p: Projection, key: str, *, vacant_since: str | None) -> Node:
    props = _props(p, key)
    props.pop("vacant_since", None)
    if vacant_since:
        props["vacant_since"] = vacant_since
    return Node(label=Label.POSITION, key=key, props=props)


def _write(service: GraphService, action: str, on: str, batch: ChangeBatch, actor: str,
           vacated: list[str], filled: list[str]) -> TurnoverResult:
    entries = service.write(batch, actor)
    return TurnoverResult(action, on, len(entries), tuple(c.key for c in batch.closes),
                          tuple(e.key for e in batch.edges), tuple(vacated), tuple(filled))


def touched_by(p: Projection, action: str, *, position: str | None = None, professional: str | None = None,
               to_professional: str | None = None, on: str | dt.date | None = None) -> tuple[str, ...]:
    """Every node a turnover write changes or gives a relationship: the caller checks its rights on EACH.

    ``assign_successor`` links the position AND the incoming professional (new HOLDS and WORKS_AT);
    ``bulk_reassign`` closes the leaver's positions and links every one of them to the receiver;
    ``mark_inactive`` changes the leaver and the positions they vacate.
    """
    day = _day(on or dt.date.today())
    if action == "assign_successor":
        return tuple(k for k in (position, professional) if k)
    if action == "bulk_reassign":
        held = [pos for pos, d in p.out_edges(str(professional), RelType.HOLDS, all_time=True) if _open_on(d, day)]
        return tuple(dict.fromkeys(k for k in (professional, to_professional, *held) if k))
    if action == "mark_inactive":
        held = [pos for pos, d in p.out_edges(str(professional), RelType.HOLDS, all_time=True) if _open_on(d, day)]
        return tuple(dict.fromkeys(k for k in (professional, *held) if k))
    raise QueryError(msg("turnover.unknown_action", action=str(action)))


def assign_successor(service: GraphService, position_key: str, professional_key: str, *, actor: str,
                     on: str | dt.date, priority: Priority | str = Priority.PRIMARY, rank: int = 1) -> TurnoverResult:
    """``professional_key`` takes ``position_key`` at ``priority``/``rank`` from ``on``; the slot's holder leaves."""
    p = service.projection
    day = _day(on)
    pos = require(p, position_key, Label.POSITION)
    _active_prof(p, professional_key)
    prio = Priority(str(getattr(priority, "value", priority))).value
    if rank < 1:
        raise QueryError(msg("turnover.rank", rank=rank))
    batch = ChangeBatch(replace=True)
    for src, d in p.in_edges(position_key, RelType.HOLDS, all_time=True):
        if not _open_on(d, day):
            continue
        if src == professional_key:
            raise QueryError(msg("turnover.already_holds", professional=professional_key, position=position_key,
                                 priority=str(d.get("priority", "primary"))))
        if d.get("priority", "primary") == prio and int(d.get("rank", 1) or 1) == rank:
            batch.closes.append(EdgeClose(_rel_key(p, src, position_key, d), day))
    batch.edges.append(Edge(type=RelType.HOLDS, src=professional_key, dst=position_key, src_label=Label.PROFESSIONAL,
                            dst_label=Label.POSITION, props={"priority": prio, "rank": rank}, valid_from=day,
                            key=_new_edge_key(p, RelType.HOLDS, professional_key, position_key, day)))
    orgs = [o for o, _ in p.out_edges(position_key, RelType.AT, on=day)]
    works = {o for o, d in p.out_edges(professional_key, RelType.WORKS_AT, all_time=True) if _open_on(d, day)}
    for org in orgs:
        if org not in works:
            batch.edges.append(Edge(type=RelType.WORKS_AT, src=professional_key, dst=org,
                                    src_label=Label.PROFESSIONAL, dst_label=Label.ORGANISATION, valid_from=day,
                                    key=_new_edge_key(p, RelType.WORKS_AT, professional_key, org, day)))
    if pos.get("vacant_since"):
        batch.nodes.append(_position_node(p, position_key, vacant_since=None))
    return _write(service, "assign_successor", day, batch, actor, [], [position_key])


def _rel_key(p: Projection, src: str, dst: str, attrs: dict[str, Any]) -> str:
    # The projection keeps the relationship key as the MultiDiGraph edge key; find it by identity.
    d: dict[str, Any]
    for key, d in p.g.get_edge_data(src, dst, default={}).items():
        if d is attrs:
            return str(key)
    raise AssertionError(f"relationship {src} -> {dst} not found")


def _close_all(p: Projection, prof: str, rel: RelType, day: str,
               batch: ChangeBatch) -> list[tuple[str, dict[str, Any]]]:
    closed = []
    for dst, d in p.out_edges(prof, rel, all_time=True):
        if _open_on(d, day):
            batch.closes.append(EdgeClose(_rel_key(p, prof, dst, d), day))
            closed.append((dst, d))
    return closed


def mark_inactive(service: GraphService, professional_key: str, *, actor: str, on: str | dt.date) -> TurnoverResult:
    """The professional left on ``on``: HOLDS and WORKS_AT closed, ``active=false``; emptied positions vacant."""
    p = service.projection
    day = _day(on)
    _active_prof(p, professional_key)
    batch = ChangeBatch(replace=True)
    held = _close_all(p, professional_key, RelType.HOLDS, day, batch)
    _close_all(p, professional_key, RelType.WORKS_AT, day, batch)
    props = _props(p, professional_key) | {"active": False, "inactive_since": day}
    batch.nodes.append(Node(label=Label.PROFESSIONAL, key=professional_key, props=props))
    vacated = []
    for pos, _ in held:
        if not _holders_after(p, pos, day, {professional_key}):
            batch.nodes.append(_position_node(p, pos, vacant_since=day))
            vacated.append(pos)
    return _write(service, "mark_inactive", day, batch, actor, vacated, [])


def bulk_reassign(service: GraphService, from_prof: str, to_prof: str, *, actor: str,
                  on: str | dt.date) -> TurnoverResult:
    """Move every position ``from_prof`` holds on ``on`` to ``to_prof``, same priority and rank, in one transaction."""
    p = service.projection
    day = _day(on)
    if from_prof == to_prof:
        raise QueryError(msg("turnover.same_professional"))
    require(p, from_prof, Label.PROFESSIONAL)
    _active_prof(p, to_prof)
    batch = ChangeBatch(replace=True)
    held = _close_all(p, from_prof, RelType.HOLDS, day, batch)
    if not held:
        raise QueryError(msg("turnover.nothing_to_reassign", professional=from_prof, day=day))
    already = {pos for pos, d in p.out_edges(to_prof, RelType.HOLDS, all_time=True) if _open_on(d, day)}
    works = {o for o, d in p.out_edges(to_prof, RelType.WORKS_AT, all_time=True) if _open_on(d, day)}
    filled = []
    for pos, d in held:
        filled.append(pos)
        if pos in already:
            continue
        batch.edges.append(Edge(type=RelType.HOLDS, src=to_prof, dst=pos, src_label=Label.PROFESSIONAL,
                                dst_label=Label.POSITION, valid_from=day,
                                props={"priority": d.get("priority", "primary"), "rank": d.get("rank", 1)},
                                key=_new_edge_key(p, RelType.HOLDS, to_prof, pos, day)))
        for org, _ in p.out_edges(pos, RelType.AT, on=day):
            if org not in works:
                works.add(org)
                batch.edges.append(Edge(type=RelType.WORKS_AT, src=to_prof, dst=org, src_label=Label.PROFESSIONAL,
                                        dst_label=Label.ORGANISATION, valid_from=day,
                                        key=_new_edge_key(p, RelType.WORKS_AT, to_prof, org, day)))
    return _write(service, "bulk_reassign", day, batch, actor, [], filled)


@dataclass(frozen=True)
class Vacancy:
    position: PositionRef
    organisation: OrganisationRef | None
    vacant_since: str | None
    covers: tuple[str, ...]


def vacancies(p: Projection, region_code: str, *, on: str | None = None) -> list[Vacancy]:
    """Positions without an active holder that cover ``region_code`` or a region inside it."""
    node = p.node(region_code)
    if node is None or node.get("label") not in {"Gemeente", "Subregio", "Jeugdhulpregio", "Veiligheidsregio",
                                                "Provincie"}:
        raise QueryError(msg("turnover.unknown_region", region=region_code))
    idx = contact_index(p, on)
    inside_gm = set(idx.gemeenten_of.get(region_code, ()))
    inside = {region_code} | {r for r, gms in idx.gemeenten_of.items() if gms and set(gms) <= inside_gm}
    out = []
    for pos, regions in idx.covers.items():
        if idx.holders.get(pos) or not inside.intersection(regions):
            continue
        attrs = p.node(pos) or {}
        org_key = idx.position_org.get(pos)
        org = p.node(org_key) if org_key else None
        out.append(Vacancy(PositionRef(pos, str(attrs.get("name", pos)), attrs.get("role")),
                           organisation_ref(p, org_key) if org_key and org else None,
                           attrs.get("vacant_since"), tuple(r for r in regions if r in inside)))
    out.sort(key=lambda v: (v.vacant_since or "", v.position.key))
    return out
