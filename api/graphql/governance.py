"""GraphQL for governance staff: toekomsttuin/tafel trees, staffing checks, analytics, diffs and map data.

Thin resolvers over ``graph.queries.governance``/``analytics``/``history_diff``/``network_map``. Every
field needs the governance role (admins always); e-mail and phone additionally need a signed-in viewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.auth import Role
from api.graphql.context import Context
from api.graphql.messages import MessageType, locale_of
from api.graphql.permissions import HasRole, IsAuthenticated
from api.graphql.regions import OrgTypeEnum
from api.graphql.values import (
    BodyKind,
    PositionRole,
    RegionLevel,
    YearMonth,
    body_kind,
    day,
    month,
    position_role,
    words_enum,
)
from api.i18n import render
from graph.messages import Message
from graph.queries import analytics as qa
from graph.queries import governance as qg
from graph.queries import history_diff as qd
from graph.queries import network_map as qm
from graph.schema import Label, OrgType, RelType
from viz.layout import positions

__all__ = ["GovernanceQuery"]

GInfo = Info[Context, None]


def _day(iso: str) -> dt.date:
    """A domain day (ISO text) as the schema's ``Date``."""
    return dt.date.fromisoformat(iso[:10])


def _on(iso: str | None) -> dt.date | None:
    return _day(iso) if iso else None
T = TypeVar("T")
_GOV = [HasRole(Role.GOVERNANCE)]


def _org_type(value: str | None) -> OrgType | None:
    """An organisation's type as the schema's enum; null when it has none (or one jbnet does not know)."""
    return OrgType(value) if value in _ORG_TYPES else None


_ORG_TYPES = frozenset(t.value for t in OrgType)


FindingSeverity: Any = words_enum("FindingSeverity", qg.SEVERITIES, "How serious a governance finding is.")
RelationshipType: Any = strawberry.enum(RelType, name="RelationshipType",
                                        description="The type of a relationship in the graph (graph.schema.RelType).")
NodeLabel: Any = strawberry.enum(Label, name="NodeLabel",
                                description="What a node in the graph is (graph.schema.Label).")
DiffCategory: Any = words_enum("DiffCategory", qd.DIFF_CATEGORIES,
                               "What a changed relationship is about: the structure of bodies, a membership, a "
                               "position at an organisation, its holder, its coverage, an employment or what an "
                               "organisation serves.")
SeatKind: Any = words_enum("SeatKind", qa.SEAT_KINDS,
                           "What a critical seat is: a critical position or a seat in a body.")
MapNodeKind: Any = words_enum("MapNodeKind", qm.MAP_NODE_KINDS, "What a node on a map is.")
MapMode: Any = words_enum("MapMode", qm.MAP_MODES,
                          "Which map: a region (aggregated), a governance tree, an ego network or a diff between "
                          "two dates.")
MapStatus: Any = words_enum("MapStatus", qm.MAP_STATUSES,
                            "On a diff map: what happened to a node or edge between the dates.")


def _run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a query function. Bad input (a date order, an unknown kind) raises a ``MessageError``, which the
    schema's error extension renders in the asked language with ``extensions.code`` and ``params``."""
    return fn(*args, **kwargs)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _signed_in_only(private: str) -> Any:
    """A field showing the private attribute ``private`` (e-mail, phone) to signed-in callers only."""
    def resolve(root: Any) -> str | None:
        return getattr(root, private)

    return strawberry.field(resolver=resolve, permission_classes=[IsAuthenticated])


# ---------------------------------------------------------------------------------------- tree
@strawberry.type(name="GovernanceOrganisation")
class OrgRefType:
    key: str
    name: str
    type: OrgTypeEnum | None

    @classmethod
    def of(cls, o: qg.OrgRef) -> OrgRefType:
        return cls(key=o.key, name=o.name, type=_org_type(o.type))


@strawberry.type(name="GovernanceRegion")
class RegionRefType:
    code: str
    label: RegionLevel
    name: str


@strawberry.type(name="GovernanceMember", description="A seat in a body: a professional or an organisation.")
class MemberType:
    key: str
    label: NodeLabel = strawberry.field(description="PROFESSIONAL or ORGANISATION")
    name: str
    role: str | None
    organisations: list[OrgRefType] = strawberry.field(description="Employer(s); members stay employed there.")
    position_roles: list[PositionRole] = strawberry.field(
        description="The roles of the positions the professional holds (those jbnet knows); empty for an organisation.")
    function: str | None
    note: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    _email: strawberry.Private[str | None]
    _phone: strawberry.Private[str | None]
    email: str | None = _signed_in_only("_email")
    phone: str | None = _signed_in_only("_phone")

    @classmethod
    def of(cls, m: qg.MemberView) -> MemberType:
        return cls(key=m.key, label=Label(m.label), name=m.name, role=m.role,
                   organisations=[OrgRefType.of(o) for o in m.organisations],
                   position_roles=[r for r in map(position_role, m.position_roles) if r],
                   function=m.function, note=m.note, valid_from=_on(m.valid_from), valid_to=_on(m.valid_to),
                   _email=m.email, _phone=m.phone)


@strawberry.type(name="GovernanceBody")
class BodyType:
    key: str
    name: str
    kind: BodyKind | None = strawberry.field(
        description="null when the body records no kind jbnet knows")
    level: int = strawberry.field(description="Rank in the hierarchy: 0 = top (stuurgroep 1, kerngroep 4).")
    local_name: str | None
    phase: str | None
    note: str | None
    evaluation_expected: YearMonth | None = strawberry.field(
        description="the month an evaluation is expected (the sources name no day)")
    source: str | None
    reports_to: list[str]
    part_of: list[str]
    covers: list[RegionRefType]
    members: list[MemberType]
    partners: list[OrgRefType] = strawberry.field(
        description="Stuurgroep: partner organisations (politie, OM, GGZ, ...) serving its region (000:1407-1417).")

    @classmethod
    def of(cls, b: qg.BodyView) -> BodyType:
        return cls(key=b.key, name=b.name, kind=body_kind(b.kind), level=b.level, local_name=b.local_name,
                   phase=b.phase,
                   note=b.note, evaluation_expected=month(b.props.get("evaluation_expected")),
                   source=b.props.get("source"),
                   reports_to=b.reports_to, part_of=b.part_of,
                   covers=[RegionRefType(code=r.key, label=RegionLevel(r.label), name=r.name) for r in b.covers],
                   members=[MemberType.of(m) for m in b.members], partners=[OrgRefType.of(o) for o in b.partners])


@strawberry.type(name="GovernanceTree")
class TreeType:
    code: str
    name: str
    label: NodeLabel = strawberry.field(description="What the code is: a region (GEMEENTE … PROVINCIE) or a BODY")
    as_of: dt.date
    bodies: list[BodyType]


# ---------------------------------------------------------------------------------------- check
@strawberry.type(name="FindingParam", description="A value the finding's message was built from.")
class FindingParamType:
    name: str
    value: str


@strawberry.type(name="GovernanceFinding", description="A named, explained finding with its seed source.")
class FindingType:
    rule: str
    severity: FindingSeverity
    subject: str
    subject_name: str
    message: str
    source: str
    missing: list[str]
    params: list[FindingParamType] = strawberry.field(default_factory=list)


@strawberry.type(name="ToekomsttuinPhase")
class TuinPhaseType:
    key: str
    name: str
    phase: str | None


@strawberry.type(name="RegionPhase")
class RegionPhaseType:
    code: str
    name: str
    phase: str | None
    toekomsttuinen: list[TuinPhaseType]


@strawberry.type(name="GovernanceCheck")
class CheckType:
    code: str
    name: str
    as_of: dt.date
    findings: list[FindingType]
    phases: list[RegionPhaseType]


@strawberry.type(name="GovernanceLevelSide")
class SideType:
    bodies: list[str]
    org_types: list[OrgTypeEnum]
    roles: list[str]
    members: list[str]


@strawberry.type(name="GovernanceLevelRow")
class LevelRowType:
    kind: BodyKind | None = strawberry.field(
        description="the bodies' kind; null for the bodies that record none jbnet knows")
    left: SideType
    right: SideType


@strawberry.type(name="GovernanceCompare")
class CompareType:
    left: str
    right: str
    rows: list[LevelRowType]
    difference_messages: strawberry.Private[list[Message]]

    @strawberry.field(description="how the trees differ, in the asked language")
    def differences(self, info: GInfo) -> list[str]:
        return [render(m, locale_of(info)) for m in self.difference_messages]

    @strawberry.field(description="how the trees differ, as data: compare.* with their parameters")
    def difference_explanations(self) -> list[MessageType]:
        return [MessageType.of(m) for m in self.difference_messages]


# ---------------------------------------------------------------------------------------- analytics
@strawberry.type(name="OrgTypeCount")
class TypeCountType:
    type: OrgTypeEnum
    count: int
    organisations: list[str]


@strawberry.type(name="CoverageVacancy", description="An organisation type with nobody reachable for the gemeente.")
class CoverageVacancyType:
    type: OrgTypeEnum
    vacant_since: dt.date | None = strawberry.field(description="earliest vacancy; null when not recorded")


@strawberry.type(name="CoverageRow")
class CoverageRowType:
    gemeente: str
    name: str
    counts: list[TypeCountType]
    gaps: list[OrgTypeEnum] = strawberry.field(
        description="types without an organisation, or with a vacancy (even when a fallback or another "
                    "organisation stands in)")
    vacancies: list[CoverageVacancyType]


@strawberry.type(name="CoverageMatrix")
class CoverageMatrixType:
    code: str
    name: str
    as_of: dt.date
    org_types: list[OrgTypeEnum]
    rows: list[CoverageRowType]


@strawberry.type(name="Broker")
class BrokerType:
    key: str
    name: str
    type: OrgTypeEnum | None
    betweenness: float
    degree: int


@strawberry.type(name="CriticalSeat")
class SeatType:
    key: str
    name: str
    role: PositionRole | None = strawberry.field(
        description="The position's role, or the critical role held in the body; null when it is none jbnet knows")
    kind: SeatKind
    sole_holder: bool


@strawberry.type(name="SinglePointOfFailure")
class SpofType:
    key: str
    name: str
    organisations: list[str]
    seats: list[SeatType]


@strawberry.type(name="MultiBodyMember")
class MultiBodyMemberType:
    key: str
    name: str
    bodies: list[str]


@strawberry.type(name="EgoNode")
class EgoNodeType:
    key: str
    label: NodeLabel
    name: str
    distance: int


@strawberry.type(name="EgoEdge")
class EgoEdgeType:
    src: str
    dst: str
    type: RelationshipType
    role: str | None


@strawberry.type(name="EgoNetwork")
class EgoType:
    center: str
    depth: int
    as_of: dt.date
    truncated: bool
    nodes: list[EgoNodeType]
    edges: list[EgoEdgeType]


# ---------------------------------------------------------------------------------------- diff
@strawberry.type(name="DiffRelationship")
class DiffEdgeType:
    key: str
    type: RelationshipType
    src: str
    src_name: str
    dst: str
    dst_name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    role: str | None
    props: JSON
    before: JSON | None
    before_key: str | None
    category: DiffCategory

    @classmethod
    def of(cls, e: qd.DiffEdge) -> DiffEdgeType:
        return cls(key=e.key, type=RelType(e.type), src=e.src, src_name=e.src_name, dst=e.dst, dst_name=e.dst_name,
                   valid_from=_on(e.valid_from), valid_to=_on(e.valid_to), role=e.props.get("role"),
                   props=JSON(e.props), before=None if e.before is None else JSON(e.before), before_key=e.before_key,
                   category=DiffCategory(e.category))


@strawberry.type(name="DiffBody")
class DiffBodyType:
    key: str
    name: str
    kind: BodyKind | None = strawberry.field(
        description="null when the body records no kind jbnet knows")


@strawberry.type(name="NetworkDiff")
class DiffType:
    code: str
    name: str
    from_: dt.date = strawberry.field(name="from")
    to: dt.date
    bodies_added: list[DiffBodyType]
    bodies_ended: list[DiffBodyType]
    added: list[DiffEdgeType]
    ended: list[DiffEdgeType]
    changed: list[DiffEdgeType]


# ---------------------------------------------------------------------------------------- map
@strawberry.type(name="MapNode")
class MapNodeType:
    id: str
    name: str
    kind: MapNodeKind
    group: str
    count: int | None
    level: int | None
    x: float | None
    y: float | None
    role: str | None
    function: str | None
    status: MapStatus | None
    details: list[str]
    _email: strawberry.Private[str | None]
    _phone: strawberry.Private[str | None]
    email: str | None = _signed_in_only("_email")
    phone: str | None = _signed_in_only("_phone")


@strawberry.type(name="MapEdge")
class MapEdgeType:
    src: str
    dst: str
    type: RelationshipType
    label: str | None
    count: int | None
    status: MapStatus | None


@strawberry.type(name="NetworkMap", description="Nodes, edges and server-side positions, for any front end.")
class NetworkMapType:
    mode: MapMode
    code: str
    title: str
    as_of: dt.date
    node_count: int
    nodes: list[MapNodeType]
    edges: list[MapEdgeType]


def _status(value: str | None) -> Any:
    return MapStatus(value) if value else None


def _map_type(md: qm.MapData, locale: str) -> NetworkMapType:
    nodes = []
    for n in md.nodes:
        x, y = md.positions.get(n.id, (None, None))
        nodes.append(MapNodeType(id=n.id, name=n.name, kind=MapNodeKind(n.kind), group=n.group, count=n.count,
                                 level=n.level,
                                 x=x, y=y, role=n.role, function=n.function, status=_status(n.status),
                                 details=[render(d, locale) for d in n.details],
                                 _email=n.email, _phone=n.phone))
    edges = [MapEdgeType(src=e.src, dst=e.dst, type=RelType(e.type), label=e.label, count=e.count,
                         status=_status(e.status))
             for e in md.edges]
    return NetworkMapType(mode=MapMode(md.mode), code=md.code, title=render(md.title, locale), as_of=_day(md.as_of),
                          node_count=len(nodes), nodes=nodes, edges=edges)


# ---------------------------------------------------------------------------------------- query
AsOf = Annotated[dt.date | None, strawberry.argument(description="Only relationships valid on this date.")]


@strawberry.type
class GovernanceQuery:
    @strawberry.field(permission_classes=_GOV, description="Bodies of a region, toekomsttuin or tafel, with members.")
    def governance(self, info: GInfo, code: str, as_of: AsOf = None) -> TreeType:
        t = _run(qg.governance, info.context.projection, code, as_of=_iso(as_of))
        return TreeType(code=t.code, name=t.name, label=Label(t.label), as_of=_day(t.as_of),
                        bodies=[BodyType.of(b) for b in t.bodies])

    @strawberry.field(permission_classes=_GOV,
                      description="Minimal staffing, uncovered gemeenten and the toekomsttuin phase per region.")
    def governance_check(self, info: GInfo, code: str, as_of: AsOf = None) -> CheckType:
        c = _run(qg.governance_check, info.context.projection, code, as_of=_iso(as_of))
        return CheckType(
            code=c.code, name=c.name, as_of=_day(c.as_of),
            findings=[FindingType(rule=f.rule, severity=FindingSeverity(f.severity), subject=f.subject,
                                  subject_name=f.subject_name,
                                  message=render(f.message, locale_of(info)), source=f.source, missing=list(f.missing),
                                  params=[FindingParamType(name=k, value=v) for k, v in f.params])
                      for f in c.findings],
            phases=[RegionPhaseType(code=r.code, name=r.name, phase=r.phase,
                                    toekomsttuinen=[TuinPhaseType(key=k, name=n, phase=ph)
                                                    for k, n, ph in r.toekomsttuinen]) for r in c.phases])

    @strawberry.field(permission_classes=_GOV, description="Two governance trees side by side per body kind.")
    def governance_compare(self, info: GInfo, left: str, right: str, as_of: AsOf = None) -> CompareType:
        c = _run(qg.governance_compare, info.context.projection, left, right, as_of=_iso(as_of))

        def side(s: qg.LevelSide) -> SideType:
            return SideType(bodies=list(s.bodies), org_types=[t for v in s.org_types if (t := _org_type(v))],
                            roles=list(s.roles), members=list(s.members))

        return CompareType(left=c.left, right=c.right, difference_messages=c.differences,
                           rows=[LevelRowType(kind=body_kind(r.kind), left=side(r.left), right=side(r.right))
                                 for r in c.rows])

    @strawberry.field(permission_classes=_GOV, description="Per gemeente: organisations serving it, per type.")
    def coverage_matrix(self, info: GInfo, code: str, as_of: AsOf = None,
                        org_types: list[OrgTypeEnum] | None = None) -> CoverageMatrixType:
        m = _run(qa.coverage_matrix, info.context.projection, code, as_of=_iso(as_of),
                 org_types=[OrgType(t).value for t in org_types] if org_types else None)
        def row(r: qa.CoverageRow) -> CoverageRowType:
            counts = [TypeCountType(type=OrgType(t), count=r.counts[t], organisations=list(r.organisations[t]))
                      for t in m.org_types]
            return CoverageRowType(gemeente=r.gemeente, name=r.name, gaps=[OrgType(g) for g in r.gaps], counts=counts,
                                   vacancies=[CoverageVacancyType(type=OrgType(t), vacant_since=day(d))
                                              for t, d in r.vacancies.items()])

        return CoverageMatrixType(code=m.code, name=m.name, as_of=_day(m.as_of),
                                  org_types=[OrgType(t) for t in m.org_types],
                                  rows=[row(r) for r in m.rows])

    @strawberry.field(permission_classes=_GOV, description="Organisations with the highest betweenness.")
    def brokers(self, info: GInfo, code: str | None = None, as_of: AsOf = None, top: int = 10) -> list[BrokerType]:
        found = _run(qa.brokers, info.context.projection, code=code, as_of=_iso(as_of), top=top)
        return [BrokerType(key=b.key, name=b.name, type=_org_type(b.type), betweenness=b.betweenness, degree=b.degree)
                for b in found]

    @strawberry.field(permission_classes=_GOV, description="People holding several critical positions or seats.")
    def single_points_of_failure(self, info: GInfo, code: str | None = None, as_of: AsOf = None,
                                 min_seats: int = 2) -> list[SpofType]:
        found = _run(qa.single_points_of_failure, info.context.projection, code=code, as_of=_iso(as_of),
                     min_seats=min_seats)
        return [SpofType(key=s.key, name=s.name, organisations=s.organisations,
                         seats=[SeatType(key=x.key, name=x.name, role=position_role(x.role), kind=SeatKind(x.kind),
                                        sole_holder=x.sole_holder)
                                for x in s.seats]) for s in found]

    @strawberry.field(permission_classes=_GOV, description="Professionals sitting in several bodies.")
    def multi_body_members(self, info: GInfo, code: str | None = None, as_of: AsOf = None,
                           min_bodies: int = 2) -> list[MultiBodyMemberType]:
        found = _run(qa.multi_body_members, info.context.projection, code=code, as_of=_iso(as_of),
                     min_bodies=min_bodies)
        return [MultiBodyMemberType(key=m.key, name=m.name, bodies=list(m.bodies)) for m in found]

    @strawberry.field(permission_classes=_GOV, description="A professional's or organisation's neighbourhood.")
    def ego_network(self, info: GInfo, key: str, depth: int = 1, as_of: AsOf = None) -> EgoType:
        e = _run(qa.ego_network, info.context.projection, key, depth=depth, as_of=_iso(as_of))
        return EgoType(center=e.center, depth=e.depth, as_of=_day(e.as_of), truncated=e.truncated,
                       nodes=[EgoNodeType(key=n.key, label=Label(n.label), name=n.name, distance=n.distance)
                              for n in e.nodes],
                       edges=[EgoEdgeType(src=x.src, dst=x.dst, type=RelType(x.type), role=x.role) for x in e.edges])

    @strawberry.field(permission_classes=_GOV, description="Bodies, members and relationships added/ended/changed.")
    def network_diff(self, info: GInfo, code: str, from_: Annotated[dt.date, strawberry.argument(name="from")],
                     to: dt.date) -> DiffType:
        d = _run(qd.network_diff, info.context.projection, code, from_.isoformat(), to.isoformat())
        return DiffType(
            code=d.code, name=d.name, from_=_day(d.from_), to=_day(d.to),
            bodies_added=[DiffBodyType(key=b.key, name=b.name, kind=body_kind(b.kind)) for b in d.bodies_added],
            bodies_ended=[DiffBodyType(key=b.key, name=b.name, kind=body_kind(b.kind)) for b in d.bodies_ended],
            added=[DiffEdgeType.of(e) for e in d.added], ended=[DiffEdgeType.of(e) for e in d.ended],
            changed=[DiffEdgeType.of(e) for e in d.changed])

    @strawberry.field(permission_classes=_GOV,
                      description="Map data of a region (aggregated) or a body (governance), with positions.")
    def network_map(self, info: GInfo, code: str, as_of: AsOf = None,
                    kinds: list[MapNodeKind] | None = None,
                    expand: bool = False, expand_keys: list[str] | None = None) -> NetworkMapType:
        md = _run(qm.network_map, info.context.projection, code, as_of=_iso(as_of),
                  kinds=[k.value for k in kinds] if kinds is not None else None,
                  expand=expand_keys if expand_keys and not expand else expand,
                  contacts=info.context.principal.is_authenticated, layout=positions)
        return _map_type(md, locale_of(info))
