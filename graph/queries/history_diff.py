"""What changed in a region's or body's network between two dates, read from valid_from/valid_to.

Closing is not deleting, so the projection holds every relationship that ever was: a relationship
active on ``to`` but not on ``from_`` was added, the reverse ended. When one relationship between the
same two nodes ends and another of the same type starts (a new role), that is reported as changed.

A region's diff covers its contact network as well as its bodies: the positions covering the region (or
a region inside it, or a larger one it lies in), their holders (HOLDS, e.g. a holder who left), their
coverage inside the region (COVERS) and the holders' employers; never a position that only covers
gemeenten elsewhere. Each relationship carries its ``category``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph.messages import MessageError, msg
from graph.projection import Projection
from graph.queries.governance import (
    _inside_and_above,
    as_of_day,
    bodies_in_scope,
    region_gemeenten,
    resolve_scope,
)
from graph.schema import Label, RelType, is_active

__all__ = ["DIFF_CATEGORIES", "BodyChange", "DiffEdge", "NetworkDiff", "network_diff", "scope_edges"]

_META = frozenset({"type", "valid_from", "valid_to"})
# Relationship types that make up a governance network around its bodies.
_BODY_TYPES = (RelType.MEMBER_OF, RelType.REPORTS_TO, RelType.PART_OF, RelType.COVERS)
# What a changed relationship is about (DiffEdge.category); "other" for a type outside _CATEGORY.
DIFF_CATEGORIES = ("body", "membership", "position", "holder", "coverage", "employment", "serves", "other")
_CATEGORY: dict[tuple[str, str | None], str] = {
    (RelType.MEMBER_OF.value, None): "membership", (RelType.REPORTS_TO.value, None): "body",
    (RelType.PART_OF.value, None): "body", (RelType.COVERS.value, Label.BODY.value): "body",
    (RelType.COVERS.value, Label.POSITION.value): "coverage", (RelType.HOLDS.value, None): "holder",
    (RelType.AT.value, None): "position", (RelType.WORKS_AT.value, None): "employment",
    (RelType.SERVES.value, None): "serves",
}


@dataclass(frozen=True)
class DiffEdge:
    key: str
    type: str
    src: str
    src_name: str
    dst: str
    dst_name: str
    valid_from: str | None
    valid_to: str | None
    props: dict[str, Any]
    before: dict[str, Any] | None = None  # for "changed": the properties of the relationship that ended
    before_key: str | None = None  # for "changed": the key of the relationship that ended
    src_label: str | None = None

    @property
    def is_membership(self) -> bool:
        return self.type == RelType.MEMBER_OF

    @property
    def category(self) -> str:
        """body (structure of bodies), membership, position (at an organisation), holder, coverage
        (a position's region), employment or serves."""
        return _CATEGORY.get((self.type, self.src_label), _CATEGORY.get((self.type, None), "other"))


@dataclass(frozen=True)
class BodyChange:
    key: str
    name: str
    kind: str


@dataclass
class NetworkDiff:
    code: str
    name: str
    from_: str
    to: str
    bodies_added: list[BodyChange] = field(default_factory=list)
    bodies_ended: list[BodyChange] = field(default_factory=list)
    added: list[DiffEdge] = field(default_factory=list)
    ended: list[DiffEdge] = field(default_factory=list)
    changed: list[DiffEdge] = field(default_factory=list)

    @property
    def members_added(self) -> list[DiffEdge]:
        return [e for e in self.added if e.is_membership]

    @property
    def members_ended(self) -> list[DiffEdge]:
        return [e for e in self.ended if e.is_membership]

    @property
    def is_empty(self) -> bool:
        return not (self.bodies_added or self.bodies_ended or self.added or self.ended or self.changed)


def scope_edges(p: Projection, code: str, days: list[str]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Every relationship (any validity) of the network around ``code`` as it was on any of ``days``."""
    bodies: set[str] = set()
    for day in days:
        bodies |= bodies_in_scope(p, code, day)
    out: dict[str, tuple[str, str, dict[str, Any]]] = {}
    professionals: set[str] = set()
    for b in bodies:
        for src, dst, key, d in list(p.g.in_edges(b, keys=True, data=True)) + list(p.g.out_edges(b, keys=True,
                                                                                                   data=True)):
            if d["type"] in _BODY_TYPES:
                out[key] = (src, dst, d)
                if d["type"] == RelType.MEMBER_OF and p.label_of(src) == Label.PROFESSIONAL:
                    professionals.add(src)
    for prof in professionals:  # a member changing employer is a change of the governance network too
        for src, dst, key, d in p.g.out_edges(prof, keys=True, data=True):
            if d["type"] == RelType.WORKS_AT:
                out[key] = (src, dst, d)
    if p.label_of(code) != Label.BODY:
        gemeenten = region_gemeenten(p, code, days[-1]) | set().union(*(region_gemeenten(p, code, d) for d in days))
        for g in gemeenten:
            for src, dst, key, d in p.g.in_edges(g, keys=True, data=True):
                if d["type"] == RelType.SERVES:
                    out[key] = (src, dst, d)
        out.update(_contact_edges(p, code, days))
    return out


def _contact_edges(p: Projection, code: str, days: list[str]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Positions serving the region (covering it, a region inside it or one it lies in) with their holders,
    their coverage inside the region and the holders' employers, over any validity."""
    regions: set[str] = set()
    for day in days:
        inside, above = _inside_and_above(p, code, day)
        regions |= inside | above
    out: dict[str, tuple[str, str, dict[str, Any]]] = {}
    positions: set[str] = set()
    for region in regions:
        for src, dst, key, d in p.g.in_edges(region, keys=True, data=True):
            if d["type"] == RelType.COVERS and p.label_of(src) == Label.POSITION:
                positions.add(src)
                out[key] = (src, dst, d)  # coverage inside the region only: not the position's other regions
    holders: set[str] = set()
    for pos in positions:
        for src, dst, key, d in p.g.in_edges(pos, keys=True, data=True):
            if d["type"] == RelType.HOLDS:
                holders.add(src)
                out[key] = (src, dst, d)
        for src, dst, key, d in p.g.out_edges(pos, keys=True, data=True):
            if d["type"] == RelType.AT:
                out[key] = (src, dst, d)
    for prof in holders:
        for src, dst, key, d in p.g.out_edges(prof, keys=True, data=True):
            if d["type"] == RelType.WORKS_AT:
                out[key] = (src, dst, d)
    return out


def network_diff(p: Projection, code: str, from_: str | dt.date, to: str | dt.date) -> NetworkDiff:
    """Bodies, members and relationships added, ended or changed between ``from_`` and ``to``."""
    _, name = resolve_scope(p, code)
    a, b = as_of_day(from_), as_of_day(to)
    if a > b:
        raise MessageError(msg("query.from_after_to", start=a, end=b))
    diff = NetworkDiff(code=code, name=name, from_=a, to=b)

    def nm(key: str) -> str:
        return str((p.node(key) or {}).get("name", key))

    def view(key: str, src: str, dst: str, d: dict[str, Any], before: dict[str, Any] | None = None,
             before_key: str | None = None) -> DiffEdge:
        return DiffEdge(key=key, type=d["type"], src=src, src_name=nm(src), dst=dst, dst_name=nm(dst),
                        valid_from=d.get("valid_from"), valid_to=d.get("valid_to"),
                        props={k: v for k, v in d.items() if k not in _META}, before=before, before_key=before_key,
                        src_label=p.label_of(src))

    added: dict[tuple[str, str, str], list[tuple[str, str, str, dict[str, Any]]]] = {}
    ended: dict[tuple[str, str, str], list[tuple[str, str, str, dict[str, Any]]]] = {}
    for key, (src, dst, d) in scope_edges(p, code, [a, b]).items():
        was = is_active(d.get("valid_from"), d.get("valid_to"), a)
        now = is_active(d.get("valid_from"), d.get("valid_to"), b)
        if was != now:
            (added if now else ended).setdefault((src, d["type"], dst), []).append((key, src, dst, d))
    for pair, items in sorted(added.items()):
        if pair in ended:  # the same two nodes, the same type: a relationship replaced (e.g. a new role)
            gone = ended.pop(pair)
            old_key, old = gone[0][0], gone[0][3]
            for key, src, dst, d in items:
                diff.changed.append(view(key, src, dst, d, before={k: v for k, v in old.items() if k not in _META},
                                         before_key=old_key))
            for key, src, dst, d in gone[1:]:  # more ended than one: the rest simply ended
                diff.ended.append(view(key, src, dst, d))
        else:
            diff.added += [view(key, src, dst, d) for key, src, dst, d in items]
    for items in ended.values():
        diff.ended += [view(key, src, dst, d) for key, src, dst, d in items]
    for edges in (diff.added, diff.ended, diff.changed):
        edges.sort(key=lambda e: (e.type, e.src, e.dst, e.key))

    then, now_ = bodies_in_scope(p, code, a), bodies_in_scope(p, code, b)
    diff.bodies_added = [BodyChange(k, nm(k), str((p.node(k) or {}).get("kind", ""))) for k in sorted(now_ - then)]
    diff.bodies_ended = [BodyChange(k, nm(k), str((p.node(k) or {}).get("kind", ""))) for k in sorted(then - now_)]
    return diff
