"""Region lookups over the projection: which regions a gemeente is in, what serves it, who is in a region.

Plain functions over ``Projection``; ``on`` is an ISO date (default today) choosing which
relationships count. Unknown codes raise ``NotFound`` with the nearest existing code as suggestion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.projection import Projection
from graph.queries.errors import NotFound, suggest
from graph.queries.herindeling import gemeente_active
from graph.schema import Label, RelType

__all__ = [
    "KIND_NAMES",
    "Pairing",
    "RegionPath",
    "ServingOrg",
    "centrale_gemeente",
    "contactbeheer_responsible",
    "containing_regions",
    "filter_gemeenten",
    "gemeenten_in",
    "jeugdhulpregio_of",
    "organisations_serving",
    "regions_of",
    "require",
    "subregios_of",
    "veiligheidsregio_of",
    "voorgangers_of",
]

# The word a user reads in an error ("no gemeente GM9999").
KIND_NAMES: dict[Label, str] = {
    Label.GEMEENTE: "gemeente", Label.PROVINCIE: "provincie", Label.JEUGDHULPREGIO: "jeugdhulpregio",
    Label.VEILIGHEIDSREGIO: "veiligheidsregio", Label.SUBREGIO: "subregio", Label.ORGANISATION: "organisation",
    Label.PROFESSIONAL: "professional", Label.POSITION: "position", Label.BODY: "body",
    Label.MEETING: "meeting", Label.CASE: "case",
}

# How specific a region level is: lower = more specific (most-specific-wins ordering).
_LEVEL = {Label.GEMEENTE.value: 0, Label.SUBREGIO.value: 1, Label.JEUGDHULPREGIO.value: 2,
          Label.VEILIGHEIDSREGIO.value: 3, Label.PROVINCIE.value: 4}


def require(p: Projection, label: Label, code: str) -> dict[str, Any]:
    """The node ``code`` of ``label``, or ``NotFound`` naming the nearest code/name of that label."""
    node = p.node(code)
    if node is not None and node["label"] == label.value:
        return node
    candidates = ((k, str(p.g.nodes[k].get("name", k))) for k in p.keys(label))
    raise NotFound(KIND_NAMES[label], code, suggest(code, candidates))


def _one(p: Projection, key: str, rel: RelType, label: Label, on: str | None) -> str | None:
    # Most data has one active membership; with several (a transition day), the smallest key is stable.
    keys = sorted(dst for dst, _ in p.out_edges(key, rel, on=on) if p.label_of(dst) == label.value)
    return keys[0] if keys else None


@dataclass(frozen=True)
class RegionPath:
    """The regions a gemeente belongs to on a day."""

    gemeente: str
    provincie: str | None
    jeugdhulpregio: str | None
    veiligheidsregio: str | None
    subregios: tuple[str, ...]


def regions_of(p: Projection, gemeente_code: str, on: str | None = None) -> RegionPath:
    require(p, Label.GEMEENTE, gemeente_code)
    subs = tuple(sorted(dst for dst, _ in p.out_edges(gemeente_code, RelType.IN_SUBREGIO, on=on)))
    return RegionPath(
        gemeente=gemeente_code,
        provincie=_one(p, gemeente_code, RelType.IN_PROVINCIE, Label.PROVINCIE, on),
        jeugdhulpregio=_one(p, gemeente_code, RelType.IN_JEUGDHULPREGIO, Label.JEUGDHULPREGIO, on),
        veiligheidsregio=_one(p, gemeente_code, RelType.IN_VEILIGHEIDSREGIO, Label.VEILIGHEIDSREGIO, on),
        subregios=subs,
    )


def jeugdhulpregio_of(p: Projection, region_code: str, on: str | None = None) -> str | None:
    """The jeugdhulpregio a gemeente/subregio lies in (itself for a jeugdhulpregio); None for wider regions."""
    label = p.label_of(region_code)
    if label == Label.JEUGDHULPREGIO.value:
        return region_code
    if label in (Label.GEMEENTE.value, Label.SUBREGIO.value):
        return _one(p, region_code, RelType.IN_JEUGDHULPREGIO, Label.JEUGDHULPREGIO, on)
    return None


def veiligheidsregio_of(p: Projection, region_code: str, on: str | None = None) -> str | None:
    return _one(p, region_code, RelType.IN_VEILIGHEIDSREGIO, Label.VEILIGHEIDSREGIO, on)


def containing_regions(p: Projection, region_code: str, on: str | None = None) -> list[tuple[str, str]]:
    """``region_code`` and every region containing it as (key, label), most specific first."""
    seen: dict[str, str] = {}
    frontier = [region_code]
    while frontier:
        key = frontier.pop()
        label = p.label_of(key)
        if label is None or key in seen:
            continue
        seen[key] = label
        for rel in (RelType.IN_SUBREGIO, RelType.IN_JEUGDHULPREGIO, RelType.IN_VEILIGHEIDSREGIO,
                    RelType.IN_PROVINCIE):
            frontier.extend(dst for dst, _ in p.out_edges(key, rel, on=on))
    return sorted(seen.items(), key=lambda kv: (_LEVEL.get(kv[1], 9), kv[0]))


@dataclass(frozen=True)
class ServingOrg:
    """An organisation serving a gemeente, and the region (and its level) the SERVES relation points at."""

    organisation: str
    via: str
    level: str  # the label of ``via``: Gemeente, Subregio, Jeugdhulpregio, Veiligheidsregio, Provincie


def organisations_serving(p: Projection, gemeente_code: str, on: str | None = None) -> list[ServingOrg]:
    """Organisations serving the gemeente directly or through a region containing it; most specific first."""
    require(p, Label.GEMEENTE, gemeente_code)
    out: dict[str, ServingOrg] = {}
    for region, label in containing_regions(p, gemeente_code, on):
        for org, _ in sorted(p.in_edges(region, RelType.SERVES, on=on)):
            out.setdefault(org, ServingOrg(org, region, label))
    return list(out.values())


def gemeenten_in(p: Projection, region_code: str, on: str | None = None) -> list[str]:
    """Gemeente codes in a provincie, jeugdhulpregio, veiligheidsregio or subregio, sorted."""
    if p.label_of(region_code) == Label.GEMEENTE.value:
        return [region_code]
    found = {src for src, d in p.in_edges(region_code, on=on)
             if d["type"].startswith("IN_") and p.label_of(src) == Label.GEMEENTE.value}
    return sorted(found)


def filter_gemeenten(p: Projection, *, provincie: str | None = None, jeugdhulpregio: str | None = None,
                     veiligheidsregio: str | None = None, name_contains: str | None = None,
                     on: str | None = None) -> list[str]:
    """Gemeente codes that exist on ``on`` (see herindeling) and match every given filter, sorted by code.
    Unknown region codes raise NotFound."""
    day = on or dt.date.today().isoformat()
    keys = [k for k in p.keys(Label.GEMEENTE) if gemeente_active(p.g.nodes[k], day)]
    for label, code in ((Label.PROVINCIE, provincie), (Label.JEUGDHULPREGIO, jeugdhulpregio),
                        (Label.VEILIGHEIDSREGIO, veiligheidsregio)):
        if code is not None:
            require(p, label, code)
            members = set(gemeenten_in(p, code, on))
            keys = [k for k in keys if k in members]
    if name_contains:
        needle = name_contains.casefold()
        keys = [k for k in keys if needle in str(p.g.nodes[k].get("name", "")).casefold()]
    return keys


def subregios_of(p: Projection, jeugdhulpregio_code: str, on: str | None = None) -> list[str]:
    return sorted(src for src, _ in p.in_edges(jeugdhulpregio_code, RelType.IN_JEUGDHULPREGIO, on=on)
                  if p.label_of(src) == Label.SUBREGIO.value)


@dataclass(frozen=True)
class Pairing:
    """A stated or inferred pairing of a jeugdhulpregio with a gemeente/organisation."""

    key: str
    inferred: bool


def centrale_gemeente(p: Projection, jeugdhulpregio_code: str, on: str | None = None) -> Pairing | None:
    edges = sorted(p.out_edges(jeugdhulpregio_code, RelType.CENTRALE_GEMEENTE, on=on), key=lambda e: e[0])
    return Pairing(edges[0][0], bool(edges[0][1].get("inferred"))) if edges else None


def contactbeheer_responsible(p: Projection, jeugdhulpregio_code: str, on: str | None = None) -> Pairing | None:
    edges = sorted(p.in_edges(jeugdhulpregio_code, RelType.RESPONSIBLE_FOR_CONTACTBEHEER, on=on),
                   key=lambda e: e[0])
    return Pairing(edges[0][0], bool(edges[0][1].get("inferred"))) if edges else None


def voorgangers_of(p: Projection, gemeente_code: str) -> list[str]:
    """The gemeenten that a herindeling merged into ``gemeente_code`` (their ``opgegaan_in``), sorted."""
    return sorted(src for src in p.keys(Label.GEMEENTE) if p.g.nodes[src].get("opgegaan_in") == gemeente_code)
