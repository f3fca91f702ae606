"""GraphQL types and fields of the region area: gemeenten, provincies, jeugdhulpregio's, veiligheidsregio's.

Resolvers are thin: the logic lives in ``graph.queries.regions``; per-object lookups go through
this request's DataLoaders (``Context.node``, ``regions_of``) so a page of gemeenten costs one batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.messages import MessageType
from api.graphql.permissions import IsAuthenticated, require_region_write
from api.graphql.relay import Connection, paginate
from api.graphql.values import CaseRoute, Certainty, RegionLevel, certainty, day, route
from graph.messages import MessageError, msg
from graph.queries import herindeling as qh
from graph.queries import regions as q
from graph.schema import Label, Node, OrgType
from graph.store.base import ChangeBatch

__all__ = [
    "GemeenteFilter",
    "GemeenteType",
    "JeugdhulpregioType",
    "OrgTypeEnum",
    "OrganisationType",
    "ProvincieType",
    "RegionsMutation",
    "RegionsQuery",
    "ServingOrganisationType",
    "SubregioType",
    "VeiligheidsregioType",
    "prop",
    "region_object",
    "resolve_nodes_of",
]

OrgTypeEnum: Any = strawberry.enum(OrgType, name="OrganisationKind", description="Kind of organisation.")

GInfo = Info[Context, None]


def _ctx(info: GInfo) -> Context:
    return info.context


async def _prop(info: GInfo, key: str, name: str) -> Any:
    node = await _ctx(info).node(key)
    return None if node is None else node.get(name)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


async def _regions_of(info: GInfo, gemeente: str, on: str | None = None) -> q.RegionPath:
    ctx = _ctx(info)
    p = ctx.projection

    async def load(keys: Sequence[str]) -> list[q.RegionPath]:
        return [q.regions_of(p, k, on) for k in keys]

    return await ctx.loader(f"regions_of:{on or ''}", load).load(gemeente)


def _resolve_nodes(cls: type, label: Label, info: GInfo, node_ids: Iterable[str], required: bool) -> list[Any]:
    p = _ctx(info).projection
    out = []
    for key in node_ids:
        node = p.node(key)
        if node is not None and node["label"] == label.value:
            out.append(cls(key=key))
        elif required:
            q.require(p, label, key)  # raises NotFound with a suggestion
        else:
            out.append(None)
    return out


# The node helpers, for the other areas' Relay node types (search: Professional, Position).
prop = _prop
resolve_nodes_of = _resolve_nodes


@strawberry.interface(name="Region", description="A gemeente, subregio, jeugdhulpregio, veiligheidsregio or provincie.")
class _Region(relay.Node):
    """Shared fields of every region type (code = CBS code, name)."""

    key: relay.NodeID[str]
    LABEL: strawberry.Private[Label]

    @strawberry.field(description="CBS code (GM…, PV…, JZ…, VR…) or subregio key.")
    def code(self) -> str:
        return self.key

    @strawberry.field
    async def name(self, info: GInfo) -> str:
        return str(await _prop(info, self.key, "name") or self.key)

    @classmethod
    def resolve_nodes(cls, *, info: GInfo, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return _resolve_nodes(cls, cls.LABEL, info, node_ids, required)


@strawberry.type(name="Organisation", description="An organisation (minimal; other areas add positions and people).")
class OrganisationType(relay.Node):
    key: relay.NodeID[str]

    @classmethod
    def resolve_nodes(cls, *, info: GInfo, node_ids: Iterable[str], required: bool = False) -> list[Any]:
        return _resolve_nodes(cls, Label.ORGANISATION, info, node_ids, required)

    @strawberry.field(name="key", description="Stable key, e.g. org-vt-gelderland-midden.")
    def key_field(self) -> str:
        return self.key

    @strawberry.field
    async def name(self, info: GInfo) -> str:
        return str(await _prop(info, self.key, "name") or self.key)

    @strawberry.field
    async def short(self, info: GInfo) -> str | None:
        return await _prop(info, self.key, "short")

    @strawberry.field
    async def type(self, info: GInfo) -> OrgTypeEnum | None:
        value = await _prop(info, self.key, "type")
        return OrgType(value) if value else None

    @strawberry.field(description="Where this entry comes from (a seed line, a workbook, a CBS table).")
    async def source(self, info: GInfo) -> str | None:
        return await _prop(info, self.key, "source")

    @strawberry.field(description="null when the entry states no certainty")
    async def certainty(self, info: GInfo) -> Certainty | None:
        return certainty(await _prop(info, self.key, "certainty"))

    @strawberry.field(description="True when the entry is inferred, not stated by a source.")
    async def inferred(self, info: GInfo) -> bool:
        return bool(await _prop(info, self.key, "inferred"))

    @strawberry.field(description="True for fictional demo data.")
    async def demo(self, info: GInfo) -> bool:
        return bool(await _prop(info, self.key, "demo"))

    @strawberry.field(permission_classes=[IsAuthenticated], description="Contact detail: needs a token.")
    async def phone(self, info: GInfo) -> str | None:
        return await _prop(info, self.key, "phone")

    @strawberry.field(permission_classes=[IsAuthenticated], description="Contact detail: needs a token.")
    async def email(self, info: GInfo) -> str | None:
        return await _prop(info, self.key, "email")

    @strawberry.field
    async def website(self, info: GInfo) -> str | None:
        return await _prop(info, self.key, "website")


@strawberry.type(name="ServingOrganisation", description="An organisation serving a gemeente, and via which region.")
class ServingOrganisationType:
    organisation: OrganisationType
    via_code: str = strawberry.field(description="The region the organisation serves (the gemeente or a wider one).")
    level: RegionLevel = strawberry.field(description="The level of that region")

    @strawberry.field(description="The region the organisation serves.")
    def via(self) -> _Region | None:
        return region_object(self.via_code, self.level)


@strawberry.type(name="Provincie")
class ProvincieType(_Region):
    LABEL: strawberry.Private[Label] = Label.PROVINCIE

    @strawberry.field
    def gemeenten(self, info: GInfo, first: int | None = None, after: str | None = None,
                  on: dt.date | None = None) -> Connection[GemeenteType]:
        return _gemeenten_page(info, q.gemeenten_in(_ctx(info).projection, self.key, _iso(on)), first, after,
                               _iso(on))


@strawberry.type(name="Veiligheidsregio")
class VeiligheidsregioType(_Region):
    LABEL: strawberry.Private[Label] = Label.VEILIGHEIDSREGIO

    @strawberry.field
    def gemeenten(self, info: GInfo, first: int | None = None, after: str | None = None,
                  on: dt.date | None = None) -> Connection[GemeenteType]:
        return _gemeenten_page(info, q.gemeenten_in(_ctx(info).projection, self.key, _iso(on)), first, after,
                               _iso(on))


@strawberry.type(name="Subregio")
class SubregioType(_Region):
    LABEL: strawberry.Private[Label] = Label.SUBREGIO

    @strawberry.field
    async def version(self, info: GInfo) -> int | None:
        return await _prop(info, self.key, "version")

    @strawberry.field
    async def agreed_on(self, info: GInfo) -> dt.date | None:
        return day(await _prop(info, self.key, "agreed_on"))

    @strawberry.field
    def jeugdhulpregio(self, info: GInfo) -> JeugdhulpregioType | None:
        jz = q.jeugdhulpregio_of(_ctx(info).projection, self.key)
        return JeugdhulpregioType(key=jz) if jz else None

    @strawberry.field
    def gemeenten(self, info: GInfo, first: int | None = None, after: str | None = None,
                  on: dt.date | None = None) -> Connection[GemeenteType]:
        return _gemeenten_page(info, q.gemeenten_in(_ctx(info).projection, self.key, _iso(on)), first, after,
                               _iso(on))


@strawberry.type(name="Jeugdhulpregio", description="A CBS jeugdregio (JZxx): the region gemeenten buy youth care in.")
class JeugdhulpregioType(_Region):
    LABEL: strawberry.Private[Label] = Label.JEUGDHULPREGIO

    @strawberry.field
    def gemeenten(self, info: GInfo, first: int | None = None, after: str | None = None,
                  on: dt.date | None = None) -> Connection[GemeenteType]:
        return _gemeenten_page(info, q.gemeenten_in(_ctx(info).projection, self.key, _iso(on)), first, after,
                               _iso(on))

    @strawberry.field
    def subregios(self, info: GInfo) -> list[SubregioType]:
        return [SubregioType(key=k) for k in q.subregios_of(_ctx(info).projection, self.key)]

    @strawberry.field
    def veiligheidsregio(self, info: GInfo) -> VeiligheidsregioType | None:
        vr = q.veiligheidsregio_of(_ctx(info).projection, self.key)
        return VeiligheidsregioType(key=vr) if vr else None

    @strawberry.field(description="The centrale gemeente of the region (see centraleGemeenteInferred).")
    def centrale_gemeente(self, info: GInfo) -> GemeenteType | None:
        pairing = q.centrale_gemeente(_ctx(info).projection, self.key)
        return GemeenteType(key=pairing.key) if pairing else None

    @strawberry.field
    def centrale_gemeente_inferred(self, info: GInfo) -> bool | None:
        pairing = q.centrale_gemeente(_ctx(info).projection, self.key)
        return pairing.inferred if pairing else None

    @strawberry.field(description="The organisation responsible for contactbeheer in this region.")
    def contactbeheer_responsible(self, info: GInfo) -> OrganisationType | None:
        pairing = q.contactbeheer_responsible(_ctx(info).projection, self.key)
        return OrganisationType(key=pairing.key) if pairing else None

    @strawberry.field
    def contactbeheer_responsible_inferred(self, info: GInfo) -> bool | None:
        pairing = q.contactbeheer_responsible(_ctx(info).projection, self.key)
        return pairing.inferred if pairing else None

    @strawberry.field(description="The aanmeldroute the region uses: ROUTE_301, ROUTE_315 or null when unknown.")
    async def aanmeldroute(self, info: GInfo) -> CaseRoute | None:
        return route(await _prop(info, self.key, "aanmeldroute"))

    @strawberry.field(description="How often contact details are re-verified (months; default from settings).")
    async def update_rhythm_months(self, info: GInfo) -> int:
        value = await _prop(info, self.key, "update_rhythm_months")
        return int(value) if value else _ctx(info).settings.rules.update_rhythm_months


@strawberry.type(name="Herindeling", description="An old gemeente after its herindeling: opgegaan in the successor.")
class HerindelingType:
    per: dt.date = strawberry.field(description="The day the gemeente ended.")
    successor: GemeenteType = strawberry.field(description="The gemeente it is part of on the day asked "
                                                           "(after later herindelingen too).")
    chain: list[str] = strawberry.field(description="Successor codes in order, when it merged more than once.")
    message: MessageType = strawberry.field(description='code "gemeente.opgegaan_in" with its parameters.')

    @staticmethod
    def of(s: qh.Succession, on: str | None) -> HerindelingType:
        return HerindelingType(per=dt.date.fromisoformat(s.per), successor=GemeenteType(key=s.successor, on=on),
                               chain=list(s.chain), message=MessageType.of(s.message))


@strawberry.type(name="Gemeente")
class GemeenteType(_Region):
    LABEL: strawberry.Private[Label] = Label.GEMEENTE
    on: strawberry.Private[str | None] = None  # the as-of day of the lookup (None = today)

    @strawberry.field(description="First day of the gemeente (set for gemeenten created by a herindeling).")
    async def valid_from(self, info: GInfo) -> dt.date | None:
        return day(await _prop(info, self.key, "valid_from"))

    @strawberry.field(description="The day the gemeente ended (herindeling); null while it exists.")
    async def valid_to(self, info: GInfo) -> dt.date | None:
        return day(await _prop(info, self.key, "valid_to"))

    @strawberry.field(description='"Opgegaan in … per …": the successor when the gemeente no longer exists on the '
                                  "day asked (default: the lookup's day, else today); null while it exists.")
    def opgegaan_in(self, info: GInfo, on: dt.date | None = None) -> HerindelingType | None:
        day = _iso(on) or self.on
        s = qh.succession(_ctx(info).projection, self.key, day)
        return HerindelingType.of(s, day) if s else None

    @strawberry.field(description="The gemeenten this one replaced in a herindeling, by code.")
    def voorgangers(self, info: GInfo) -> list[GemeenteType]:
        return [GemeenteType(key=k, on=self.on) for k in q.voorgangers_of(_ctx(info).projection, self.key)]

    @strawberry.field
    async def lat(self, info: GInfo) -> float | None:
        return await _prop(info, self.key, "lat")

    @strawberry.field
    async def lon(self, info: GInfo) -> float | None:
        return await _prop(info, self.key, "lon")

    @strawberry.field
    async def provincie(self, info: GInfo) -> ProvincieType | None:
        path = await _regions_of(info, self.key, self.on)
        return ProvincieType(key=path.provincie) if path.provincie else None

    @strawberry.field
    async def jeugdhulpregio(self, info: GInfo) -> JeugdhulpregioType | None:
        path = await _regions_of(info, self.key, self.on)
        return JeugdhulpregioType(key=path.jeugdhulpregio) if path.jeugdhulpregio else None

    @strawberry.field
    async def veiligheidsregio(self, info: GInfo) -> VeiligheidsregioType | None:
        path = await _regions_of(info, self.key, self.on)
        return VeiligheidsregioType(key=path.veiligheidsregio) if path.veiligheidsregio else None

    @strawberry.field(description="The active subregio's the gemeente is in (usually none or one).")
    async def subregios(self, info: GInfo) -> list[SubregioType]:
        path = await _regions_of(info, self.key, self.on)
        return [SubregioType(key=k) for k in path.subregios]

    @strawberry.field(description="The first active subregio, if any.")
    async def subregio(self, info: GInfo) -> SubregioType | None:
        path = await _regions_of(info, self.key, self.on)
        return SubregioType(key=path.subregios[0]) if path.subregios else None

    @strawberry.field(description="Organisations serving this gemeente directly or through a region containing it, "
                                  "most specific first.")
    def organisations(self, info: GInfo, type: OrgTypeEnum | None = None) -> list[ServingOrganisationType]:
        p = _ctx(info).projection
        out = []
        for s in q.organisations_serving(p, self.key, self.on):
            if type is not None and (p.node(s.organisation) or {}).get("type") != OrgType(type).value:
                continue
            out.append(ServingOrganisationType(organisation=OrganisationType(key=s.organisation), via_code=s.via,
                                               level=RegionLevel(s.level)))
        return out


def _gemeenten_page(info: GInfo, keys: Sequence[str], first: int | None, after: str | None,
                    on: str | None = None) -> Connection[GemeenteType]:
    return paginate(keys, first=first, after=after, max_page_size=_ctx(info).settings.max_page_size,
                    to_node=lambda k: GemeenteType(key=k, on=on))


def region_object(key: str, label: str) -> _Region | None:
    """The GraphQL object of any region key (for other areas: "covers Ede via …")."""
    cls = {Label.GEMEENTE.value: GemeenteType, Label.PROVINCIE.value: ProvincieType,
           Label.JEUGDHULPREGIO.value: JeugdhulpregioType, Label.VEILIGHEIDSREGIO.value: VeiligheidsregioType,
           Label.SUBREGIO.value: SubregioType}.get(label)
    return cls(key=key) if cls else None


@strawberry.input(description="All given conditions must hold.")
class GemeenteFilter:
    provincie: str | None = strawberry.UNSET
    jeugdhulpregio: str | None = strawberry.UNSET
    veiligheidsregio: str | None = strawberry.UNSET
    name_contains: str | None = strawberry.UNSET


def _given(value: Any) -> Any:
    return None if value is strawberry.UNSET else value


@strawberry.type
class RegionsQuery:
    @strawberry.field(description='One gemeente by CBS code, e.g. gemeente(code: "GM0228"); `on` = as of a day. '
                                  "A code that a herindeling created is unknown before its first day; an old "
                                  "code still answers, with opgegaanIn naming its successor.")
    def gemeente(self, info: GInfo, code: str, on: dt.date | None = None) -> GemeenteType:
        p, key = _ctx(info).projection, code.strip().upper()
        q.require(p, Label.GEMEENTE, key)
        with contextlib.suppress(qh.GemeenteOpgegaan):  # the old gemeente answers; opgegaanIn names the successor
            qh.ensure_current(p, key, _iso(on))
        return GemeenteType(key=key, on=_iso(on))

    @strawberry.field(description="Gemeenten that exist on `on` (default today), filtered.")
    def gemeenten(self, info: GInfo, first: int | None = None, after: str | None = None,
                  filter: GemeenteFilter | None = None, on: dt.date | None = None) -> Connection[GemeenteType]:
        p = _ctx(info).projection
        f = filter or GemeenteFilter()
        keys = q.filter_gemeenten(p, provincie=_given(f.provincie), jeugdhulpregio=_given(f.jeugdhulpregio),
                                  veiligheidsregio=_given(f.veiligheidsregio), name_contains=_given(f.name_contains),
                                  on=_iso(on))
        return _gemeenten_page(info, keys, first, after, _iso(on))

    @strawberry.field
    def jeugdhulpregio(self, info: GInfo, code: str) -> JeugdhulpregioType:
        q.require(_ctx(info).projection, Label.JEUGDHULPREGIO, code.strip().upper())
        return JeugdhulpregioType(key=code.strip().upper())

    @strawberry.field
    def jeugdhulpregios(self, info: GInfo, first: int | None = None, after: str | None = None,
                        provincie: str | None = None) -> Connection[JeugdhulpregioType]:
        p = _ctx(info).projection
        keys = p.keys(Label.JEUGDHULPREGIO)
        if provincie is not None:
            wanted = {path.jeugdhulpregio for path in
                      (q.regions_of(p, g) for g in q.filter_gemeenten(p, provincie=provincie))}
            keys = [k for k in keys if k in wanted]
        return paginate(keys, first=first, after=after, max_page_size=_ctx(info).settings.max_page_size,
                        to_node=lambda k: JeugdhulpregioType(key=k))

    @strawberry.field
    def veiligheidsregios(self, info: GInfo, first: int | None = None, after: str | None = None
                          ) -> Connection[VeiligheidsregioType]:
        keys = _ctx(info).projection.keys(Label.VEILIGHEIDSREGIO)
        return paginate(keys, first=first, after=after, max_page_size=_ctx(info).settings.max_page_size,
                        to_node=lambda k: VeiligheidsregioType(key=k))

    @strawberry.field
    def provincies(self, info: GInfo) -> list[ProvincieType]:
        return [ProvincieType(key=k) for k in _ctx(info).projection.keys(Label.PROVINCIE)]


@strawberry.type
class RegionsMutation:
    @strawberry.mutation(description="Set how often (months, 1-24) a jeugdhulpregio's contacts are re-verified. "
                                     "Coordinators of that region and admins.")
    def set_update_rhythm(self, info: GInfo, jeugdhulpregio: str,
                                months: Annotated[int, strawberry.argument(description="1 to 24")]
                                ) -> JeugdhulpregioType:
        ctx = _ctx(info)
        code = jeugdhulpregio.strip().upper()
        q.require(ctx.projection, Label.JEUGDHULPREGIO, code)
        principal = require_region_write(info, code)
        if not 1 <= months <= 24:
            raise MessageError(msg("input.out_of_range", argument="months", min=1, max=24, value=months))
        batch = ChangeBatch(nodes=[Node(label=Label.JEUGDHULPREGIO, key=code, props={"update_rhythm_months": months})])
        # In the event-loop thread on purpose: the write refreshes the projection, which must not
        # change under a resolver that is reading it.
        ctx.service.write(batch, principal.actor)
        return JeugdhulpregioType(key=code)

