"""Samenwerkingsbijeenkomsten (bouwsteen 2): meetings per subregio, the yearly plan, versioned subregio's.

A Meeting node has ``FOR_GEMEENTE`` to the Subregio (or whole Jeugdhulpregio) it is held for. Reads
take the ``Projection``; writes take the ``GraphService`` and an actor (the change log is the audit
trail). Bad input raises ``MeetingError``/``NotFound`` before anything is written.

Per-region configuration lives as data in the ``invite_rules`` JSON prop of a Jeugdhulpregio or
Subregio (the Subregio wins); see ``graph.queries.invites.invite_rules`` for all keys. This module
reads ``meetings_per_year`` from it (rule 2.8: two per year, stated for 2021 only, so configurable).

Layering: ``meeting_facts`` (shared facts) <- ``invites`` (invite lists) <- this module (plans and writes
that also touch invite lists: co-designers, leergroepen). The facts are re-exported here for callers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from graph.messages import msg
from graph.projection import Projection
from graph.queries.invites import freeze_invite_list, invitee_keys
from graph.queries.meeting_facts import (
    MEETING_KINDS,
    MEETING_STATUSES,
    PROGRAMME_ELEMENTS,
    MeetingError,
    MeetingInfo,
    json_prop,
    meeting_info,
    meeting_region,
    parse_day,
    region_config,
    region_jeugdhulpregio,
    require_meeting_region,
)
from graph.queries.regions import gemeenten_in, require, subregios_of
from graph.schema import Edge, Label, Node, RelType, edge_key
from graph.service import GraphService
from graph.settings import DomainRules
from graph.store.base import ChangeBatch, EdgeClose

__all__ = [
    "MEETING_KINDS",
    "MEETING_STATUSES",
    "PROGRAMME_ELEMENTS",
    "MeetingError",
    "MeetingInfo",
    "MeetingPlan",
    "PlanRow",
    "SubregioVersion",
    "create_meeting",
    "define_subregio",
    "json_prop",
    "link_initiative",
    "meeting_info",
    "meeting_plan",
    "meeting_region",
    "meetings_for",
    "parse_day",
    "region_config",
    "region_jeugdhulpregio",
    "require_meeting_region",
    "reuse_for_leergroep",
    "set_programme",
    "subregio_versions",
    "update_meeting",
]

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key.lower().removeprefix("sr-")).strip("-")


def _new_key(p: Projection, year: str, scope: str) -> str:
    n = 1
    while p.node(f"mtg-{year}-{scope}-{n}") is not None:
        n += 1
    return f"mtg-{year}-{scope}-{n}"


def create_meeting(svc: GraphService, actor: str, *, region: str | None, date: str | dt.date,
                   start: str | None = None, end: str | None = None, place: str | None = None,
                   online: bool = False, organiser: str | None = None, kind: str = "samenwerkingsbijeenkomst",
                   name: str | None = None, key: str | None = None, initiative: str | None = None,
                   extra: dict[str, Any] | None = None) -> str:
    """Write a Meeting for a Subregio or Jeugdhulpregio (``region``; None only for province-wide kinds).

    ``organiser`` is a Professional key (the centrale gemeente's coordinator). Returns the meeting key.
    """
    p = svc.projection
    day = parse_day(date)
    if kind not in MEETING_KINDS:
        raise MeetingError(msg("meeting.unknown_kind", kind=kind, known=MEETING_KINDS))
    for label, value in (("start", start), ("end", end)):
        if value is not None and not _TIME.match(value):
            raise MeetingError(msg("meeting.not_a_time", what=label, value=value))
    if start and end and end <= start:
        raise MeetingError(msg("meeting.end_not_after_start", start=start, end=end))
    region_label: Label | None = None
    if region is not None:
        region_label = require_meeting_region(p, region)
    elif kind not in ("jbt_voorzitters", "ret_voorzitters"):
        raise MeetingError(msg("meeting.needs_region", kind=kind))
    if organiser is not None:
        require(p, Label.PROFESSIONAL, organiser)
    if initiative is not None:
        _check_initiative(p, initiative)
    if key is None:
        key = _new_key(p, day[:4], _slug(region) if region else kind.replace("_", "-"))
    elif not key.startswith("mtg-"):
        raise MeetingError(msg("meeting.key_prefix", key=key))
    elif p.node(key) is not None:
        raise MeetingError(msg("meeting.exists", key=key))
    props: dict[str, Any] = {  # no name given: it is called by kind, region and date (meeting_title)
        "name": name or None,
        "kind": kind, "date": day, "start": start, "end": end, "place": place, "online": bool(online),
        "organiser": organiser, "status": "planned", "initiative": initiative, **(extra or {}),
    }
    batch = ChangeBatch(nodes=[Node(label=Label.MEETING, key=key, props=props)])
    if region is not None and region_label is not None:
        batch.edges.append(Edge(type=RelType.FOR_GEMEENTE, src=key, dst=region, src_label=Label.MEETING,
                                dst_label=region_label, valid_from=day))
    svc.write(batch, actor)
    return key


def update_meeting(svc: GraphService, actor: str, meeting_key: str, **props: Any) -> None:
    """Merge props into a meeting (node upserts merge unless ``replace``)."""
    require(svc.projection, Label.MEETING, meeting_key)
    svc.write(ChangeBatch(nodes=[Node(label=Label.MEETING, key=meeting_key, props=props)]), actor)


def _check_initiative(p: Projection, initiative: str) -> None:
    node = p.node(initiative)
    if node is None or node["label"] not in (Label.MEETING.value, Label.BODY.value):
        raise MeetingError(msg("meeting.no_initiative", initiative=initiative))


def link_initiative(svc: GraphService, actor: str, meeting_key: str, initiative: str) -> None:
    """Rule 2.14: the samenwerkingsbijeenkomst is folded into an existing regional initiative (a Meeting
    such as a themabijeenkomst, or a Body); recorded on the meeting instead of a second meeting."""
    require(svc.projection, Label.MEETING, meeting_key)
    if initiative == meeting_key:
        raise MeetingError(msg("meeting.own_initiative"))
    _check_initiative(svc.projection, initiative)
    update_meeting(svc, actor, meeting_key, initiative=initiative)


def set_programme(svc: GraphService, actor: str, meeting_key: str, *, elements: list[str] | None = None,
                  co_designers: list[str] | None = None) -> MeetingInfo:
    """Rules 2.15-2.17: attach programme elements and mark invitees as programme co-designers."""
    p = svc.projection
    info = meeting_info(p, meeting_key)
    props: dict[str, Any] = {}
    if elements is not None:
        unknown = [e for e in elements if e not in PROGRAMME_ELEMENTS]
        if unknown:
            raise MeetingError(msg("meeting.unknown_programme", elements=unknown, known=PROGRAMME_ELEMENTS))
        props["programme"] = sorted(set(elements), key=PROGRAMME_ELEMENTS.index)
    if co_designers is not None:
        invited = invitee_keys(p, meeting_key)
        for prof in co_designers:
            require(p, Label.PROFESSIONAL, prof)
            if prof not in invited:
                raise MeetingError(msg("meeting.co_designer_not_invited", professional=prof,
                                       meeting=meeting_key))
        props["co_designers"] = sorted(set(co_designers))
    if props:
        update_meeting(svc, actor, info.key, **props)
    return meeting_info(svc.projection, meeting_key)


def reuse_for_leergroep(svc: GraphService, actor: str, source_meeting: str, *, date: str | dt.date,
                        start: str | None = None, end: str | None = None, place: str | None = None,
                        online: bool = False, organiser: str | None = None, freeze: bool = True) -> str:
    """Story 5.2.10: a lokale leergroep with the same professionals as a samenwerkingsbijeenkomst (rule 2.24)."""
    p = svc.projection
    src = meeting_info(p, source_meeting)
    if src.region is None:
        raise MeetingError(msg("meeting.no_subregio_for_leergroep", meeting=source_meeting))
    key = create_meeting(svc, actor, region=src.region, date=date, start=start, end=end, place=place,
                         online=online, organiser=organiser or src.organiser, kind="lokale_leergroep",
                         extra={"source_meeting": source_meeting})
    if freeze:
        freeze_invite_list(svc, actor, key)
    return key


def meetings_for(p: Projection, region_key: str, *, year: int | None = None,
                 kinds: tuple[str, ...] | None = None) -> list[MeetingInfo]:
    """Meetings held for a region, sorted by date (cancelled ones included; callers filter)."""
    out = []
    for src, _ in p.in_edges(region_key, RelType.FOR_GEMEENTE, all_time=True):
        if p.label_of(src) != Label.MEETING.value:
            continue
        info = meeting_info(p, src)
        if year is not None and not info.date.startswith(f"{year:04d}"):
            continue
        if kinds is not None and info.kind not in kinds:
            continue
        out.append(info)
    return sorted(out, key=lambda m: (m.date, m.key))


# ---------------------------------------------------------------------------------------- plan
@dataclass(frozen=True)
class PlanRow:
    subregio: str
    name: str
    gemeenten: tuple[str, ...]
    meetings: tuple[MeetingInfo, ...]  # own + jeugdhulpregio-wide ones, not cancelled
    required: int
    short_by: int

    @property
    def short(self) -> bool:
        return self.short_by > 0


@dataclass(frozen=True)
class MeetingPlan:
    year: int
    jeugdhulpregio: str
    required: int
    rows: tuple[PlanRow, ...]
    regional_meetings: tuple[MeetingInfo, ...] = field(default=())

    @property
    def met(self) -> bool:
        """Rule 2.8 (story 5.2.5): every subregio had its meetings (or, without subregio's, the region did)."""
        if self.rows:
            return not any(r.short for r in self.rows)
        return len(self.regional_meetings) >= self.required

    @property
    def short_subregios(self) -> tuple[str, ...]:
        return tuple(r.subregio for r in self.rows if r.short)


_COUNTING = ("samenwerkingsbijeenkomst",)


def meeting_plan(p: Projection, year: int, jeugdhulpregio: str, rules: DomainRules | None = None) -> MeetingPlan:
    """Per subregio the samenwerkingsbijeenkomsten of ``year`` and whether it falls short of the cadence.

    A jeugdhulpregio-wide meeting counts for every subregio. Cancelled meetings do not count.
    """
    require(p, Label.JEUGDHULPREGIO, jeugdhulpregio)
    rules = rules or DomainRules()
    regional = tuple(m for m in meetings_for(p, jeugdhulpregio, year=year, kinds=_COUNTING)
                     if m.status != "cancelled")
    on = f"{year:04d}-07-01"  # the subregio definition of mid-year
    rows = []
    for sr in subregios_of(p, jeugdhulpregio, on=on) or subregios_of(p, jeugdhulpregio):
        required = int(region_config(p, sr).get("meetings_per_year", rules.meetings_per_year))
        own = tuple(m for m in meetings_for(p, sr, year=year, kinds=_COUNTING) if m.status != "cancelled")
        meetings = tuple(sorted(own + regional, key=lambda m: (m.date, m.key)))
        rows.append(PlanRow(subregio=sr, name=str(p.g.nodes[sr].get("name", sr)),
                            gemeenten=tuple(gemeenten_in(p, sr, on=on)), meetings=meetings,
                            required=required, short_by=max(0, required - len(meetings))))
    required = int(region_config(p, jeugdhulpregio).get("meetings_per_year", rules.meetings_per_year))
    return MeetingPlan(year=year, jeugdhulpregio=jeugdhulpregio, required=required, rows=tuple(rows),
                       regional_meetings=regional)


# ---------------------------------------------------------------------------------------- subregio's
@dataclass(frozen=True)
class SubregioVersion:
    version: int
    valid_from: str | None
    gemeenten: tuple[str, ...]


def define_subregio(svc: GraphService, actor: str, *, jeugdhulpregio: str, gemeenten: list[str],
                    valid_from: str | dt.date, key: str | None = None, name: str | None = None,
                    agreed_on: str | dt.date | None = None) -> str:
    """Create a subregio or a new version of one (story 5.2.1): memberships that end are closed on
    ``valid_from``, never deleted; a gemeente moving in leaves its previous subregio of the region."""
    p = svc.projection
    require(p, Label.JEUGDHULPREGIO, jeugdhulpregio)
    day = parse_day(valid_from, "valid_from")
    agreed = parse_day(agreed_on, "agreed_on") if agreed_on else day
    if not gemeenten:
        raise MeetingError(msg("subregio.no_gemeenten"))
    in_region = set(gemeenten_in(p, jeugdhulpregio, on=day))
    for gm in gemeenten:
        require(p, Label.GEMEENTE, gm)
        if gm not in in_region:
            raise MeetingError(msg("subregio.gemeente_outside", gemeente=gm, name=str(p.g.nodes[gm].get("name", gm)),
                                       jeugdhulpregio=jeugdhulpregio))
    if key is None:
        if not name:
            raise MeetingError(msg("subregio.needs_name"))
        key = f"SR-{jeugdhulpregio}-{_slug(name)}"
    existing = p.node(key)
    if existing is not None and existing["label"] != Label.SUBREGIO.value:
        raise MeetingError(msg("subregio.not_a_subregio", key=key, label=existing["label"]))
    if existing is not None and region_jeugdhulpregio(p, key) not in (None, jeugdhulpregio):
        raise MeetingError(msg("subregio.other_jeugdhulpregio", key=key, actual=str(region_jeugdhulpregio(p, key)),
                                   wanted=jeugdhulpregio))
    if existing is None and not name:
        raise MeetingError(msg("subregio.unknown", key=key))
    version = int(existing.get("version", 1)) + 1 if existing is not None else 1
    wanted = set(gemeenten)
    current = {src: d for src, d in p.in_edges(key, RelType.IN_SUBREGIO, on=day)} if existing else {}
    if existing is not None and set(current) == wanted:
        raise MeetingError(msg("subregio.unchanged", key=key, day=day))
    batch = ChangeBatch(nodes=[Node(label=Label.SUBREGIO, key=key, props={
        "name": name or (existing or {}).get("name", key), "version": version, "agreed_on": agreed,
    })])
    if existing is None or region_jeugdhulpregio(p, key) is None:
        batch.edges.append(Edge(type=RelType.IN_JEUGDHULPREGIO, src=key, dst=jeugdhulpregio,
                                src_label=Label.SUBREGIO, dst_label=Label.JEUGDHULPREGIO, valid_from=day))
    for gm, d in current.items():
        if gm not in wanted:
            batch.closes.append(EdgeClose(key=_edge_key_of(p, gm, key, d), valid_to=day))
    siblings = set(subregios_of(p, jeugdhulpregio, on=day)) - {key}
    shrunk: set[str] = set()
    for gm in sorted(wanted - set(current)):
        for other, d in p.out_edges(gm, RelType.IN_SUBREGIO, on=day):
            if other in siblings:
                batch.closes.append(EdgeClose(key=_edge_key_of(p, gm, other, d), valid_to=day))
                shrunk.add(other)
    for other in sorted(shrunk):  # a subregio that loses a gemeente gets a new version too
        batch.nodes.append(Node(label=Label.SUBREGIO, key=other, props={
            "version": int(p.g.nodes[other].get("version", 1)) + 1, "agreed_on": agreed}))
        spell = "" if p.g.get_edge_data(gm, key) is None else f"v{version}"  # an earlier, closed membership
        batch.edges.append(Edge(type=RelType.IN_SUBREGIO, src=gm, dst=key, src_label=Label.GEMEENTE,
                                dst_label=Label.SUBREGIO, valid_from=day,
                                key=edge_key(RelType.IN_SUBREGIO, gm, key, spell)))
    svc.write(batch, actor)
    return key


def _edge_key_of(p: Projection, src: str, dst: str, data: dict[str, Any]) -> str:
    for k, d in (p.g.get_edge_data(src, dst) or {}).items():
        if d is data:
            return str(k)
    raise AssertionError(f"relationship {src} -> {dst} not found")  # cannot happen: data came from the graph


def subregio_versions(p: Projection, subregio_key: str) -> list[SubregioVersion]:
    """The gemeenten of a subregio per period, oldest first (from the validity of its memberships)."""
    require(p, Label.SUBREGIO, subregio_key)
    edges = [(src, d) for src, d in p.in_edges(subregio_key, RelType.IN_SUBREGIO, all_time=True)]
    bounds = sorted({d.get("valid_from") or "" for _, d in edges} | {d["valid_to"] for _, d in edges
                                                                     if d.get("valid_to")})
    out: list[SubregioVersion] = []
    for b in bounds:
        day = b or "0001-01-01"
        members = tuple(sorted(src for src, d in edges if (d.get("valid_from") or "") <= day
                               and (not d.get("valid_to") or day < d["valid_to"])))
        if out and out[-1].gemeenten == members:
            continue
        out.append(SubregioVersion(version=len(out) + 1, valid_from=b or None, gemeenten=members))
    return out
