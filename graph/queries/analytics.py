"""Network analytics on the projection: coverage matrix, brokers, single points of failure, ego networks.

All read-only networkx work on ``Projection.g``; every function takes ``as_of`` so the same question can
be asked of an earlier date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from graph.messages import MessageError, msg
from graph.projection import Projection
from graph.queries.contacts import counterpart_gaps, counterparts
from graph.queries.errors import NotFound, suggest
from graph.queries.governance import as_of_day, bodies_in_scope, region_gemeenten, regions_containing, resolve_scope
from graph.schema import Label, OrgType, RelType, is_active

__all__ = [
    "SEAT_KINDS",
    "Broker",
    "CoverageMatrix",
    "CoverageRow",
    "EgoEdge",
    "EgoNetwork",
    "EgoNode",
    "MultiBodyMember",
    "SinglePointOfFailure",
    "brokers",
    "coverage_matrix",
    "ego_network",
    "multi_body_members",
    "organisation_graph",
    "single_points_of_failure",
]

MAX_EGO_DEPTH = 4
SEAT_KINDS = ("position", "body")  # what a critical seat (Seat.kind) is: a critical position or a seat in a body
MAX_EGO_NODES = 5_000
# Seats in a body that carry the body (its chair, its daily lead, its content support).
CRITICAL_SEATS = frozenset({"voorzitter", "teamleider", "gedragswetenschapper"})


# ---------------------------------------------------------------------------------------- coverage
@dataclass(frozen=True)
class CoverageRow:
    gemeente: str
    name: str
    counts: dict[str, int]
    organisations: dict[str, tuple[str, ...]]  # org type -> organisation keys
    # org type -> earliest vacancy date where an organisation of that type has nobody reachable for the
    # gemeente (a fallback or another organisation standing in does not close the gap)
    vacancies: dict[str, str] = field(default_factory=dict)

    @property
    def gaps(self) -> list[str]:
        return [t for t, n in self.counts.items() if n == 0 or t in self.vacancies]


@dataclass
class CoverageMatrix:
    code: str
    name: str
    as_of: str
    org_types: list[str]
    rows: list[CoverageRow]


def coverage_matrix(p: Projection, code: str, *, as_of: str | dt.date | None = None,
                    org_types: list[str] | None = None) -> CoverageMatrix:
    """Per gemeente of the region: how many organisations of each type serve it (directly or via a region)."""
    _, name = resolve_scope(p, code)
    on = as_of_day(as_of)
    types = org_types or [t.value for t in OrgType]
    unknown = [t for t in types if t not in {o.value for o in OrgType}]
    if unknown:
        raise MessageError(msg("query.unknown_org_types", values=unknown, known=[t.value for t in OrgType]))
    gemeenten = region_gemeenten(p, code, on)
    if p.label_of(code) == Label.BODY:
        gemeenten = {g for dst, _ in p.out_edges(code, RelType.COVERS, on=on) for g in region_gemeenten(p, dst, on)}
    rows: list[CoverageRow] = []
    for g in sorted(gemeenten, key=lambda k: str((p.node(k) or {}).get("name", k))):
        per_type: dict[str, set[str]] = defaultdict(set)
        for region in regions_containing(p, g, on):
            for src, _ in p.in_edges(region, RelType.SERVES, on=on):
                t = (p.node(src) or {}).get("type")
                if t in types:
                    per_type[t].add(src)
        vacancies: dict[str, str] = {}
        for t in types:
            gaps = counterpart_gaps(counterparts(p, g, t, on=on))
            if gaps:
                vacancies[t] = min(str(gap.vacant_since or "unknown") for gap in gaps)
        rows.append(CoverageRow(gemeente=g, name=str((p.node(g) or {}).get("name", g)),
                                counts={t: len(per_type[t]) for t in types},
                                organisations={t: tuple(sorted(per_type[t])) for t in types}, vacancies=vacancies))
    return CoverageMatrix(code=code, name=name, as_of=on, org_types=types, rows=rows)


# ---------------------------------------------------------------------------------------- brokers
def _employers(p: Projection, prof: str, on: str) -> list[str]:
    return [dst for dst, _ in p.out_edges(prof, RelType.WORKS_AT, on=on)]


def _scope_orgs(p: Projection, code: str | None, on: str) -> set[str] | None:
    if code is None:
        return None
    resolve_scope(p, code)
    orgs: set[str] = set()
    regions: set[str] = set()
    for g in region_gemeenten(p, code, on):
        regions |= regions_containing(p, g, on)
    for region in regions:
        orgs |= {s for s, _ in p.in_edges(region, RelType.SERVES, on=on)}
    for body in bodies_in_scope(p, code, on):
        for src, _ in p.in_edges(body, RelType.MEMBER_OF, on=on):
            orgs |= {src} if p.label_of(src) == Label.ORGANISATION else set(_employers(p, src, on))
    return orgs


def organisation_graph(p: Projection, *, code: str | None = None, as_of: str | dt.date | None = None) -> nx.Graph[str]:
    """Organisations linked when they sit in the same body (themselves or via employees), are part of each
    other, or when one's position escalates to the other's. Edge weight = number of such links."""
    on = as_of_day(as_of)
    scope = _scope_orgs(p, code, on)
    g: nx.Graph[str] = nx.Graph()
    for org in p.keys(Label.ORGANISATION) if scope is None else sorted(scope):
        n = p.node(org) or {}
        g.add_node(org, name=n.get("name", org), type=n.get("type"))

    def link(a: str, b: str, why: str) -> None:
        if a == b or a not in g or b not in g:
            return
        if g.has_edge(a, b):
            g.edges[a, b]["weight"] += 1
            g.edges[a, b]["via"].add(why)
        else:
            g.add_edge(a, b, weight=1, via={why})

    for body in p.keys(Label.BODY):
        orgs: set[str] = set()
        for src, _ in p.in_edges(body, RelType.MEMBER_OF, on=on):
            orgs |= {src} if p.label_of(src) == Label.ORGANISATION else set(_employers(p, src, on))
        for a, b in combinations(sorted(orgs), 2):
            link(a, b, body)
    for org in list(g.nodes):
        for dst, _ in p.out_edges(org, RelType.PART_OF, on=on):
            link(org, dst, "PART_OF")
    for pos in p.keys(Label.POSITION):
        at = [o for o, _ in p.out_edges(pos, RelType.AT, on=on)]
        for target, _ in p.out_edges(pos, RelType.ESCALATES_TO, on=on):
            for a in at:
                for b, _ in p.out_edges(target, RelType.AT, on=on):
                    link(a, b, "ESCALATES_TO")
    return g


@dataclass(frozen=True)
class Broker:
    key: str
    name: str
    type: str | None
    betweenness: float
    degree: int


def brokers(p: Projection, *, code: str | None = None, as_of: str | dt.date | None = None,
            top: int = 10) -> list[Broker]:
    """Organisations bridging otherwise separate parts of the network (betweenness centrality)."""
    if top < 1:
        raise MessageError(msg("query.minimum", name="top", min=1))
    g = organisation_graph(p, code=code, as_of=as_of)
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    if g.number_of_nodes() == 0:
        return []
    scores = nx.betweenness_centrality(g, normalized=True)
    ranked = sorted(scores, key=lambda k: (-scores[k], -g.degree(k), k))[:top]
    return [Broker(key=k, name=str(g.nodes[k]["name"]), type=g.nodes[k]["type"], betweenness=round(scores[k], 6),
                   degree=g.degree(k)) for k in ranked]


# ---------------------------------------------------------------------------------------- SPOF
@dataclass(frozen=True)
class Seat:
    key: str  # position or body key
    name: str
    role: str | None
    kind: str  # one of SEAT_KINDS
    sole_holder: bool  # nobody else holds it (position) / nobody else has this seat role (body)


@dataclass
class SinglePointOfFailure:
    key: str
    name: str
    organisations: list[str]
    seats: list[Seat] = field(default_factory=list)

    @property
    def sole(self) -> int:
        return sum(s.sole_holder for s in self.seats)


def single_points_of_failure(p: Projection, *, code: str | None = None, as_of: str | dt.date | None = None,
                             min_seats: int = 2) -> list[SinglePointOfFailure]:
    """People holding ``min_seats`` or more critical positions or key body seats (chair, teamleider, ...).

    A critical position (``critical``) or a key body seat held by one person is lost at once when that
    person leaves or falls ill; ``sole_holder`` marks seats nobody else covers.
    """
    if min_seats < 1:
        raise MessageError(msg("query.minimum", name="min_seats", min=1))
    on = as_of_day(as_of)
    scope = _scope_orgs(p, code, on)
    bodies = bodies_in_scope(p, code, on) if code else set(p.keys(Label.BODY))
    people: dict[str, SinglePointOfFailure] = {}

    def person(prof: str) -> SinglePointOfFailure:
        if prof not in people:
            n = p.node(prof) or {}
            people[prof] = SinglePointOfFailure(prof, str(n.get("name", prof)), _employers(p, prof, on))
        return people[prof]

    for pos in p.keys(Label.POSITION):
        pn = p.node(pos) or {}
        if not pn.get("critical"):
            continue
        if scope is not None and not any(o in scope for o, _ in p.out_edges(pos, RelType.AT, on=on)):
            continue
        holders = [src for src, _ in p.in_edges(pos, RelType.HOLDS, on=on)]
        for h in holders:
            person(h).seats.append(Seat(pos, str(pn.get("name", pos)), pn.get("role"), "position", len(holders) == 1))
    for body in sorted(bodies):
        members = p.in_edges(body, RelType.MEMBER_OF, on=on)
        per_role = Counter(d.get("role") for _, d in members)
        for src, d in members:
            if d.get("role") in CRITICAL_SEATS and p.label_of(src) == Label.PROFESSIONAL:
                person(src).seats.append(Seat(body, str((p.node(body) or {}).get("name", body)), d.get("role"),
                                              "body", per_role[d.get("role")] == 1))
    found = [s for s in people.values() if len(s.seats) >= min_seats]
    return sorted(found, key=lambda s: (-len(s.seats), -s.sole, s.name))


@dataclass(frozen=True)
class MultiBodyMember:
    key: str
    name: str
    bodies: tuple[str, ...]


def multi_body_members(p: Projection, *, min_bodies: int = 2, as_of: str | dt.date | None = None,
                       code: str | None = None) -> list[MultiBodyMember]:
    """Professionals sitting in ``min_bodies`` or more bodies (optionally only bodies in scope of ``code``)."""
    if min_bodies < 1:
        raise MessageError(msg("query.minimum", name="min_bodies", min=1))
    on = as_of_day(as_of)
    bodies = bodies_in_scope(p, code, on) if code else set(p.keys(Label.BODY))
    seats: dict[str, set[str]] = defaultdict(set)
    for b in bodies:
        for src, _ in p.in_edges(b, RelType.MEMBER_OF, on=on):
            if p.label_of(src) == Label.PROFESSIONAL:
                seats[src].add(b)
    found = [MultiBodyMember(k, str((p.node(k) or {}).get("name", k)), tuple(sorted(bs)))
             for k, bs in seats.items() if len(bs) >= min_bodies]
    return sorted(found, key=lambda m: (-len(m.bodies), m.key))


# ---------------------------------------------------------------------------------------- ego network
@dataclass(frozen=True)
class EgoNode:
    key: str
    label: str
    name: str
    distance: int


@dataclass(frozen=True)
class EgoEdge:
    src: str
    dst: str
    type: str
    role: str | None = None


@dataclass
class EgoNetwork:
    center: str
    depth: int
    as_of: str
    nodes: list[EgoNode]
    edges: list[EgoEdge]
    truncated: bool = False


# Regions are leaves: expanding a gemeente would pull in everyone working there. Cases never appear.
_LEAF_LABELS = frozenset({Label.GEMEENTE, Label.SUBREGIO, Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO,
                          Label.PROVINCIE, Label.MEETING})
_SKIP_LABELS = frozenset({Label.CASE})
_SKIP_TYPES = frozenset({RelType.IN_PROVINCIE, RelType.IN_JEUGDHULPREGIO, RelType.IN_VEILIGHEIDSREGIO,
                         RelType.IN_SUBREGIO, RelType.ON_CASE, RelType.FOR_GEMEENTE})


def ego_network(p: Projection, key: str, *, depth: int = 1, as_of: str | dt.date | None = None,
                max_nodes: int = MAX_EGO_NODES) -> EgoNetwork:
    """A professional's or organisation's neighbourhood up to ``depth`` steps (both directions)."""
    if key not in p.g:
        candidates = [(k, str((p.node(k) or {}).get("name", k))) for lab in (Label.PROFESSIONAL, Label.ORGANISATION,
                                                                           Label.BODY) for k in p.keys(lab)]
        raise NotFound("professional or organisation", key, suggest(key, candidates))
    if not 1 <= depth <= MAX_EGO_DEPTH:
        raise MessageError(msg("query.out_of_range", name="depth", low=1, high=MAX_EGO_DEPTH, value=depth))
    on = as_of_day(as_of)
    dist = {key: 0}
    frontier = [key]
    edges: dict[tuple[str, str, str], EgoEdge] = {}
    truncated = False
    for d in range(1, depth + 1):
        nxt: list[str] = []
        for node in frontier:
            if node != key and p.label_of(node) in _LEAF_LABELS:
                continue
            for a, b, data in list(p.g.out_edges(node, data=True)) + list(p.g.in_edges(node, data=True)):
                if data["type"] in _SKIP_TYPES or not is_active(data.get("valid_from"), data.get("valid_to"), on):
                    continue
                other = b if a == node else a
                if p.label_of(other) in _SKIP_LABELS:
                    continue
                if other not in dist:
                    if len(dist) >= max_nodes:
                        truncated = True
                        continue
                    dist[other] = d
                    nxt.append(other)
                edges[(a, b, data["type"])] = EgoEdge(a, b, data["type"], data.get("role"))
        frontier = nxt
    nodes = [EgoNode(k, str(p.label_of(k)), str((p.node(k) or {}).get("name", k)), dist[k])
             for k in sorted(dist, key=lambda k: (dist[k], k))]
    kept = [e for e in edges.values() if e.src in dist and e.dst in dist]
    return EgoNetwork(center=key, depth=depth, as_of=on, nodes=nodes,
                      edges=sorted(kept, key=lambda e: (e.src, e.dst, e.type)), truncated=truncated)
