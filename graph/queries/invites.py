"""Invite lists for samenwerkingsbijeenkomsten: composition, coverage check, dedupe, hours budget, freeze, RSVP.

Who is invited comes from the same position/coverage logic as counterpart lookups
(``graph.queries.contacts.counterparts``): per gemeente of the subregio and per required organisation
type, the primary holders (every organisation of that type active there, e.g. each GI), topped up with
backups and then the regional fallback until the minimum count of the type is met.

Composition and budget are DATA: the ``invite_rules`` prop (JSON) of a Jeugdhulpregio, overridden
key by key by that of a Subregio::

    {"types": {"lokaal_team": 1, "gi": 1, "veilig_thuis": 1, "rvdk": 1, "zorgaanbieder": 1},
     "hours_per_meeting": 4, "travel_hours": 1, "max_hours_per_year": 8, "meetings_per_year": 2}

``types`` maps an ``OrgType`` value to the minimum number of professionals per gemeente (0 drops a
default type); the defaults are the four core partners (rule 2.10) and ``DomainRules`` (rules 2.18/2.19).

A frozen list is stored twice: as ``INVITED`` relationships (status, hours, attended, gemeenten) and
as the ``frozen_list`` JSON snapshot on the Meeting, so later directory changes do not alter it.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from graph.messages import Message, message_data, message_from_data, msg
from graph.projection import Projection
from graph.queries.meeting_facts import (
    MeetingError,
    MeetingInfo,
    json_prop,
    meeting_info,
    meeting_title,
    parse_day,
    region_config,
    require_meeting_region,
)
from graph.queries.regions import gemeenten_in, jeugdhulpregio_of, require
from graph.schema import Edge, Label, Node, OrgType, RelType, edge_key
from graph.service import GraphService
from graph.settings import DomainRules
from graph.store.base import ChangeBatch

__all__ = [
    "BUDGET_KINDS",
    "CHAIRS_BODY_KINDS",
    "CORE_TYPES",
    "COVERAGE_STATUSES",
    "INVITEE_PRIORITIES",
    "RSVP_STATUSES",
    "AttendanceRow",
    "Coverage",
    "InviteDiff",
    "InviteList",
    "InviteRules",
    "Invitee",
    "attendance_history",
    "chairs_invite_list",
    "freeze_invite_list",
    "hours_in_year",
    "invite_diff",
    "invite_list",
    "invite_rules",
    "invitee_keys",
    "is_invited",
    "planned_hours_in_year",
    "preview_invite_list",
    "record_attendance",
    "rsvp",
    "set_invite_rules",
]

CORE_TYPES: tuple[str, ...] = (OrgType.LOKAAL_TEAM.value, OrgType.GI.value, OrgType.VEILIG_THUIS.value,
                               OrgType.RVDK.value)
RSVP_STATUSES = ("invited", "accepted", "declined", "tentative")
# The 8-hour budget is about the samenwerkingsbijeenkomsten (rule 2.19); other kinds book hours only.
BUDGET_KINDS = ("samenwerkingsbijeenkomst",)
# The bodies whose chairs get a province-wide invite list (story 5.2.12): JBT chairs and RET chairs.
CHAIRS_BODY_KINDS = ("jeugdbeschermingstafel", "ret")
# Why someone is on an invite list, best first: a slot's first contact, its backup, the regionale
# contactpersoon standing in, a chair of the body, added by hand.
INVITEE_PRIORITIES = ("primary", "backup", "fallback", "chair", "manual")
# How a gemeente × organisation type slot is covered: by its first contact, only by a backup, only by
# the fallback, or not at all.
COVERAGE_STATUSES = ("covered", "backup", "fallback", "missing")


# ---------------------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class InviteRules:
    types: dict[str, int]  # org type -> minimum professionals per gemeente
    hours_per_meeting: float
    travel_hours: float
    max_hours_per_year: float
    meetings_per_year: int

    def hours_for(self, online: bool) -> float:
        """Rule 2.18: 1 h preparation + 2 h meeting + 1 h travel; online drops the travel hour."""
        return self.hours_per_meeting - (self.travel_hours if online else 0)


def invite_rules(p: Projection, region_key: str | None, rules: DomainRules | None = None) -> InviteRules:
    """The composition/budget rules of a region: defaults overlaid by jeugdhulpregio then subregio data."""
    rules = rules or DomainRules()
    cfg = region_config(p, region_key) if region_key else {}
    types = dict.fromkeys(CORE_TYPES, 1)
    for org_type, count in (cfg.get("types") or {}).items():
        try:
            OrgType(org_type)
        except ValueError:
            raise MeetingError(msg("invite.rules.unknown_org_type", region=str(region_key),
                                   value=str(org_type))) from None
        if int(count) <= 0:
            types.pop(org_type, None)
        else:
            types[org_type] = int(count)
    return InviteRules(
        types=types,
        hours_per_meeting=float(cfg.get("hours_per_meeting", rules.hours_per_meeting)),
        travel_hours=float(cfg.get("travel_hours", rules.travel_hours)),
        max_hours_per_year=float(cfg.get("max_hours_per_year", rules.max_meeting_hours_per_year)),
        meetings_per_year=int(cfg.get("meetings_per_year", rules.meetings_per_year)),
    )


def set_invite_rules(svc: GraphService, actor: str, region_key: str, *, types: dict[str, int] | None = None,
                     hours_per_meeting: float | None = None, travel_hours: float | None = None,
                     max_hours_per_year: float | None = None, meetings_per_year: int | None = None) -> InviteRules:
    """Store (merge) the ``invite_rules`` of a Subregio or Jeugdhulpregio; every value is checked first."""
    p = svc.projection
    label = require_meeting_region(p, region_key)
    current = json_prop((p.node(region_key) or {}).get("invite_rules"))
    if types is not None:
        for org_type, count in types.items():
            try:
                OrgType(org_type)
            except ValueError:
                raise MeetingError(msg("query.unknown_org_type", value=str(org_type),
                                       known=[t.value for t in OrgType])) from None
            if not 0 <= int(count) <= 20:
                raise MeetingError(msg("invite.rules.count_out_of_range", org_type=org_type, count=count))
        current["types"] = {**current.get("types", {}), **{k: int(v) for k, v in types.items()}}
    for name, value, low, high in (("hours_per_meeting", hours_per_meeting, 0.5, 24),
                                   ("travel_hours", travel_hours, 0, 24),
                                   ("max_hours_per_year", max_hours_per_year, 0, 2000),
                                   ("meetings_per_year", meetings_per_year, 0, 52)):
        if value is None:
            continue
        if not low <= value <= high:
            raise MeetingError(msg("query.out_of_range", name=name, low=low, high=high, value=value))
        current[name] = value
    if float(current.get("travel_hours", 0)) > float(current.get("hours_per_meeting", 24)):
        raise MeetingError(msg("invite.rules.travel_exceeds_meeting"))
    svc.write(ChangeBatch(nodes=[Node(label=label, key=region_key, props={"invite_rules": current})]), actor)
    return invite_rules(svc.projection, region_key)


# ---------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Coverage:
    """One gemeente × organisation type of the composition check (story 5.2.3)."""

    gemeente: str
    gemeente_name: str
    org_type: str
    required: int
    status: str  # one of COVERAGE_STATUSES
    professionals: tuple[str, ...]
    note: Message | None = None  # the named gap or why a backup/fallback stands in (invite.note.*)
    vacant_since: str | None = None  # earliest vacancy behind this slot, even when someone stands in
    vacancies: tuple[Message, ...] = ()  # invite.gap.vacant*: each vacancy behind this slot

    @property
    def ok(self) -> bool:
        return self.status != "missing"

    @property
    def gap(self) -> bool:
        """Missing, only the fallback standing in, or a vacancy another organisation papers over."""
        return self.status in ("missing", "fallback") or self.vacant_since is not None


@dataclass(frozen=True)
class Invitee:
    professional: str
    name: str
    function: str | None
    email: str | None
    phone: str | None
    organisation: str | None
    organisation_name: str | None
    org_types: tuple[str, ...]
    gemeenten: tuple[str, ...]  # the gemeenten this person represents (dedupe: invited once)
    positions: tuple[str, ...]
    priority: str  # best priority among the slots: one of INVITEE_PRIORITIES
    hours: float  # planned hours for this meeting
    hours_other: float = 0.0  # already planned/booked this calendar year in other meetings
    hours_planned: float = 0.0  # the part of hours_other in planned meetings whose list is not frozen yet
    over_budget: bool = False
    proposed_backup: str | None = None
    status: str | None = None  # RSVP, once frozen
    attended: bool | None = None
    reasons: tuple[Message, ...] = ()  # why invited: the contact's coverage reason(s), invite.reason.*


@dataclass(frozen=True)
class InviteList:
    meeting: str | None
    region: str | None
    date: str
    frozen: bool
    invitees: tuple[Invitee, ...]
    coverage: tuple[Coverage, ...]
    rules: InviteRules
    frozen_on: str | None = None

    @property
    def gaps(self) -> tuple[Message, ...]:
        return tuple(c.note or msg("invite.note.no_contact", gemeente=c.gemeente_name, org_type=c.org_type)
                     for c in self.coverage if c.gap)

    @property
    def over_budget(self) -> tuple[Invitee, ...]:
        return tuple(i for i in self.invitees if i.over_budget)

    def get(self, professional: str) -> Invitee | None:
        return next((i for i in self.invitees if i.professional == professional), None)


# ---------------------------------------------------------------------------------------- counterparts
def _attr(item: Any, name: str) -> Any:
    if isinstance(item, dict):
        return item.get(name)
    return getattr(item, name, None)


def _key(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    key = _attr(value, "key")
    return None if key is None else str(key)


@dataclass(frozen=True)
class _Slot:
    professional: str | None
    position: str | None
    organisation: str | None
    priority: str
    reason: Message | None
    vacant_since: str | None


def _holders(p: Projection, gemeente: str, org_type: str, day: str,
             rules: DomainRules) -> tuple[list[_Slot], tuple[Any, ...]]:
    # The one place that asks the directory; coverage logic is not re-implemented here.
    from graph.queries.contacts import counterpart_gaps, counterparts

    answer = counterparts(p, gemeente, org_type, on=day, rules=rules)
    out = []
    for item in answer.contacts:
        out.append(_Slot(professional=_key(_attr(item, "professional")), position=_key(_attr(item, "position")),
                         organisation=_key(_attr(item, "organisation")),
                         priority=str(_attr(item, "priority") or "primary"), reason=_attr(item, "reason"),
                         vacant_since=_attr(item, "vacant_since")))
    return out, counterpart_gaps(answer)


def _gap_text(gap: Any) -> Message:
    names = tuple(pos.name for pos in gap.positions)
    text = (msg("invite.gap.vacant_at", since=gap.vacant_since, positions=names, organisation=gap.organisation.name)
            if gap.organisation else msg("invite.gap.vacant", since=gap.vacant_since, positions=names))
    return msg("invite.gap.fallback_only", gap=text) if gap.code == "vacant_fallback" else text


def _active(p: Projection, prof: str | None) -> bool:
    node = p.node(prof) if prof else None
    return node is not None and node.get("active", True) is not False


# ---------------------------------------------------------------------------------------- hours
_INVITES: weakref.WeakKeyDictionary[Projection, tuple[int, dict[str, list[tuple[str, dict[str, Any]]]]]] = (
    weakref.WeakKeyDictionary())


def _invited_edges(p: Projection, prof: str) -> list[tuple[str, dict[str, Any]]]:
    # Professionals can have thousands of other relationships (cases); meetings are few. So the INVITED
    # edges are indexed per professional once per graph version instead of scanning a person's edges.
    hit = _INVITES.get(p)
    if hit is None or hit[0] != p.version:
        index: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for meeting in p.keys(Label.MEETING):
            for src, d in p.in_edges(meeting, RelType.INVITED, all_time=True):
                index[src].append((meeting, d))
        hit = _INVITES[p] = (p.version, index)
    return hit[1].get(prof, [])


def hours_in_year(p: Projection, professional: str, year: int | str, *, exclude_meeting: str | None = None,
                  kinds: tuple[str, ...] = BUDGET_KINDS) -> float:
    """Hours planned or booked for ``professional`` in meetings of that calendar year (declined and
    cancelled ones excluded)."""
    total = 0.0
    for meeting, d in _invited_edges(p, professional):
        node = p.node(meeting) or {}
        if meeting == exclude_meeting or not str(node.get("date", "")).startswith(str(year)):
            continue
        if node.get("kind") not in kinds or node.get("status") == "cancelled" or d.get("status") == "declined":
            continue
        total += float(d.get("hours") or 0)
    return total


# Planned (not yet frozen) meetings have no INVITED relationships yet; who they would invite is
# their composition (without the budget step, so planning one meeting never recurses into another).
_PLANNED: weakref.WeakKeyDictionary[Projection, tuple[int, dict[str, tuple[float, frozenset[str]]]]] = (
    weakref.WeakKeyDictionary())


def _planned_composition(p: Projection, meeting: str, rules: DomainRules) -> tuple[float, frozenset[str]]:
    hit = _PLANNED.get(p)
    if hit is None or hit[0] != p.version:
        hit = _PLANNED[p] = (p.version, {})
    cached = hit[1].get(meeting)
    if cached is None:
        info = meeting_info(p, meeting)
        gemeenten = gemeenten_in(p, info.region, on=info.date) if info.region else []
        people: frozenset[str] = frozenset()
        if gemeenten:
            ir = invite_rules(p, info.region, rules)
            people = frozenset(_compose(p, gemeenten, ir.types, info.date, rules)[0])
            cached = (ir.hours_for(info.online), people)
        else:
            cached = (0.0, people)
        hit[1][meeting] = cached
    return cached


def planned_hours_in_year(p: Projection, professional: str, year: int | str, *, exclude_meeting: str | None = None,
                          rules: DomainRules | None = None, kinds: tuple[str, ...] = BUDGET_KINDS) -> float:
    """Hours ``professional`` would spend in the year's planned meetings whose invite list is not frozen yet
    (they would be invited by the same composition): counted so the budget warning comes before the
    invitations go out."""
    rules = rules or DomainRules()
    total = 0.0
    for meeting in p.keys(Label.MEETING):
        node = p.node(meeting) or {}
        if meeting == exclude_meeting or not str(node.get("date", "")).startswith(str(year)):
            continue
        if node.get("kind") not in kinds or node.get("status") == "cancelled" or node.get("frozen_list"):
            continue
        hours, people = _planned_composition(p, meeting, rules)
        if professional in people:
            total += hours
    return total


# ---------------------------------------------------------------------------------------- compute
def _compose(p: Projection, gemeenten: list[str], types: dict[str, int], day: str,
             rules: DomainRules) -> tuple[dict[str, dict[str, Any]], list[Coverage], dict[str, list[str]]]:
    """Pick the vaste groep per gemeente × type; return picks per professional, coverage, spare holders."""
    picks: dict[str, dict[str, Any]] = {}
    coverage: list[Coverage] = []
    spares: dict[str, list[str]] = {}  # picked professional -> holders of the same slots not picked
    for gm in gemeenten:
        gm_name = str(p.g.nodes[gm].get("name", gm))
        for org_type, minimum in types.items():
            slots, gaps = _holders(p, gm, org_type, day, rules)
            people = [s for s in slots if s.professional and _active(p, s.professional)]
            seen: set[str] = set()
            uniq = []
            for s in people:
                if s.professional not in seen:
                    seen.add(s.professional)  # type: ignore[arg-type]
                    uniq.append(s)
            chosen = [s for s in uniq if s.priority == "primary"]
            for s in uniq:
                if len(chosen) >= minimum:
                    break
                if s not in chosen:
                    chosen.append(s)
            # A vacancy is a named gap even when a fallback or another organisation stands in.
            vac = tuple(_gap_text(g) for g in gaps)
            vacant_since = min((str(g.vacant_since) for g in gaps if g.vacant_since), default=None)
            note: Message | None
            if not chosen:
                status = "missing"
                note = msg("invite.note.no_contact", gemeente=gm_name, org_type=org_type)
            elif len(chosen) < minimum:
                status = "missing"
                note = msg("invite.note.short", gemeente=gm_name, found=len(chosen), required=minimum,
                           org_type=org_type)
            else:
                worst = max(chosen, key=lambda s: {"primary": 0, "backup": 1}.get(s.priority, 2)).priority
                status = "covered" if worst == "primary" else ("backup" if worst == "backup" else "fallback")
                note = None if status == "covered" else msg("invite.note.stands_in", gemeente=gm_name,
                                                             org_type=org_type, priority=worst)
            if vac:
                note = msg("invite.note.vacancies", note=note or msg("invite.note.type", gemeente=gm_name,
                                                                      org_type=org_type), vacancies=vac)
            coverage.append(Coverage(gemeente=gm, gemeente_name=gm_name, org_type=org_type, required=minimum,
                                     status=status, professionals=tuple(s.professional for s in chosen
                                                                        if s.professional), note=note,
                                     vacant_since=vacant_since, vacancies=vac))
            rest = [s.professional for s in uniq if s not in chosen and s.professional]
            for s in chosen:
                assert s.professional
                pick = picks.setdefault(s.professional, {"gemeenten": [], "types": [], "positions": [],
                                                         "orgs": [], "priorities": [], "reasons": []})
                for k, v in (("gemeenten", gm), ("types", org_type), ("positions", s.position),
                             ("orgs", s.organisation), ("priorities", s.priority), ("reasons", s.reason)):
                    if v and v not in pick[k]:
                        pick[k].append(v)
                spares.setdefault(s.professional, []).extend(r for r in rest if r not in spares[s.professional])
    return picks, coverage, spares


def _invitee(p: Projection, prof: str, pick: dict[str, Any], hours: float, other: float = 0.0,
             over: bool = False, backup: str | None = None) -> Invitee:
    n = p.node(prof) or {}
    org = pick["orgs"][0] if pick["orgs"] else None
    if org is None:
        works = sorted(dst for dst, _ in p.out_edges(prof, RelType.WORKS_AT))
        org = works[0] if works else None
    org_node = (p.node(org) or {}) if org else {}
    rank = INVITEE_PRIORITIES.index
    prios = sorted(pick["priorities"] or ["manual"], key=lambda x: rank(x) if x in INVITEE_PRIORITIES else 9)
    return Invitee(
        professional=prof, name=str(n.get("name", prof)), function=n.get("function"), email=n.get("email"),
        phone=n.get("phone"), organisation=org, organisation_name=org_node.get("name"),
        org_types=tuple(pick["types"]), gemeenten=tuple(sorted(pick["gemeenten"])),
        positions=tuple(pick["positions"]), priority=prios[0], hours=hours, hours_other=other,
        over_budget=over, proposed_backup=backup, reasons=tuple(pick["reasons"]),
    )


def _build(p: Projection, *, region: str, day: str, online: bool, kind: str, meeting: str | None,
           rules: DomainRules, types: dict[str, int] | None = None) -> InviteList:
    ir = invite_rules(p, region, rules)
    gemeenten = gemeenten_in(p, region, on=day)
    if not gemeenten:
        raise MeetingError(msg("invite.region_without_gemeenten", region=region, day=day))
    picks, coverage, spares = _compose(p, gemeenten, types or ir.types, day, rules)
    hours = ir.hours_for(online)
    budgeted = kind in BUDGET_KINDS
    year = day[:4]
    invitees = []
    def booked(prof: str) -> tuple[float, float]:  # (frozen or booked, planned) hours elsewhere this year
        if not budgeted:
            return 0.0, 0.0
        return (hours_in_year(p, prof, year, exclude_meeting=meeting),
                planned_hours_in_year(p, prof, year, exclude_meeting=meeting, rules=rules))

    for prof in sorted(picks, key=lambda k: (str(p.g.nodes[k].get("name", k)), k)):
        fixed, planned = booked(prof)
        other = fixed + planned
        over = budgeted and other + hours > ir.max_hours_per_year
        backup = None
        if over:
            backup = next((s for s in spares.get(prof, []) if s not in picks
                           and sum(booked(s)) + hours <= ir.max_hours_per_year), None)
        invitees.append(replace(_invitee(p, prof, picks[prof], hours, other, over, backup), hours_planned=planned))
    return InviteList(meeting=meeting, region=region, date=day, frozen=False, invitees=tuple(invitees),
                      coverage=tuple(coverage), rules=ir)


def preview_invite_list(p: Projection, region_key: str, date: str | dt.date, *, online: bool = False,
                        rules: DomainRules | None = None) -> InviteList:
    """The invite list a samenwerkingsbijeenkomst of ``region_key`` (subregio or jeugdhulpregio) on
    ``date`` would get (story 5.2.2), with the composition check and hours budget; nothing is written."""
    require_meeting_region(p, region_key)
    return _build(p, region=region_key, day=parse_day(date), online=online, kind="samenwerkingsbijeenkomst",
                  meeting=None, rules=rules or DomainRules())


def _live(p: Projection, info: MeetingInfo, rules: DomainRules) -> InviteList:
    if info.kind == "lokale_leergroep" and info.source_meeting:
        src = invite_list(p, info.source_meeting, rules=rules)
        ir = invite_rules(p, info.region, rules)
        people = tuple(replace(i, hours=ir.hours_for(info.online), status=None, attended=None, hours_other=0.0,
                               over_budget=False, proposed_backup=None)
                       for i in src.invitees if _active(p, i.professional))
        return InviteList(meeting=info.key, region=info.region, date=info.date, frozen=False, invitees=people,
                          coverage=src.coverage, rules=ir)
    if info.kind in ("jbt_voorzitters", "ret_voorzitters"):
        return chairs_invite_list(p, "jeugdbeschermingstafel" if info.kind == "jbt_voorzitters" else "ret",
                                  provincie=str((p.node(info.key) or {}).get("provincie", "PV25")),
                                  date=info.date, meeting=info.key, rules=rules)
    if info.region is None:
        raise MeetingError(msg("invite.meeting_without_region", meeting=info.key))
    if info.kind == "jbt_evaluatie":
        return _jbt_evaluation(p, info, rules)
    return _build(p, region=info.region, day=info.date, online=info.online, kind=info.kind, meeting=info.key,
                  rules=rules)


# ---------------------------------------------------------------------------------------- chairs
_CHAIR_ROLES = ("voorzitter", "chair")


def _chairs(p: Projection, body_kind: str, provincie: str | None, day: str) -> list[tuple[str, str, str]]:
    """(professional, body, its region) of the chairs (MEMBER_OF role voorzitter) of JBT's / RET's."""
    wanted = set(gemeenten_in(p, provincie, on=day)) if provincie else None

    def in_scope(region: str | None) -> bool:
        if wanted is None or region is None:
            return wanted is None
        members = set(gemeenten_in(p, region, on=day))
        return bool(members & wanted)

    out: list[tuple[str, str, str]] = []
    for body in p.keys(Label.BODY):
        node = p.g.nodes[body]
        if node.get("kind") != body_kind:
            continue
        regions = [r for r, _ in p.out_edges(body, RelType.COVERS, on=day)]
        if not (any(in_scope(r) for r in regions) if regions else in_scope(None)):
            continue
        region = regions[0] if regions else ""
        for prof, d in p.in_edges(body, RelType.MEMBER_OF, on=day):
            if str(d.get("role", "")).lower() in _CHAIR_ROLES and p.label_of(prof) == Label.PROFESSIONAL.value:
                out.append((prof, body, region))
    return out


def chairs_invite_list(p: Projection, body_kind: str, *, provincie: str | None = "PV25",
                       date: str | dt.date | None = None, meeting: str | None = None,
                       rules: DomainRules | None = None) -> InviteList:
    """Story 5.2.12: all JBT chairs (``jeugdbeschermingstafel``) or RET chairs (``ret``) of a provincie."""
    if body_kind not in CHAIRS_BODY_KINDS:
        raise MeetingError(msg("invite.chairs_kind", kind=body_kind))
    if provincie:
        require(p, Label.PROVINCIE, provincie)
    day = parse_day(date) if date else dt.date.today().isoformat()
    ir = invite_rules(p, None, rules)
    picks: dict[str, dict[str, Any]] = {}
    for prof, body, region in _chairs(p, body_kind, provincie, day):
        if not _active(p, prof):
            continue
        pick = picks.setdefault(prof, {"gemeenten": [], "types": [], "positions": [], "orgs": [],
                                       "priorities": ["chair"], "reasons": []})
        pick["reasons"].append(msg("invite.reason.chair", body=str(p.g.nodes[body].get("name", body))))
        if region and region not in pick["gemeenten"]:
            pick["gemeenten"].append(region)
    people = tuple(_invitee(p, prof, picks[prof], ir.hours_for(False))
                   for prof in sorted(picks, key=lambda k: (str(p.g.nodes[k].get("name", k)), k)))
    return InviteList(meeting=meeting, region=provincie, date=day, frozen=False, invitees=people, coverage=(),
                      rules=ir)


def _jbt_evaluation(p: Projection, info: MeetingInfo, rules: DomainRules) -> InviteList:
    """Story 5.2.11: the LTs and safety partners of the whole jeugdhulpregio, plus its JBT chair(s)."""
    jz = jeugdhulpregio_of(p, info.region or "") or info.region or ""
    base = _build(p, region=jz, day=info.date, online=info.online, kind=info.kind, meeting=info.key, rules=rules,
                  types=dict.fromkeys(CORE_TYPES, 1))
    chairs = [c for c in chairs_invite_list(p, "jeugdbeschermingstafel", provincie=None, date=info.date,
                                            rules=rules).invitees if jz in c.gemeenten]
    known = {i.professional for i in base.invitees}
    extra = tuple(replace(c, hours=base.rules.hours_for(info.online)) for c in chairs if c.professional not in known)
    return replace(base, invitees=base.invitees + extra)


# ---------------------------------------------------------------------------------------- frozen lists
def _snapshot(node: dict[str, Any]) -> dict[str, Any] | None:
    raw = node.get("frozen_list")
    if not raw:
        return None
    return raw if isinstance(raw, dict) else json.loads(raw)


def invite_list(p: Projection, meeting_key: str, *, rules: DomainRules | None = None) -> InviteList:
    """The meeting's invite list: the frozen one (with RSVP/attendance) once frozen, else computed now."""
    rules = rules or DomainRules()
    info = meeting_info(p, meeting_key)
    snap = _snapshot(p.node(meeting_key) or {})
    if snap is None:
        return _live(p, info, rules)
    edges = {src: d for src, d in p.in_edges(meeting_key, RelType.INVITED, all_time=True)}
    people = []
    known = {f.name for f in fields(Invitee)}
    for stored in snap["invitees"]:
        row = {k: v for k, v in stored.items() if k in known}  # snapshots outlive code changes
        d = edges.get(row["professional"], {})
        people.append(Invitee(**{**row, "org_types": tuple(row["org_types"]), "gemeenten": tuple(row["gemeenten"]),
                                 "positions": tuple(row["positions"]), "hours": float(d.get("hours", row["hours"])),
                                 "reasons": tuple(message_from_data(m) for m in row.get("reasons", ())),
                                 "status": d.get("status", "invited"), "attended": d.get("attended")}))
    coverage = tuple(Coverage(**{**c, "professionals": tuple(c["professionals"]),
                                 "note": message_from_data(c["note"]) if c.get("note") else None,
                                 "vacancies": tuple(message_from_data(v) for v in c.get("vacancies", ()))})
                     for c in snap["coverage"])
    return InviteList(meeting=meeting_key, region=info.region, date=info.date, frozen=True, invitees=tuple(people),
                      coverage=coverage, rules=InviteRules(**snap["rules"]), frozen_on=info.frozen_on)


def invitee_keys(p: Projection, meeting_key: str) -> set[str]:
    return {i.professional for i in invite_list(p, meeting_key).invitees}


def is_invited(p: Projection, meeting_key: str, professional: str | None) -> bool:
    """Whether ``professional`` has (or had) an INVITED relationship to the meeting, i.e. is on its frozen list."""
    if not professional:
        return False
    return professional in {src for src, _ in p.in_edges(meeting_key, RelType.INVITED, all_time=True)}


def freeze_invite_list(svc: GraphService, actor: str, meeting_key: str, *, use_backups: bool = False,
                       add: Iterable[str] = (), remove: Iterable[str] = (),
                       rules: DomainRules | None = None) -> InviteList:
    """Store the invite list (INVITED relationships + snapshot) so later directory changes do not alter it.

    ``use_backups`` swaps everyone over the hours budget for the proposed backup; ``add``/``remove``
    let the coordinator adjust the list by professional key (inactive people are refused).
    """
    p = svc.projection
    rules = rules or DomainRules()
    info = meeting_info(p, meeting_key)
    if info.frozen_on:
        raise MeetingError(msg("invite.already_frozen", meeting=meeting_key, frozen_on=info.frozen_on))
    if info.status == "cancelled":
        raise MeetingError(msg("invite.meeting_cancelled", meeting=meeting_key))
    live = _live(p, info, rules)
    people = {i.professional: i for i in live.invitees}
    if use_backups:
        for inv in list(people.values()):
            if inv.over_budget and inv.proposed_backup and inv.proposed_backup not in people:
                del people[inv.professional]
                pick = {"gemeenten": list(inv.gemeenten), "types": list(inv.org_types), "positions": [],
                        "orgs": [], "priorities": ["backup"],
                        "reasons": [msg("invite.reason.stands_in", name=inv.name,
                                         max_hours=live.rules.max_hours_per_year)]}
                other = hours_in_year(p, inv.proposed_backup, info.date[:4], exclude_meeting=meeting_key) + \
                    planned_hours_in_year(p, inv.proposed_backup, info.date[:4], exclude_meeting=meeting_key,
                                          rules=rules)
                people[inv.proposed_backup] = _invitee(p, inv.proposed_backup, pick, inv.hours, other)
    for prof in remove:
        if prof not in people:
            raise MeetingError(msg("invite.not_on_list", professional=prof, meeting=meeting_key))
        del people[prof]
    for prof in add:
        require(p, Label.PROFESSIONAL, prof)
        if not _active(p, prof):
            raise MeetingError(msg("invite.inactive", professional=prof))
        if prof not in people:
            pick = {"gemeenten": [], "types": [], "positions": [], "orgs": [], "priorities": ["manual"],
                    "reasons": [msg("invite.reason.added")]}
            people[prof] = _invitee(p, prof, pick, live.rules.hours_for(info.online))
    today = dt.date.today().isoformat()
    invitees = sorted(people.values(), key=lambda i: (i.name, i.professional))
    snap = {
        "frozen_on": today,
        "invitees": [{**{k: v for k, v in asdict(i).items() if k not in ("status", "attended")},
                      "reasons": [message_data(m) for m in i.reasons]} for i in invitees],
        "coverage": [{**asdict(c), "note": message_data(c.note) if c.note else None,
                      "vacancies": [message_data(v) for v in c.vacancies]} for c in live.coverage],
        "rules": asdict(live.rules),
    }
    batch = ChangeBatch()
    batch.nodes.append(Node(label=Label.MEETING, key=meeting_key,
                            props={"frozen_list": snap, "frozen_on": today, "status": "frozen"}))
    for i in invitees:
        batch.edges.append(Edge(type=RelType.INVITED, src=i.professional, dst=meeting_key,
                                src_label=Label.PROFESSIONAL, dst_label=Label.MEETING, valid_from=today,
                                props={"status": "invited", "hours": i.hours, "gemeenten": list(i.gemeenten)}))
    svc.write(batch, actor)
    return invite_list(svc.projection, meeting_key, rules=rules)


@dataclass(frozen=True)
class InviteDiff:
    meeting: str
    added: tuple[Invitee, ...]  # would be invited now, not on the frozen list
    removed: tuple[Invitee, ...]  # on the frozen list, would not be invited now
    changed: tuple[tuple[Invitee, Invitee], ...]  # (frozen, now) with other gemeenten or contact details
    new_gaps: tuple[Message, ...]
    closed_gaps: tuple[Message, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.new_gaps or self.closed_gaps)


_COMPARED = ("name", "email", "phone", "organisation", "gemeenten")


def invite_diff(p: Projection, meeting_key: str, *, rules: DomainRules | None = None) -> InviteDiff:
    """The frozen list against what the directory gives now."""
    rules = rules or DomainRules()
    frozen = invite_list(p, meeting_key, rules=rules)
    if not frozen.frozen:
        raise MeetingError(msg("invite.not_frozen", meeting=meeting_key))
    now = _live(p, meeting_info(p, meeting_key), rules)
    before = {i.professional: i for i in frozen.invitees}
    after = {i.professional: i for i in now.invitees}
    changed = tuple((before[k], after[k]) for k in sorted(before.keys() & after.keys())
                    if any(getattr(before[k], f) != getattr(after[k], f) for f in _COMPARED))
    return InviteDiff(
        meeting=meeting_key,
        added=tuple(after[k] for k in sorted(after.keys() - before.keys())),
        removed=tuple(before[k] for k in sorted(before.keys() - after.keys())),
        changed=changed,
        new_gaps=tuple(g for g in now.gaps if g not in frozen.gaps),
        closed_gaps=tuple(g for g in frozen.gaps if g not in now.gaps),
    )


def _invited_edge(p: Projection, meeting_key: str, professional: str) -> tuple[Edge, dict[str, Any]]:
    info = meeting_info(p, meeting_key)
    require(p, Label.PROFESSIONAL, professional)
    data = (p.g.get_edge_data(professional, meeting_key) or {}).get(
        edge_key(RelType.INVITED, professional, meeting_key))
    if data is None:
        if not info.frozen_on:
            raise MeetingError(msg("invite.not_frozen.freeze_first", meeting=meeting_key))
        raise MeetingError(msg("invite.not_invited", professional=professional, meeting=meeting_key))
    props = {k: v for k, v in data.items() if k not in ("type", "valid_from", "valid_to")}
    edge = Edge(type=RelType.INVITED, src=professional, dst=meeting_key, src_label=Label.PROFESSIONAL,
                dst_label=Label.MEETING, valid_from=data.get("valid_from"), valid_to=data.get("valid_to"))
    return edge, props


def rsvp(svc: GraphService, actor: str, meeting_key: str, professional: str, status: str) -> Invitee:
    """Record an answer: invited, accepted, declined or tentative (declined hours leave the budget)."""
    if status not in RSVP_STATUSES:
        raise MeetingError(msg("invite.unknown_rsvp", status=status, known=RSVP_STATUSES))
    edge, props = _invited_edge(svc.projection, meeting_key, professional)
    svc.write(ChangeBatch(edges=[edge.model_copy(update={"props": {**props, "status": status}})]), actor)
    found = invite_list(svc.projection, meeting_key).get(professional)
    assert found is not None
    return found


def record_attendance(svc: GraphService, actor: str, meeting_key: str, professional: str, attended: bool,
                      hours: float | None = None) -> Invitee:
    """Attendance and hours booked (default: the planned hours when present, 0 when absent)."""
    edge, props = _invited_edge(svc.projection, meeting_key, professional)
    if hours is not None and not (0 <= hours <= 24):
        raise MeetingError(msg("invite.hours_out_of_range", hours=hours))
    booked = hours if hours is not None else (float(props.get("hours") or 0) if attended else 0.0)
    new = {**props, "attended": bool(attended), "hours": booked}
    if attended and props.get("status") in ("invited", "tentative", "declined"):
        new["status"] = "accepted"
    svc.write(ChangeBatch(edges=[edge.model_copy(update={"props": new})]), actor)
    found = invite_list(svc.projection, meeting_key).get(professional)
    assert found is not None
    return found


@dataclass(frozen=True)
class AttendanceRow:
    meeting: str
    title: Message  # meeting.title.*
    kind: str
    date: str
    status: str
    attended: bool | None
    hours: float
    gemeenten: tuple[str, ...] = field(default=())


def attendance_history(p: Projection, professional: str) -> list[AttendanceRow]:
    """Every meeting a professional was invited to, with answer, attendance and hours; oldest first."""
    require(p, Label.PROFESSIONAL, professional)
    rows = []
    for meeting, d in _invited_edges(p, professional):
        n = p.node(meeting) or {}
        rows.append(AttendanceRow(meeting=meeting, title=meeting_title(p, meeting, n), kind=str(n.get("kind", "")),
                                  date=str(n.get("date", "")), status=str(d.get("status", "invited")),
                                  attended=d.get("attended"), hours=float(d.get("hours") or 0),
                                  gemeenten=tuple(d.get("gemeenten") or ())))
    return sorted(rows, key=lambda r: (r.date, r.meeting))
