"""The regional services around a gemeente (DOMAIN §5.1 stories 5, 6, 7, 9, 11).

Aanmeldroute, the backoffice of the responsible gemeente, the RET with its chair, the BOEG, the
zorgbemiddelaar, the aangewezen functionaris for non-contracted care, the Jeugdbeschermingstafel
with its chair, and the neighbouring tafels for when the wait there exceeds two weeks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from graph.messages import Message, msg
from graph.projection import Projection
from graph.queries.contacts import (
    Contact,
    PersonRef,
    Provenance,
    contact_for_position,
    provenance_of,
    rhythm_months,
    role_contacts,
)
from graph.queries.index import (
    ContactIndex,
    active_professional,
    contact_index,
    name_of,
    require,
    today_iso,
)
from graph.schema import Label, OrgType, RelType
from graph.settings import DomainRules

__all__ = [
    "JBT_REQUEST_FORMATS",
    "NORM_STATUSES",
    "BodyContact",
    "BodyInfo",
    "JbtRequest",
    "NeighbourTafel",
    "RegionServices",
    "ResponseNorm",
    "RetRegistration",
    "ServiceContacts",
    "body_info",
    "find_body",
    "neighbouring_tafels",
    "region_services",
]

_DEFAULT_RULES = DomainRules()


@dataclass(frozen=True)
class BodyContact:
    """A person who runs a body (its chair, projectleider, secretary, …): whom to call about it."""

    person: PersonRef
    role: str


# Seats that make someone the contact of a body, most useful first.
_LEAD_ROLES = ("projectleider", "voorzitter", "secretaris", "coordinator", "coördinator", "teamleider")


@dataclass(frozen=True)
class BodyInfo:
    key: str
    name: str
    kind: str
    local_name: str | None
    note: str | None
    source: str | None
    inferred: bool
    chairs: tuple[PersonRef, ...]  # MEMBER_OF role voorzitter
    covers: tuple[tuple[str, str], ...]  # (region key, name)
    reason: Message | None  # why it is the answer (body.covers / body.tafel_of); None when asked for by key
    contacts: tuple[BodyContact, ...] = ()  # whoever runs it: projectleider, voorzitter, secretaris, …
    demo: bool = False  # invented for the demo
    email: str | None = None  # the body's own address (e.g. for registering a case), when on record
    phone: str | None = None


@dataclass(frozen=True)
class RetRegistration:
    """How a case is registered at the region's RET (bouwsteen 5, step 5B)."""

    ret: BodyInfo | None
    contacts: tuple[BodyContact, ...]  # who takes the registration (its address first when on record)
    registered_by: str  # code: jeugdbeschermer_and_zorgaanbieder
    when: str  # code: no_care_after_clarity_term
    not_for: str  # code: lt_unreachable (then the regionale contactpersoon, 000:2076-2080)
    term_weeks: int  # the RET discusses the case within this many weeks
    source: str


# The formats a verzoek tot bespreking may take: the tafel's own, or the one the requester's own region uses.
JBT_REQUEST_FORMATS = ("tafel_format", "own_region_format")
# Where a response norm stands: the seeds propose it (000:2535-2566); the region decides.
NORM_STATUSES = ("proposed",)


@dataclass(frozen=True)
class JbtRequest:
    """What a request to the Jeugdbeschermingstafel (verzoek tot bespreking) needs (bouwsteen 4)."""

    formats: tuple[str, ...]  # JBT_REQUEST_FORMATS
    required: tuple[str, ...]  # codes: veiligheidsplan
    parents_receive_request: bool
    parents_may_bring: str  # code: vertrouwenspersoon
    source: str
    own_format: str | None = None  # the tafel's own request format (document or link), when on record


@dataclass(frozen=True)
class ResponseNorm:
    """A response norm: answer within ``werkdagen`` (``urgent``: immediately), as proposed by the seeds."""

    werkdagen: int
    urgent: str  # code: immediately
    status: str  # one of NORM_STATUSES
    source: str


@dataclass(frozen=True)
class ServiceContacts:
    what: str
    contacts: tuple[Contact, ...]
    found_via: Message  # how the answer was found, or why there is none (service.found.*)


@dataclass(frozen=True)
class RegionServices:
    gemeente: str
    gemeente_name: str
    jeugdhulpregio: str | None
    jeugdhulpregio_name: str | None
    aanmeldroute: str | None  # "301" / "315" / None
    aanmeldroute_text: Message  # aanmeldroute.*: the route and whether the region chose it
    aanmeldroute_provenance: Provenance | None
    backoffice: ServiceContacts
    zorgbemiddelaar: ServiceContacts
    aangewezen_functionaris: ServiceContacts
    regionale_contactpersoon: ServiceContacts
    ret: BodyInfo | None
    boeg: BodyInfo | None
    jbt: BodyInfo | None
    jbt_max_wait_days: int
    ret_registration: RetRegistration | None = None
    jbt_request: JbtRequest | None = None
    zorgbemiddelaar_norm: ResponseNorm | None = None


def _body(p: Projection, key: str, reason: Message | None, day: str) -> BodyInfo:
    n = p.node(key) or {}
    chairs = tuple(PersonRef(k, str(a.get("name", k)), a.get("function"), a.get("email"), a.get("phone"))
                   for k, d in p.in_edges(key, RelType.MEMBER_OF, on=day)
                   if d.get("role") == "voorzitter" and p.label_of(k) == Label.PROFESSIONAL.value
                   and active_professional(a := p.node(k) or {}, day))
    covers = tuple((r, name_of(p, r)) for r, _ in p.out_edges(key, RelType.COVERS, on=day))
    leads = [(str(d.get("role")), PersonRef(k, str(a.get("name", k)), a.get("function"), a.get("email"),
                                            a.get("phone")))
             for k, d in p.in_edges(key, RelType.MEMBER_OF, on=day)
             if str(d.get("role", "")).lower() in _LEAD_ROLES and p.label_of(k) == Label.PROFESSIONAL.value
             and active_professional(a := p.node(k) or {}, day)]
    leads.sort(key=lambda x: (_LEAD_ROLES.index(x[0].lower()), x[1].name))
    return BodyInfo(key, str(n.get("name", key)), str(n.get("kind", "")), n.get("local_name"), n.get("note"),
                    n.get("source"), bool(n.get("inferred")), chairs, covers, reason,
                    contacts=tuple(BodyContact(person, role) for role, person in leads), demo=bool(n.get("demo")),
                    email=n.get("email"), phone=n.get("phone"))


def body_info(p: Projection, key: str, *, on: str | None = None) -> BodyInfo | None:
    """The Body ``key`` as of ``on`` (default today), or None when there is no such body."""
    if p.label_of(key) != Label.BODY.value:
        return None
    return _body(p, key, None, on or today_iso())


def find_body(p: Projection, gemeente_code: str, kind: str, *, on: str | None = None) -> BodyInfo | None:
    """The body of ``kind`` covering the gemeente at the most specific region level."""
    idx = contact_index(p, on)
    gm_name = name_of(p, gemeente_code)
    for level, regions in idx.chain.get(gemeente_code, ()):
        for region in regions:
            for src, _ in p.in_edges(region, RelType.COVERS, on=idx.day):
                node = p.node(src) or {}
                if node.get("label") == Label.BODY.value and node.get("kind") == kind:
                    return _body(p, src, msg("body.covers", gemeente=gm_name, level=level,
                                             region=name_of(p, region)), idx.day)
    return None


def _at_orgs(p: Projection, idx: ContactIndex, orgs: list[str], role: str, why: Message, rhythm: int,
             today: str) -> list[Contact]:
    out: list[Contact] = []
    for org in orgs:
        for pos in idx.positions_at.get(org, ()):
            if (p.node(pos) or {}).get("role") == role:
                out += contact_for_position(p, idx, pos, reason=why, path=(), rhythm=rhythm,
                                            today=today)
    return out


def _orgs_serving(p: Projection, region: str, org_type: str, day: str) -> list[str]:
    return [o for o, _ in p.in_edges(region, RelType.SERVES, on=day)
            if (p.node(o) or {}).get("type") == org_type]


def _service(p: Projection, idx: ContactIndex, gm: str, role: str, what: str,
             fallback_orgs: list[tuple[Message, list[str]]], rules: DomainRules, today: str) -> ServiceContacts:
    level, found = role_contacts(p, gm, role, on=idx.day, rules=rules, today=today)
    if found:
        return ServiceContacts(what, tuple(found), msg("service.found.position", gemeente=name_of(p, gm),
                                                       level=level))
    rhythm = rhythm_months(p, idx.jeugdhulpregio_of.get(gm), rules)
    for why, orgs in fallback_orgs:
        contacts = _at_orgs(p, idx, orgs, role, why, rhythm, today)
        if contacts:
            return ServiceContacts(what, tuple(contacts), why)
    return ServiceContacts(what, (), msg("service.found.none", role=role, gemeente=name_of(p, gm)))


def _route_message(route: str | None, provenance: Provenance | None, region: str) -> Message:
    """The aanmeldroute as a message: an assumed or demo route is never worded as the region's choice."""
    if route is None:
        return msg("aanmeldroute.unknown")
    if provenance and provenance.marker:
        return msg(f"aanmeldroute.{provenance.marker}", route=route, region=region)
    source = provenance.source if provenance else None
    if source:
        return msg("aanmeldroute.chosen.source", route=route, region=region, source=str(source))
    return msg("aanmeldroute.chosen", route=route, region=region)


def region_services(p: Projection, gemeente_code: str, *, on: str | None = None,
                    rules: DomainRules = _DEFAULT_RULES, today: str | None = None) -> RegionServices:
    """Everything a professional needs about the region of ``gemeente_code`` besides the counterparts."""
    gm = require(p, gemeente_code, Label.GEMEENTE)
    idx = contact_index(p, on)
    now = today or idx.day
    # ~15 % of a gemeente page's render: memoised with the day's index, which any write renews. The rules are
    # part of the key (a settings object is not hashable; its JSON takes microseconds).
    memo_key = ("region_services", gemeente_code, now, rules.model_dump_json())
    hit: RegionServices | None = idx.answers.get(memo_key)
    if hit is not None:
        return hit
    answer = _region_services(p, idx, gm, gemeente_code, rules, now)
    idx.answers[memo_key] = answer
    return answer


def _region_services(p: Projection, idx: ContactIndex, gm: dict[str, Any], gemeente_code: str,
                     rules: DomainRules, now: str) -> RegionServices:
    jz = idx.jeugdhulpregio_of.get(gemeente_code)
    jz_node = p.node(jz) if jz else None
    route = str(jz_node.get("aanmeldroute")) if jz_node and jz_node.get("aanmeldroute") else None
    route_prov = provenance_of(p, jz, prefix="aanmeldroute_") if route else None
    route_text = _route_message(route, route_prov, name_of(p, jz or ""))

    own_orgs = _orgs_serving(p, gemeente_code, OrgType.GEMEENTE.value, idx.day)
    centrale = [g for g, _ in p.out_edges(jz, RelType.CENTRALE_GEMEENTE, on=idx.day)] if jz else []
    centrale_orgs = [o for g in centrale for o in _orgs_serving(p, g, OrgType.GEMEENTE.value, idx.day)]
    region_orgs = _orgs_serving(p, jz, OrgType.JEUGDHULPREGIO.value, idx.day) if jz else []
    gm_name = str(gm.get("name", gemeente_code))
    backoffice = _service(p, idx, gemeente_code, "backoffice", "backoffice", [
        (msg("service.found.own_gemeente", role="backoffice", gemeente=gm_name), own_orgs),
        (msg("service.found.centrale", role="backoffice", gemeenten=[name_of(p, g) for g in centrale]), centrale_orgs),
    ], rules, now)
    zorgbemiddelaar = _service(p, idx, gemeente_code, "zorgbemiddelaar", "zorgbemiddelaar", [
        (msg("service.found.region", role="zorgbemiddelaar", region=name_of(p, jz or "")), region_orgs)], rules, now)
    aangewezen = _service(p, idx, gemeente_code, "aangewezen_functionaris", "aangewezen functionaris", [
        (msg("service.found.own_gemeente", role="aangewezen_functionaris", gemeente=gm_name), own_orgs)], rules, now)
    regionale = _service(p, idx, gemeente_code, "regionale_contactpersoon", "regionale contactpersoon", [
        (msg("service.found.region", role="regionale_contactpersoon", region=name_of(p, jz or "")), region_orgs)],
        rules, now)
    ret = find_body(p, gemeente_code, "ret", on=idx.day)
    jbt = find_body(p, gemeente_code, "jeugdbeschermingstafel", on=idx.day)
    registration = RetRegistration(
        ret, ret.contacts if ret else (), "jeugdbeschermer_and_zorgaanbieder", "no_care_after_clarity_term",
        "lt_unreachable", rules.ret_weeks, "000:2207-2259, 000:2432-2450, 000:2076-2080")
    own_format = (p.node(jbt.key) or {}).get("request_format") if jbt else None
    jbt_request = JbtRequest(JBT_REQUEST_FORMATS, ("veiligheidsplan",), True, "vertrouwenspersoon",
                             "000:1667-1671, 000:1681-1683, 000:1697-1724", own_format)
    norm = ResponseNorm(rules.zorgbemiddelaar_response_werkdagen, "immediately", NORM_STATUSES[0], "000:2535-2566")
    return RegionServices(
        gemeente_code, gm_name, jz, name_of(p, jz) if jz else None, route, route_text, route_prov, backoffice,
        zorgbemiddelaar,
        aangewezen, regionale, ret, find_body(p, gemeente_code, "boeg", on=idx.day), jbt, rules.jbt_max_wait_days,
        registration, jbt_request, norm)


@dataclass(frozen=True)
class NeighbourTafel:
    jeugdhulpregio: str
    jeugdhulpregio_name: str
    tafel: BodyInfo
    distance_km: float | None
    reason: Message  # tafel.shares_veiligheidsregio / tafel.nearest


def _centroid(p: Projection, gemeenten: tuple[str, ...]) -> tuple[float, float] | None:
    pts = [(float(n["lat"]), float(n["lon"])) for g in gemeenten
           if (n := p.node(g) or {}).get("lat") is not None and n.get("lon") is not None]
    if not pts:
        return None
    return sum(a for a, _ in pts) / len(pts), sum(b for _, b in pts) / len(pts)


def _km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    if a is None or b is None:
        return None
    lat = math.radians((a[0] + b[0]) / 2)
    return round(math.hypot((a[0] - b[0]) * 111.2, (a[1] - b[1]) * 111.2 * math.cos(lat)), 1)


def _veiligheidsregios(p: Projection, idx: ContactIndex, jz: str) -> set[str]:
    vrs = {v for v, _ in p.out_edges(jz, RelType.IN_VEILIGHEIDSREGIO, on=idx.day)}
    for gm in idx.gemeenten_of.get(jz, ()):
        if gm != jz:
            vrs.update(v for v, _ in p.out_edges(gm, RelType.IN_VEILIGHEIDSREGIO, on=idx.day))
    return vrs


def _tafel_of(p: Projection, jz: str, day: str) -> BodyInfo | None:
    for src, _ in p.in_edges(jz, RelType.COVERS, on=day):
        node = p.node(src) or {}
        if node.get("label") == Label.BODY.value and node.get("kind") == "jeugdbeschermingstafel":
            return _body(p, src, msg("body.tafel_of", region=name_of(p, jz)), day)
    return None


def neighbouring_tafels(p: Projection, jeugdhulpregio_code: str, *, on: str | None = None,
                        limit: int = 3) -> list[NeighbourTafel]:
    """The tafels to turn to when the region's own JBT cannot discuss a family within 2 weeks (000:1819-1829).

    Neighbour = another jeugdhulpregio that shares a veiligheidsregio (through the region or any of its
    gemeenten), nearest first by gemeente centroids; when none shares one, the nearest regions with a
    tafel. The seeds' own example (Food Valley ↔ Centraal Gelderland, 000:1827-1829) satisfies this rule.
    """
    require(p, jeugdhulpregio_code, Label.JEUGDHULPREGIO)
    idx = contact_index(p, on or today_iso())
    # Every region's tafel and centroid are looked at: memoised with the day's index (which any write renews).
    memo_key = ("neighbouring_tafels", jeugdhulpregio_code, limit)
    hit: tuple[NeighbourTafel, ...] | None = idx.answers.get(memo_key)
    if hit is not None:
        return list(hit)
    mine = _veiligheidsregios(p, idx, jeugdhulpregio_code)
    here = _centroid(p, idx.gemeenten_of.get(jeugdhulpregio_code, ()))
    sharing, others = [], []
    for jz in p.keys(Label.JEUGDHULPREGIO):
        if jz == jeugdhulpregio_code:
            continue
        tafel = _tafel_of(p, jz, idx.day)
        if tafel is None:
            continue
        dist = _km(here, _centroid(p, idx.gemeenten_of.get(jz, ())))
        shared = mine & _veiligheidsregios(p, idx, jz)
        if shared:
            names = tuple(sorted(name_of(p, v) for v in shared))
            sharing.append(NeighbourTafel(jz, name_of(p, jz), tafel, dist,
                                          msg("tafel.shares_veiligheidsregio", regions=names)))
        else:
            others.append(NeighbourTafel(jz, name_of(p, jz), tafel, dist, msg("tafel.nearest")))

    def by_distance(n: NeighbourTafel) -> tuple[float, str]:
        return (n.distance_km if n.distance_km is not None else math.inf, n.jeugdhulpregio)

    chosen = (sorted(sharing, key=by_distance) or sorted(others, key=by_distance))[:limit]
    idx.answers[memo_key] = tuple(chosen)
    return chosen
