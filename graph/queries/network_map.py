"""Map data: the nodes and edges of a region, governance, ego or diff map, aggregated to stay readable.

A region map shows organisations, bodies and gemeenten (and the larger regions something serves);
professionals appear only when expanded, otherwise as counts on their organisation and body. Positions
are not computed here (graph/ draws nothing): pass ``layout`` (``viz.layout.positions``) to fill them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.messages import Message, MessageError, msg
from graph.projection import Projection
from graph.queries.analytics import ego_network
from graph.queries.governance import (
    BODY_LEVEL,
    _inside_and_above,
    as_of_day,
    bodies_in_scope,
    region_gemeenten,
    resolve_scope,
)
from graph.queries.herindeling import gemeente_active
from graph.queries.history_diff import network_diff
from graph.schema import Label, RelType, is_active

__all__ = ["MAP_MODES", "MAP_NODE_KINDS", "MAP_STATUSES", "NATIONAL", "NODE_KINDS", "MapData", "MapEdge", "MapNode",
           "diff_map", "ego_map", "network_map"]

NATIONAL = "NL"  # network_map code for the whole country
NODE_KINDS = ("gemeente", "region", "organisation", "body", "professional", "position")
# Every kind a node on a map is: NODE_KINDS, a meeting (an ego map's invitations) and other (a label not drawn
# as its own kind); ``kinds`` filters by any of them.
MAP_NODE_KINDS = (*NODE_KINDS, "meeting", "other")
MAP_MODES = ("region", "governance", "ego", "diff")  # MapData.mode
MAP_STATUSES = ("added", "ended", "changed")  # diff maps: what happened to a node or edge between the dates
_KIND_OF_LABEL = {Label.GEMEENTE: "gemeente", Label.SUBREGIO: "region", Label.JEUGDHULPREGIO: "region",
                  Label.VEILIGHEIDSREGIO: "region", Label.PROVINCIE: "region", Label.ORGANISATION: "organisation",
                  Label.BODY: "body", Label.PROFESSIONAL: "professional", Label.POSITION: "position",
                  Label.MEETING: "meeting"}

Layout = Callable[["MapData"], dict[str, tuple[float, float]]]


@dataclass
class MapNode:
    id: str
    name: str
    kind: str  # one of MAP_NODE_KINDS
    group: str  # organisation type, body kind, region label, "gemeente", "professional"
    label: str | None = None  # region label / node label
    count: int | None = None  # professionals of an organisation, members of a body
    level: int | None = None  # hierarchical rank in governance maps (0 = top)
    lat: float | None = None
    lon: float | None = None
    near: list[str] = field(default_factory=list)  # gemeenten it serves / covers: placed beside them
    role: str | None = None
    function: str | None = None
    email: str | None = None  # only filled when the viewer may see contact details
    phone: str | None = None
    status: str | None = None  # diff maps: one of MAP_STATUSES
    details: list[Message] = field(default_factory=list)  # tooltip lines (map.detail.*)


@dataclass
class MapEdge:
    src: str
    dst: str
    type: str
    label: str | None = None
    count: int | None = None
    status: str | None = None


@dataclass
class MapData:
    mode: str  # one of MAP_MODES
    code: str
    title: Message  # map.title.*
    as_of: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    version: int = 0  # projection version the data was read at: the layout cache key
    cache_key: tuple[Any, ...] = ()

    def node(self, node_id: str) -> MapNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def counts(self) -> dict[str, int]:
        return dict(Counter(n.kind for n in self.nodes))


class _Builder:
    def __init__(self, p: Projection, on: str, contacts: bool) -> None:
        self.p, self.on, self.contacts = p, on, contacts
        self.nodes: dict[str, MapNode] = {}
        self.edges: dict[tuple[str, str, str, str | None], MapEdge] = {}

    def attrs(self, key: str) -> dict[str, Any]:
        return self.p.node(key) or {}

    def add(self, key: str, **extra: Any) -> MapNode:
        if key in self.nodes:
            return self.nodes[key]
        a = self.attrs(key)
        label = str(a.get("label"))
        kind = _KIND_OF_LABEL.get(label, "other")  # type: ignore[call-overload]
        group = {"organisation": a.get("type") or "other", "body": a.get("kind") or "overleg",
                 "region": label, "position": a.get("role") or "position"}.get(kind, kind)
        n = MapNode(id=key, name=str(a.get("name", key)), kind=kind, group=str(group), label=label,
                    lat=a.get("lat"), lon=a.get("lon"), function=a.get("function"))
        if kind == "body":
            n.level = BODY_LEVEL.get(str(a.get("kind")), 3)
            for prop in ("local_name", "phase", "note"):
                if a.get(prop):
                    n.details.append(msg(f"map.detail.{prop}", value=str(a[prop])))
        if kind == "position":
            n.role = a.get("role")
        if self.contacts and kind in ("professional", "organisation"):
            n.email, n.phone = a.get("email"), a.get("phone")
        for k, v in extra.items():
            setattr(n, k, v)
        self.nodes[key] = n
        return n

    def link(self, src: str, dst: str, type_: str, label: str | None = None, count: int | None = None,
             status: str | None = None) -> None:
        k = (src, dst, type_, label)
        if k in self.edges:
            e = self.edges[k]
            e.count = (e.count or 1) + (count or 1)
        else:
            self.edges[k] = MapEdge(src, dst, type_, label, count, status)

    def professionals_at(self, org: str) -> list[str]:
        # Hot loop at national scale (100 000 WORKS_AT edges): networkx's view objects cost more than the
        # work here, so read its backing dicts (_pred: dst -> src -> key -> attrs; _node: key -> attrs).
        g, on, works_at = self.p.g, self.on, RelType.WORKS_AT.value
        nodes = g._node  # type: ignore[attr-defined]  # networkx internals, not in the stubs
        return [src for src, by_key in g._pred[org].items()  # type: ignore[attr-defined]
                if any(d["type"] == works_at and is_active(d.get("valid_from"), d.get("valid_to"), on)
                       for d in by_key.values())
                and nodes[src].get("active", True)]

    def add_bodies(self, bodies: Iterable[str], expand: Callable[[str], bool]) -> None:
        p, on = self.p, self.on
        bodies = sorted(bodies)
        for b in bodies:
            self.add(b)
        for b in bodies:
            for t in (RelType.REPORTS_TO, RelType.PART_OF):
                for dst, _ in p.out_edges(b, t, on=on):
                    if dst in self.nodes:
                        self.link(b, dst, t.value)
            members = p.in_edges(b, RelType.MEMBER_OF, on=on)
            self.nodes[b].count = len(members)
            roles = Counter(d.get("role") or "lid" for _, d in members)
            self.nodes[b].details.append(msg("map.detail.members", members=tuple(
                f"{n}× {r}" for r, n in sorted(roles.items()))))
            for src, d in members:
                role = d.get("role")
                if p.label_of(src) == Label.ORGANISATION:
                    self.add(src)
                    self.link(src, b, RelType.MEMBER_OF.value, role)
                elif expand(b) or expand(src):
                    self.add(src, role=role)
                    self.link(src, b, RelType.MEMBER_OF.value, role)
                    for org, _ in p.out_edges(src, RelType.WORKS_AT, on=on):
                        self.add(org)
                        self.link(src, org, RelType.WORKS_AT.value)
                else:  # aggregated: the employer sits in the body with a count
                    for org, _ in p.out_edges(src, RelType.WORKS_AT, on=on):
                        self.add(org)
                        self.link(org, b, RelType.MEMBER_OF.value, "medewerkers", 1)

    def add_covers(self, bodies: Iterable[str]) -> None:
        for b in bodies:
            for dst, _ in self.p.out_edges(b, RelType.COVERS, on=self.on):
                self.add(dst)
                self.link(b, dst, RelType.COVERS.value)

    def finish(self, expand: Callable[[str], bool], kinds: set[str] | None) -> tuple[list[MapNode], list[MapEdge]]:
        p, on = self.p, self.on
        for key, n in list(self.nodes.items()):
            if n.kind == "organisation":
                profs = self.professionals_at(key)
                n.count = len(profs)
                if expand(key):
                    for prof in profs:
                        self.add(prof)
                        self.link(prof, key, RelType.WORKS_AT.value)
            if n.kind in ("organisation", "body") and not n.near:
                rel = RelType.SERVES if n.kind == "organisation" else RelType.COVERS
                near: set[str] = set()
                for dst, _ in p.out_edges(key, rel, on=on):
                    near |= region_gemeenten(p, dst, on)
                n.near = sorted(near)
            if n.kind == "region":
                n.near = sorted(region_gemeenten(p, key, on))
        nodes = [n for n in self.nodes.values() if kinds is None or n.kind in kinds]
        keep = {n.id for n in nodes}
        edges = [e for e in self.edges.values() if e.src in keep and e.dst in keep]
        return (sorted(nodes, key=lambda n: (NODE_KINDS.index(n.kind) if n.kind in NODE_KINDS else 9, n.id)),
                sorted(edges, key=lambda e: (e.type, e.src, e.dst, e.label or "")))


def _expander(expand: bool | Collection[str]) -> Callable[[str], bool]:
    if isinstance(expand, bool):
        return lambda _key: expand
    wanted = set(expand)
    return lambda key: key in wanted


def _kinds(kinds: Iterable[str] | None) -> set[str] | None:
    if kinds is None:
        return None
    wanted = set(kinds)
    unknown = wanted - set(MAP_NODE_KINDS)
    if unknown:
        raise MessageError(msg("map.unknown_kinds", kinds=sorted(unknown), known=MAP_NODE_KINDS))
    return wanted


def network_map(p: Projection, code: str, *, as_of: str | dt.date | None = None, kinds: Iterable[str] | None = None,
                expand: bool | Collection[str] = False, contacts: bool = False,
                layout: Layout | None = None) -> MapData:
    """A region's collaboration map (``NATIONAL`` = all of NL), or a body's governance map for a body key.

    ``expand`` shows professionals: ``True`` for all, or the keys of the organisations/bodies to open.
    ``kinds`` keeps only those node kinds (see ``MAP_NODE_KINDS``). ``contacts`` fills e-mail/phone.
    """
    on = as_of_day(as_of)
    if code == NATIONAL:
        label, name = "", "Nederland"
    else:
        label, name = resolve_scope(p, code)
    wanted = _kinds(kinds)
    if wanted and "professional" in wanted and expand is False:
        expand = True
    exp = _expander(expand)
    b = _Builder(p, on, contacts)
    bodies = set(p.keys(Label.BODY)) if code == NATIONAL else bodies_in_scope(p, code, on)
    if code == NATIONAL:  # the whole country: every gemeente, organisation and body
        mode, title = "region", msg("map.title.network", name="Nederland")
        for g in p.keys(Label.GEMEENTE):
            if gemeente_active(p.g.nodes[g], on or dt.date.today().isoformat()):  # of that day (herindeling)
                b.add(g)
        for org in p.keys(Label.ORGANISATION):
            b.add(org)
            for dst, _ in p.out_edges(org, RelType.SERVES, on=on):
                b.add(dst)
                b.link(org, dst, RelType.SERVES.value)
        b.add_bodies([k for k in bodies if p.out_edges(k, RelType.COVERS, on=on)], exp)
        b.add_covers(bodies)
    elif label == Label.BODY:
        mode, title = "governance", msg("map.title.governance", name=name)
        b.add_bodies(bodies, exp)
        b.add_covers(bodies)
    else:
        mode, title = "region", msg("map.title.network", name=name)
        inside, above = _inside_and_above(p, code, on)
        for g in sorted(region_gemeenten(p, code, on)):
            b.add(g)
        for region in sorted(inside | above):
            for src, _ in p.in_edges(region, RelType.SERVES, on=on):
                b.add(src)
                if p.label_of(region) == Label.GEMEENTE:
                    b.link(src, region, RelType.SERVES.value)
                else:  # serves a larger region: one edge to the region node, not one per gemeente
                    b.add(region)
                    b.link(src, region, RelType.SERVES.value)
        b.add_bodies(bodies, exp)
        b.add_covers(bodies)
    nodes, edges = b.finish(exp, wanted)
    key = ("map", mode, code, on, tuple(sorted(wanted or ())),
           expand if isinstance(expand, bool) else tuple(sorted(expand)), contacts)
    md = MapData(mode=mode, code=code, title=title, as_of=on, nodes=nodes, edges=edges, version=p.version,
                 cache_key=key)
    if layout:
        md.positions = layout(md)
    return md


def ego_map(p: Projection, key: str, *, depth: int = 1, as_of: str | dt.date | None = None,
            contacts: bool = False, layout: Layout | None = None) -> MapData:
    """The ego network of a professional or organisation as map data (professionals always shown)."""
    ego = ego_network(p, key, depth=depth, as_of=as_of)
    b = _Builder(p, ego.as_of, contacts)
    for n in ego.nodes:
        node = b.add(n.key)
        node.level = n.distance
    for e in ego.edges:
        b.link(e.src, e.dst, e.type, e.role)
    nodes, edges = b.finish(lambda _k: False, None)
    name = b.nodes[key].name
    md = MapData(mode="ego", code=key, title=msg("map.title.ego", name=name, depth=depth), as_of=ego.as_of, nodes=nodes,
                 edges=edges, version=p.version, cache_key=("ego", key, depth, ego.as_of, contacts))
    if layout:
        md.positions = layout(md)
    return md


def diff_map(p: Projection, code: str, from_: str | dt.date, to: str | dt.date, *, contacts: bool = False,
             layout: Layout | None = None) -> MapData:
    """The bodies in scope on either date with what changed in between highlighted (edge/node ``status``)."""
    diff = network_diff(p, code, from_, to)
    b = _Builder(p, diff.to, contacts)
    bodies = bodies_in_scope(p, code, diff.from_) | bodies_in_scope(p, code, diff.to)
    b.add_bodies(bodies, lambda _k: False)
    status: dict[tuple[str, str, str], str] = {}
    added, ended, changed = MAP_STATUSES
    for st, edges in ((added, diff.added), (ended, diff.ended), (changed, diff.changed)):
        for de in edges:
            b.add(de.src)
            b.add(de.dst)
            b.link(de.src, de.dst, de.type, de.props.get("role"), status=st)
            status[(de.src, de.dst, de.type)] = st
    for me in b.edges.values():
        me.status = me.status or status.get((me.src, me.dst, me.type))
    touched: dict[str, set[str]] = defaultdict(set)
    for me in b.edges.values():
        if me.status:
            touched[me.src].add(me.status)
            touched[me.dst].add(me.status)
    for bc in diff.bodies_added:
        touched[bc.key] = {added}
    for bc in diff.bodies_ended:
        touched[bc.key] = {ended}
    nodes, map_edges = b.finish(lambda _k: False, None)
    for n in nodes:
        seen = touched.get(n.id)
        if seen:
            n.status = next(iter(seen)) if len(seen) == 1 else changed
    md = MapData(mode="diff", code=code, title=msg("map.title.diff", start=diff.from_, end=diff.to, name=diff.name),
                 as_of=diff.to,
                 nodes=nodes, edges=map_edges, version=p.version,
                 cache_key=("diff", code, diff.from_, diff.to, contacts))
    if layout:
        md.positions = layout(md)
    return md
