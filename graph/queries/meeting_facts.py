"""The facts about a meeting that the meeting and invite modules share: kinds, the error type, date and
configuration parsing, and reading a Meeting node (``MeetingInfo``).

``graph.queries.meetings`` (plans, writes) and ``graph.queries.invites`` (invite lists) both build on this
module; it imports neither, so the two never import each other.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from graph.messages import Message, MessageError, msg
from graph.projection import Projection
from graph.queries.errors import NotFound, suggest
from graph.queries.regions import jeugdhulpregio_of, require
from graph.schema import Label, RelType

__all__ = [
    "MEETING_KINDS",
    "MEETING_STATUSES",
    "PROGRAMME_ELEMENTS",
    "MeetingError",
    "MeetingInfo",
    "json_prop",
    "meeting_info",
    "meeting_region",
    "meeting_title",
    "parse_day",
    "region_config",
    "region_jeugdhulpregio",
    "require_meeting_region",
]

# What a Meeting can be. Only samenwerkingsbijeenkomsten count for the cadence (rule 2.8).
MEETING_KINDS = (
    "samenwerkingsbijeenkomst",  # bouwsteen 2, step 2
    "themabijeenkomst",  # e.g. Centraal Gelderland 24 June 2021 (001:41-46)
    "lokale_leergroep",  # bouwsteen 2, step 3 (2022+): same professionals (rule 2.24)
    "jbt_evaluatie",  # JBT evaluation with LTs and safety partners (000:1912-1916)
    "jbt_voorzitters",  # province-wide meeting of the JBT chairs (000:1922-1930)
    "ret_voorzitters",  # province-wide meeting of the RET chairs (000:2673-2676)
    "overig",
)
# Rule 2.15 + 2.17: what a samenwerkingsbijeenkomst's programme must contain.
PROGRAMME_ELEMENTS = ("kennismaking", "kernwaarden", "bouwstenen", "escalatiemodel", "aanmeldproces",
                      "eerste_stappen", "leerelement")
MEETING_STATUSES = ("planned", "frozen", "held", "cancelled")


class MeetingError(MessageError):
    """A meeting request that cannot be carried out as asked; ``message`` (a ``Message``) names the problem."""


def parse_day(value: str | dt.date, what: str = "date") -> str:
    """An ISO date string, or ``MeetingError`` naming the field."""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise MeetingError(msg("meeting.not_a_date", what=what, value=str(value))) from None


def json_prop(value: Any) -> dict[str, Any]:
    if not value:
        return {}
    if isinstance(value, dict):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def region_config(p: Projection, region_key: str) -> dict[str, Any]:
    """``invite_rules`` of the jeugdhulpregio overlaid by those of the subregio (when ``region_key`` is one)."""
    out: dict[str, Any] = {}
    jz = jeugdhulpregio_of(p, region_key)
    chain = [jz] if jz and jz != region_key else []
    chain.append(region_key)
    for key in chain:
        node = p.node(key) or {}
        cfg = json_prop(node.get("invite_rules"))
        types = {**out.get("types", {}), **cfg.get("types", {})}
        out.update(cfg)
        if types:
            out["types"] = types
    return out


@dataclass(frozen=True)
class MeetingInfo:
    key: str
    name: str | None  # as given; None when the meeting is called by its kind, region and date (``title``)
    title: Message  # what the meeting is called (meeting.title.*), rendered per interface
    kind: str
    date: str
    start: str | None
    end: str | None
    place: str | None
    online: bool
    organiser: str | None
    status: str
    region: str | None  # the Subregio or Jeugdhulpregio it is for (None for province-wide meetings)
    jeugdhulpregio: str | None
    programme: tuple[str, ...] = ()
    co_designers: tuple[str, ...] = ()
    initiative: str | None = None
    source_meeting: str | None = None
    frozen_on: str | None = None


def meeting_title(p: Projection, meeting_key: str, node: dict[str, Any] | None = None) -> Message:
    """The meeting's given name, else its kind, region and date as data (``meeting.title.<kind>``)."""
    n = node if node is not None else (p.node(meeting_key) or {})
    if n.get("name"):
        return msg("meeting.title.named", name=str(n["name"]))
    region = meeting_region(p, meeting_key)
    region_name = str((p.node(region) or {}).get("name", region)) if region else "Gelderland"
    kind = str(n.get("kind")) if n.get("kind") in MEETING_KINDS else "overig"
    return msg(f"meeting.title.{kind}", region=region_name, date=str(n.get("date", "")))


def region_jeugdhulpregio(p: Projection, region_key: str) -> str | None:
    """The jeugdhulpregio of a subregio even before/after its membership is in force (a planned version)."""
    found = jeugdhulpregio_of(p, region_key)
    if found is None and p.label_of(region_key) == Label.SUBREGIO.value:
        found = next((dst for dst, _ in sorted(p.out_edges(region_key, RelType.IN_JEUGDHULPREGIO, all_time=True),
                                               key=lambda e: e[1].get("valid_from") or "", reverse=True)), None)
    return found


def meeting_region(p: Projection, meeting_key: str) -> str | None:
    regions = sorted(dst for dst, _ in p.out_edges(meeting_key, RelType.FOR_GEMEENTE, all_time=True))
    return regions[0] if regions else None


def meeting_info(p: Projection, meeting_key: str) -> MeetingInfo:
    n = require(p, Label.MEETING, meeting_key)
    region = meeting_region(p, meeting_key)
    return MeetingInfo(
        key=meeting_key, name=n.get("name") or None, kind=str(n.get("kind", "overig")),
        date=str(n.get("date", "")), start=n.get("start"), end=n.get("end"), place=n.get("place"),
        online=bool(n.get("online", False)), organiser=n.get("organiser"), status=str(n.get("status", "planned")),
        region=region, jeugdhulpregio=region_jeugdhulpregio(p, region) if region else None,
        programme=tuple(n.get("programme") or ()), co_designers=tuple(n.get("co_designers") or ()),
        initiative=n.get("initiative"), source_meeting=n.get("source_meeting"), frozen_on=n.get("frozen_on"),
        title=meeting_title(p, meeting_key, n),
    )


def require_meeting_region(p: Projection, region: str) -> Label:
    """The label of ``region`` when it is a Subregio or Jeugdhulpregio; NotFound/MeetingError otherwise."""
    node = p.node(region)
    if node is None:
        candidates = [(k, str(p.g.nodes[k].get("name", k))) for label in (Label.SUBREGIO, Label.JEUGDHULPREGIO)
                      for k in p.keys(label)]
        raise NotFound("subregio or jeugdhulpregio", region, suggest(region, candidates))
    if node["label"] not in (Label.SUBREGIO.value, Label.JEUGDHULPREGIO.value):
        raise MeetingError(msg("meeting.not_a_region", region=region, label=node["label"]))
    return Label(node["label"])
