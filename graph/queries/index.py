"""Precomputed lookup tables over the projection, kept per graph version and day.

After a write that touched only professionals, positions (not their role or organisation type) and
HOLDS relationships — confirming a contact, a new holder, someone going inactive — the holder tables
are updated for the touched keys (``_updated``) and the memoised counterpart answers of the gemeenten
outside the write's reach are kept (``_kept``). A write that changed only the own properties of
organisations (not their type), gemeenten or regions — a coordinator correcting an organisation's
phone number — leaves every table as it is and drops only the answers of the gemeenten it reaches.
So does someone starting to work at an organisation (WORKS_AT is no relationship the tables read).
Anything else (a tabled relationship of an organisation or region, a new key, an organisation type)
rebuilds the tables.

Counterpart lookups must take microseconds at national scale, so the graph walks (region chain of a
gemeente, positions covering a region per role and per organisation type, holders of a position)
happen once per graph version and day, not per request.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from graph.messages import MessageError
from graph.projection import Projection
from graph.queries.errors import NotFound, suggest
from graph.schema import Label, OrgType, RelType, is_active

__all__ = [
    "CONTACT_ROLES",
    "LEVEL_ORDER",
    "ContactIndex",
    "Holder",
    "NotFoundError",
    "QueryError",
    "active_professional",
    "contact_index",
    "name_of",
    "out_keys",
    "require",
    "served_by",
    "today_iso",
]


class QueryError(MessageError):
    """A query was asked with input it cannot answer; ``message`` (a ``Message``) names the problem."""


class NotFoundError(NotFound, QueryError):
    """An unknown key, with the nearest existing (key, name) pairs; the API reports it as NOT_FOUND."""

    def __init__(self, what: str, key: str, suggestions: list[tuple[str, str]] | None = None) -> None:
        NotFound.__init__(self, what, key, suggestions)
        self.what = what
        self.key = key


# Which positions are "the contact" of an organisation type (DOMAIN §2.3-2.4). A type missing here
# counts every position at such an organisation.
CONTACT_ROLES: dict[str, tuple[str, ...]] = {
    OrgType.LOKAAL_TEAM.value: ("lt_medewerker",),
    OrgType.GI.value: ("jeugdbeschermer",),
    OrgType.VEILIG_THUIS.value: ("vt_contactpersoon",),
    OrgType.RVDK.value: ("rvdk_contactpersoon",),
    OrgType.ZORGAANBIEDER.value: ("zorgaanbieder_contactpersoon",),
    OrgType.POLITIE.value: ("politie_contactpersoon",),
    OrgType.JEUGDHULPREGIO.value: ("regionale_contactpersoon",),
    OrgType.GEMEENTE.value: ("backoffice", "eerste_aanspreekpersoon", "aangewezen_functionaris"),
}

# Most specific first: a gemeente's own coverage beats its subregio's, and so on.
LEVEL_ORDER: tuple[str, ...] = (Label.GEMEENTE.value, Label.SUBREGIO.value, Label.JEUGDHULPREGIO.value,
                                Label.VEILIGHEIDSREGIO.value, Label.PROVINCIE.value)
_PRIORITY_ORDER = {"primary": 0, "backup": 1, "fallback": 2}


def out_keys(p: Projection, key: str, rel: RelType, day: str) -> list[str]:
    """Destinations of ``rel`` relationships from ``key`` active on ``day``: the projection's
    ``out_edges`` without its per-call view objects (index builds call this ~10^5 times)."""
    # ``_succ`` is networkx's own dict-of-dicts behind the ``succ`` view: plain dicts, no view objects.
    succ = p.g._succ.get(key)  # type: ignore[attr-defined]  # not in the networkx stubs
    if not succ:
        return []
    want = rel.value
    return [dst for dst, keyed in succ.items() for d in keyed.values()
            if d["type"] == want and is_active(d.get("valid_from"), d.get("valid_to"), day)]


def name_of(p: Projection, key: str) -> str:
    """The ``name`` of a node; its key when it has none or is not in the graph."""
    return str((p.node(key) or {}).get("name", key))


def today_iso() -> str:
    return dt.date.today().isoformat()


def active_professional(node: dict[str, Any] | None, day: str) -> bool:
    """Active on ``day``: not marked inactive, or marked inactive only from a later day (as-of views)."""
    if node is None:
        return False
    if node.get("active", True) is not False:
        return True
    since = node.get("inactive_since")
    return bool(since) and day < str(since)[:10]


@dataclass(frozen=True)
class Holder:
    professional: str
    priority: str
    rank: int


@dataclass
class ContactIndex:
    """Tables for one (projection version, day). Treat as read-only."""

    version: int
    day: str
    # gemeente → ((level label, (region keys...)), ...) most specific first
    chain: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)
    jeugdhulpregio_of: dict[str, str] = field(default_factory=dict)
    gemeenten_of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # any region → gemeenten in it
    by_type: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (org type, region) → positions
    by_role: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (role, region) → positions
    covers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # position → regions
    position_org: dict[str, str] = field(default_factory=dict)
    positions_at: dict[str, tuple[str, ...]] = field(default_factory=dict)  # organisation → positions
    holders: dict[str, tuple[Holder, ...]] = field(default_factory=dict)  # position → active holders, in order
    held_by: dict[str, tuple[str, ...]] = field(default_factory=dict)  # professional → positions
    kind: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # position → (role, org type)
    # organisation → its ``type`` property as built: by_type, kind and serves group by it
    org_types: dict[str, Any] = field(default_factory=dict)
    answers: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # memoised query answers
    # (region, organisation type) → its active SERVES relationships (organisation, attributes), filled on
    # first use; kept by ``_updated`` (the writes it handles change no organisation type or SERVES relationship):
    # a fresh answer would otherwise scan every relationship arriving at each region of the gemeente's chain
    serves: dict[tuple[str, str], tuple[tuple[str, dict[str, Any]], ...]] = field(default_factory=dict)
    _names: list[tuple[str, str]] | None = None

    def org_type_of(self, p: Projection, position: str) -> str | None:
        org = self.position_org.get(position)
        node = p.node(org) if org else None
        if node is not None and node.get("type"):
            return str(node["type"])
        pos = p.node(position)
        return None if pos is None else pos.get("org_type")


def _build(p: Projection, day: str) -> ContactIndex:
    idx = ContactIndex(version=p.version, day=day)
    for gm in p.keys(Label.GEMEENTE):
        subs = tuple(sorted(out_keys(p, gm, RelType.IN_SUBREGIO, day)))
        jzs = tuple(sorted(out_keys(p, gm, RelType.IN_JEUGDHULPREGIO, day)))
        vrs = tuple(sorted(out_keys(p, gm, RelType.IN_VEILIGHEIDSREGIO, day)))
        pvs = tuple(sorted(out_keys(p, gm, RelType.IN_PROVINCIE, day)))
        idx.chain[gm] = tuple((lvl, keys) for lvl, keys in zip(LEVEL_ORDER, ((gm,), subs, jzs, vrs, pvs),
                                                                  strict=True) if keys)
        if jzs:
            idx.jeugdhulpregio_of[gm] = jzs[0]
    members: dict[str, set[str]] = defaultdict(set)
    for gm, levels in idx.chain.items():
        for _, keys in levels:
            for k in keys:
                members[k].add(gm)
    idx.gemeenten_of = {k: tuple(sorted(v)) for k, v in members.items()}
    idx.org_types = {org: (p.node(org) or {}).get("type") for org in p.keys(Label.ORGANISATION)}

    by_type: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_role: dict[tuple[str, str], list[str]] = defaultdict(list)
    positions_at: dict[str, list[str]] = defaultdict(list)
    held_by: dict[str, list[str]] = defaultdict(list)
    for pos in p.keys(Label.POSITION):
        row = _position_row(p, idx, pos, day)
        if row.org is not None:
            idx.position_org[pos] = row.org
            positions_at[row.org].append(pos)
        idx.covers[pos] = row.regions
        for region in row.regions:
            by_role[(row.role, region)].append(pos)
            if row.org_type and row.is_contact:
                by_type[(row.org_type, region)].append(pos)
        idx.kind[pos] = (row.role, row.org_type)
        hs = _holders(p, pos, day)
        for h in hs:
            held_by[h.professional].append(pos)
        idx.holders[pos] = hs
    idx.by_type = {k: tuple(v) for k, v in by_type.items()}
    idx.by_role = {k: tuple(v) for k, v in by_role.items()}
    idx.positions_at = {k: tuple(v) for k, v in positions_at.items()}
    idx.held_by = {k: tuple(v) for k, v in held_by.items()}
    return idx


@dataclass(frozen=True)
class _PositionRow:
    """What the tables record of one position: its organisation, role, organisation type and regions."""

    org: str | None
    role: str
    org_type: str | None
    regions: tuple[str, ...]
    is_contact: bool  # a contact role of its organisation type: listed by type (by_type), not by role only


def _position_row(p: Projection, idx: ContactIndex, pos: str, day: str) -> _PositionRow:
    """The position's row as of ``day``; sets its organisation in ``idx.position_org`` (the organisation type
    is read through it)."""
    orgs = out_keys(p, pos, RelType.AT, day)
    if orgs:
        idx.position_org[pos] = orgs[0]
    else:
        idx.position_org.pop(pos, None)
    org_type = idx.org_type_of(p, pos)
    role = str((p.node(pos) or {}).get("role", ""))
    return _PositionRow(orgs[0] if orgs else None, role, org_type, tuple(sorted(out_keys(p, pos, RelType.COVERS, day))),
                        _contact_role(role, org_type))


def _contact_role(role: str, org_type: str | None) -> bool:
    """Whether ``role`` is a contact role of the organisation type (every role is, for a type without a list)."""
    contact_roles = CONTACT_ROLES.get(org_type or "")
    return contact_roles is None or role in contact_roles


def _moved(table: dict[Any, tuple[str, ...]], pos: str, old: Iterable[Any], new: Iterable[Any]) -> None:
    """``pos`` taken out of the entries ``old`` and put into ``new``, in key order as ``_build`` lists them;
    an entry left empty is dropped, as ``_build`` never makes one."""
    for k in old:
        left = tuple(x for x in table.get(k, ()) if x != pos)
        if left:
            table[k] = left
        else:
            table.pop(k, None)
    for k in new:
        table[k] = tuple(sorted({*table.get(k, ()), pos}))


def _retabled(p: Projection, idx: ContactIndex, positions: set[str], new_orgs: dict[str, Any]) -> ContactIndex:
    """A copy of ``idx`` whose position tables hold the current organisation, role, organisation type and
    regions of ``positions`` (new, moved to another organisation or region, or a role changed) and which
    knows the organisations ``new_orgs`` (key → type); the region tables are shared."""
    out = replace(idx, position_org=dict(idx.position_org), positions_at=dict(idx.positions_at),
                  covers=dict(idx.covers), kind=dict(idx.kind), by_type=dict(idx.by_type),
                  by_role=dict(idx.by_role), org_types={**idx.org_types, **new_orgs})
    for pos in sorted(positions):
        old_org = idx.position_org.get(pos)
        old_role, old_type = idx.kind.get(pos, ("", None))
        old_regions = idx.covers.get(pos, ())
        old_contact = bool(old_type) and _contact_role(old_role, old_type)
        row = _position_row(p, out, pos, idx.day)
        _moved(out.positions_at, pos, [old_org] if old_org else [], [row.org] if row.org else [])
        _moved(out.by_role, pos, [(old_role, r) for r in old_regions], [(row.role, r) for r in row.regions])
        _moved(out.by_type, pos, [(old_type, r) for r in old_regions] if old_contact else [],
               [(row.org_type, r) for r in row.regions] if row.org_type and row.is_contact else [])
        out.covers[pos] = row.regions
        out.kind[pos] = (row.role, row.org_type)
    return out


def served_by(p: Projection, idx: ContactIndex, region: str, org_type: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    """(organisation, attributes) of the SERVES relationships arriving at ``region`` on ``idx.day`` from
    organisations of ``org_type``."""
    found = idx.serves.get((region, org_type))
    if found is None:  # one scan of the region's relationships fills every organisation type at once
        groups: dict[str, list[tuple[str, dict[str, Any]]]] = {t.value: [] for t in OrgType}
        groups.setdefault(org_type, [])
        for org, d in p.in_edges(region, RelType.SERVES, on=idx.day):
            groups.setdefault(str((p.node(org) or {}).get("type")), []).append((org, d))
        for t, served in groups.items():
            idx.serves.setdefault((region, t), tuple(served))
        found = idx.serves[(region, org_type)]
    return found


def _holders(p: Projection, pos: str, day: str) -> tuple[Holder, ...]:
    hs = [Holder(prof, str(d.get("priority", "primary")), int(d.get("rank", 1) or 1))
          for prof, d in p.in_edges(pos, RelType.HOLDS, on=day) if active_professional(p.node(prof), day)]
    hs.sort(key=lambda h: (_PRIORITY_ORDER.get(h.priority, 3), h.rank, h.professional))
    return tuple(hs)


# Relationships the tables are built from (``serves`` included); a write of any other kind from or to an
# organisation or region — someone starting to work at an organisation (WORKS_AT), PART_OF — leaves them.
_TABLED = frozenset({RelType.IN_SUBREGIO.value, RelType.IN_JEUGDHULPREGIO.value, RelType.IN_VEILIGHEIDSREGIO.value,
                     RelType.IN_PROVINCIE.value, RelType.AT.value, RelType.COVERS.value, RelType.HOLDS.value,
                     RelType.SERVES.value, ""})  # "": a key created or relabelled
# Labels whose own properties no table reads: the chain and region tables follow their relationships only.
_PROPERTY_FREE = frozenset({Label.GEMEENTE.value, Label.SUBREGIO.value, Label.JEUGDHULPREGIO.value,
                            Label.VEILIGHEIDSREGIO.value, Label.PROVINCIE.value})
# Labels no table reads at all (a case registered, a meeting planned, a body's members): the tables stand; the
# memoised answers go, as their reach is not tracked (an answer with a caseRef reads the case).
_UNTABLED = frozenset({Label.CASE.value, Label.MEETING.value, Label.BODY.value})


def _updated(p: Projection, idx: ContactIndex) -> ContactIndex | None:
    """``idx`` brought to ``p.version`` by redoing only what the touched keys hold — holder tables, the rows of
    new, moved or re-roled positions, new organisations, the SERVES entries of regions served anew or no
    longer — or ``None`` when the writes since reach further (then the caller rebuilds)."""
    # The version read first: a write landing meanwhile is in what is read below or makes the result older
    # than ``p.version`` (updated again on the next lookup), never counted as seen when it was not.
    version = p.version
    keys, gemeenten = p.changed_since(idx.version)
    if keys is None:
        return None
    linked = p.linked_since(idx.version)
    if linked is None:
        return None
    positions: set[str] = set()
    professionals: set[str] = set()
    retable: set[str] = set()  # positions whose row moves in the coverage tables
    new_orgs: dict[str, Any] = {}
    serving: set[str] = set()  # regions with SERVES relationships written: their entries in ``serves`` go
    for key in keys:
        label = p.label_of(key)
        tabled = linked.get(key, frozenset()) & _TABLED
        if label == Label.POSITION.value:
            attrs = p.node(key) or {}
            # A new position, one at another organisation or covering other regions, or one whose role or
            # organisation type changed: its row moves in the coverage tables.
            if tabled - {RelType.HOLDS.value} or idx.kind.get(key) != (str(attrs.get("role", "")),
                                                                        idx.org_type_of(p, key)):
                retable.add(key)
            positions.add(key)
        elif label == Label.PROFESSIONAL.value:
            professionals.add(key)
        elif label == Label.ORGANISATION.value:
            # Positions arriving or leaving (AT) move with their own rows, regions served or no longer (SERVES)
            # drop their entries (below, from the region's side); the tables group by the type: a new type rebuilds.
            typ = (p.node(key) or {}).get("type")
            if not tabled <= {RelType.AT.value, RelType.SERVES.value, ""}:
                return None
            if key in idx.org_types and "" not in tabled:
                if idx.org_types[key] != typ:
                    return None
            elif not _in_tables(idx, key):
                new_orgs[key] = typ  # a new organisation
            else:
                return None  # relabelled
        elif label in _PROPERTY_FREE:
            # Positions covering it or no longer (COVERS) move with their own rows; organisations serving it or
            # no longer (SERVES) are looked up again on use; its memberships are the chain: a rebuild.
            if not tabled <= {RelType.COVERS.value, RelType.SERVES.value}:
                return None
            if RelType.SERVES.value in tabled:
                serving.add(key)
        elif label in _UNTABLED:
            if not tabled <= {""} or _in_tables(idx, key):
                return None  # a tabled relationship, or a key the tables hold that became one of these
        else:  # other labels, deleted keys: not a change these tables survive
            return None
    # The HOLDS edges of each touched key, over all days: the old and the new holders alike.
    for prof in professionals:
        positions.update(dst for dst, _ in p.out_edges(prof, RelType.HOLDS, all_time=True)
                         if p.label_of(dst) == Label.POSITION.value)
    if retable or new_orgs:
        idx = _retabled(p, idx, retable, new_orgs)
    if serving:
        idx = replace(idx, serves={k: v for k, v in idx.serves.items() if k[0] not in serving})
    for pos in positions:
        professionals.update(src for src, _ in p.in_edges(pos, RelType.HOLDS, all_time=True))
    # Shared, not copied, when no holder changed (an organisation or region edit): 10^5 entries nationally.
    holders = dict(idx.holders) if positions else idx.holders
    for pos in positions:
        holders[pos] = _holders(p, pos, idx.day)
    held_by = dict(idx.held_by) if professionals else idx.held_by
    for prof in professionals:
        held_by.pop(prof, None)
        held = [pos for pos, _ in p.out_edges(prof, RelType.HOLDS, all_time=True)]
        mine = tuple(pos for pos in sorted(set(held)) for h in holders.get(pos, ()) if h.professional == prof)
        if mine:
            held_by[prof] = mine
    return replace(idx, version=version, holders=holders, held_by=held_by, answers=_kept(idx.answers, gemeenten),
                   _names=None)


def _in_tables(idx: ContactIndex, key: str) -> bool:
    return (key in idx.kind or key in idx.org_types or key in idx.positions_at or key in idx.chain
            or key in idx.gemeenten_of or key in idx.held_by)


# Memoised answers whose key is (kind, gemeente, ...) and which read only what ``Projection.changed_since``
# attributes to that gemeente (its coverage chain, the holders there, its jeugdhulpregio's fallback).
_PER_GEMEENTE = frozenset({"counterparts"})


def _kept(answers: dict[tuple[Any, ...], Any], changed: frozenset[str] | None) -> dict[tuple[Any, ...], Any]:
    """The memoised answers a write whose reach is ``changed`` (gemeenten; ``None``: unknown) cannot have
    changed: a confirmed contact in JZ28 leaves every other region's answers memoised. Anything not tied to
    one gemeente is dropped."""
    if changed is None:
        return {}
    return {k: v for k, v in answers.items() if k[0] in _PER_GEMEENTE and k[1] not in changed}


_CACHE: weakref.WeakKeyDictionary[Projection, dict[str, ContactIndex]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def contact_index(p: Projection, on: str | None = None) -> ContactIndex:
    """The index for ``p`` as of day ``on`` (default today); rebuilt only when the graph version changed."""
    day = on or today_iso()
    per_day = _CACHE.get(p)
    if per_day is not None:
        idx = per_day.get(day)
        if idx is not None and idx.version == p.version:
            return idx
    with _LOCK:
        per_day = _CACHE.setdefault(p, {})
        idx = per_day.get(day)
        if idx is None or idx.version != p.version:
            idx = (_updated(p, idx) if idx is not None else None) or _build(p, day)
            if len(per_day) > 8:  # a handful of as-of days at most; today is the common one
                per_day.clear()
            per_day[day] = idx
        return idx


def _suggest(p: Projection, label: Label, key: str) -> list[tuple[str, str]]:
    return suggest(key, ((k, str((p.node(k) or {}).get("name", k))) for k in p.keys(label)), limit=3, cutoff=70)


def require(p: Projection, key: str, label: Label) -> dict[str, Any]:
    """The node ``key`` of ``label``, or a ``NotFoundError`` suggesting close keys/names."""
    node = p.node(key)
    if node is None or node.get("label") != label.value:
        raise NotFoundError(label.value.lower(), key, _suggest(p, label, key))
    return node
