"""Gemeentelijke herindeling as dated changes: a new CBS division applied on a day, nothing deleted.

``plan_division(store, rows, on)`` compares a CBS-style division (the columns of
``data/gemeenten_regios.csv``, plus an optional ``voorgangers`` column) with the current one and
returns a ``Plan``: gemeenten that end on ``on`` (kept, with ``valid_to`` and ``opgegaan_in``),
gemeenten that start on ``on`` with their memberships, memberships that move (closed and reopened)
and every coverage that carries over from an old gemeente to its successor (positions' and bodies'
``COVERS``, organisations' ``SERVES``, ``IN_SUBREGIO``, ``CENTRALE_GEMEENTE``). ``plan.batch`` is
one ``ChangeBatch``: applying it is one transaction in either store. Bad input raises
``DivisionError`` with every problem as a code + params naming the row; nothing is written.

``succession(p, code, on)`` answers lookups of an old code ("opgegaan in … per …") and
``ensure_current`` turns such a lookup into a ``GemeenteOpgegaan`` answer for the API.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.messages import Message, msg
from graph.projection import Projection
from graph.queries.errors import NotFound
from graph.schema import Edge, Label, Node, RelType, edge_key
from graph.store.base import ChangeBatch, EdgeClose, GraphStore

__all__ = [
    "CARRIED_TYPES",
    "DIVISION_COLUMNS",
    "CarryOver",
    "DivisionError",
    "Ending",
    "GemeenteNogNiet",
    "GemeenteOpgegaan",
    "Move",
    "NewRegion",
    "Plan",
    "Problem",
    "Rename",
    "Start",
    "Succession",
    "apply_division",
    "ended_gemeenten",
    "ensure_current",
    "gemeente_active",
    "keep_closed_after_herindeling",
    "plan_division",
    "read_division",
    "succession",
]

# The columns of the shipped data/gemeenten_regios.csv (CBS 86247NED) and the optional successor column.
DIVISION_COLUMNS: tuple[str, ...] = (
    "gemeente_code", "gemeente_naam", "provincie_code", "provincie_naam", "jeugdregio_code", "jeugdregio_naam",
    "veiligheidsregio_code", "veiligheidsregio_naam", "veilig_thuis_regio_code", "veilig_thuis_regio_naam",
    "ggd_regio_code", "ggd_regio_naam", "zorgkantoorregio_code", "zorgkantoorregio_naam", "arrondissement_code",
    "arrondissement_naam", "jaar", "peildatum", "cbs_tabel",
)
VOORGANGERS = "voorgangers"
# What jbnet stores of a row; the other CBS columns are accepted and not used.
_REQUIRED = DIVISION_COLUMNS[:8]

# Region type of a membership: (relationship, region label, code column, name column, code pattern).
_REGION_TYPES: tuple[tuple[RelType, Label, str, str, str], ...] = (
    (RelType.IN_PROVINCIE, Label.PROVINCIE, "provincie_code", "provincie_naam", r"PV\d\d"),
    (RelType.IN_JEUGDHULPREGIO, Label.JEUGDHULPREGIO, "jeugdregio_code", "jeugdregio_naam", r"JZ\d\d"),
    (RelType.IN_VEILIGHEIDSREGIO, Label.VEILIGHEIDSREGIO, "veiligheidsregio_code", "veiligheidsregio_naam",
     r"VR\d\d"),
)
_GEMEENTE_CODE = re.compile(r"GM\d{4}")

# Relationships that follow a gemeente to its successor: (type, True when the gemeente is the destination).
CARRIED_TYPES: tuple[tuple[RelType, bool], ...] = (
    (RelType.COVERS, True), (RelType.SERVES, True), (RelType.CENTRALE_GEMEENTE, True), (RelType.IN_SUBREGIO, False),
)


# --------------------------------------------------------------------------- input
@dataclass(frozen=True)
class Problem:
    """One reason the division was refused: a message code and its parameters (``row`` = file line)."""

    code: str
    params: dict[str, Any]
    row: int | None = None

    @property
    def message(self) -> Message:
        return msg(self.code, **self.params)


class DivisionError(ValueError):
    """The division cannot be applied; ``problems`` say why, each naming its row. Nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.code} {p.params}" for p in self.problems))


@dataclass(frozen=True)
class DivisionRow:
    line: int  # line in the file (the header is line 1)
    code: str
    name: str
    regions: dict[RelType, tuple[str, str]]  # membership → (region code, region name)
    voorgangers: tuple[str, ...]


def read_division(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CBS-style CSV (UTF-8, with or without BOM; comma or semicolon separated).

    A file that is not UTF-8 text or not CSV raises ``DivisionError`` (``herindeling.unreadable``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DivisionError([Problem("herindeling.unreadable", {"reason": f"not UTF-8 (byte {exc.start})"})]) from None
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:  # one column, or no header at all: the column checks will say what is wrong
        dialect = csv.excel
    try:
        reader = csv.DictReader(text.splitlines(), dialect=dialect)
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        return header, [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader]
    except csv.Error as exc:
        raise DivisionError([Problem("herindeling.unreadable", {"reason": str(exc)})]) from None


def _parse_rows(header: Sequence[str], rows: Iterable[Mapping[str, str]]) -> tuple[list[DivisionRow], list[Problem]]:
    problems: list[Problem] = []
    known = set(DIVISION_COLUMNS) | {VOORGANGERS}
    for col in header:
        if col not in known:
            problems.append(Problem("herindeling.unknown_column", {"column": col, "known": [*DIVISION_COLUMNS,
                                                                                               VOORGANGERS]}, 1))
    for col in _REQUIRED:
        if col not in header:
            problems.append(Problem("herindeling.missing_column", {"column": col}, 1))
    if problems:
        return [], problems
    out: list[DivisionRow] = []
    for line, r in enumerate(rows, start=2):
        code = r.get("gemeente_code", "").upper()
        if not _GEMEENTE_CODE.fullmatch(code):
            problems.append(Problem("herindeling.bad_code", {"column": "gemeente_code", "value": code,
                                                              "gemeente": code}, line))
            continue
        if not r.get("gemeente_naam"):
            problems.append(Problem("herindeling.missing_value", {"column": "gemeente_naam", "gemeente": code}, line))
        regions: dict[RelType, tuple[str, str]] = {}
        for rel, _label, code_col, name_col, pattern in _REGION_TYPES:
            value = r.get(code_col, "").upper()
            if not re.fullmatch(pattern, value):
                problems.append(Problem("herindeling.bad_code", {"column": code_col, "value": value,
                                                                  "gemeente": code}, line))
                continue
            regions[rel] = (value, r.get(name_col, "") or value)
        before = tuple(dict.fromkeys(v.strip().upper() for v in r.get(VOORGANGERS, "").split(";") if v.strip()))
        for v in before:
            if not _GEMEENTE_CODE.fullmatch(v):
                problems.append(Problem("herindeling.bad_code", {"column": VOORGANGERS, "value": v,
                                                                  "gemeente": code}, line))
        out.append(DivisionRow(line, code, r.get("gemeente_naam", ""), regions, before))
    if not out and not problems:
        problems.append(Problem("herindeling.empty_file", {}, None))
    return out, problems


# --------------------------------------------------------------------------- the plan
@dataclass(frozen=True)
class Ending:
    gemeente: str
    name: str
    successor: str
    successor_name: str
    by: str  # "voorgangers" (named in the file) or "jeugdhulpregio" (the one new gemeente of its region)


@dataclass(frozen=True)
class Start:
    gemeente: str
    name: str
    row: int
    regions: tuple[tuple[str, str], ...]  # (relationship type, region code)
    voorgangers: tuple[str, ...]


@dataclass(frozen=True)
class Move:
    gemeente: str
    name: str
    row: int
    relationship: str
    old: str
    new: str


@dataclass(frozen=True)
class Rename:
    gemeente: str
    old_name: str
    new_name: str
    row: int


@dataclass(frozen=True)
class NewRegion:
    code: str
    label: str
    name: str
    row: int


@dataclass(frozen=True)
class CarryOver:
    relationship: str
    other: str  # the position, body, organisation, subregio or jeugdhulpregio at the other end
    other_label: str
    other_name: str
    old: str
    new: str
    merged: bool  # the successor already had this relationship: the old one just ends


@dataclass
class Plan:
    on: str
    endings: list[Ending] = field(default_factory=list)
    starts: list[Start] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    renames: list[Rename] = field(default_factory=list)
    new_regions: list[NewRegion] = field(default_factory=list)
    carries: list[CarryOver] = field(default_factory=list)
    batch: ChangeBatch = field(default_factory=ChangeBatch)
    current: int = 0  # gemeenten in the current division
    after: int = 0  # gemeenten in the applied division
    region_counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # changed: code → (before, after)
    warnings: list[Problem] = field(default_factory=list)  # applied as planned, but worth a coordinator's look

    @property
    def empty(self) -> bool:
        return not len(self.batch)


@dataclass
class _Current:
    """The current division read from the store: open memberships of gemeenten that have not ended."""

    nodes: dict[str, Node]  # every region and gemeente node by key
    regions: dict[str, dict[RelType, list[Edge]]]  # gemeente → membership type → open edges
    carried: dict[str, list[tuple[Edge, bool]]]  # gemeente → edges that follow it (edge, gemeente is dst)
    keys: set[str]  # every key of the relationship types read (for fresh keys)
    latest: str | None  # the latest dated change of the division
    active_pairs: dict[tuple[str, str, str], Edge]  # (type, src, dst) → relationship open on or after the day


def _read_current(store: GraphStore, on: str) -> _Current:
    nodes: dict[str, Node] = {}
    for label in (Label.GEMEENTE, Label.PROVINCIE, Label.JEUGDHULPREGIO, Label.VEILIGHEIDSREGIO):
        nodes.update((n.key, n) for n in store.nodes(label))
    latest: str | None = None

    def later(day: str | None) -> None:
        nonlocal latest
        if day and (latest is None or day > latest):
            latest = day

    for n in nodes.values():
        if n.label is Label.GEMEENTE:
            later(n.props.get("valid_from"))
            later(n.props.get("valid_to"))
    regions: dict[str, dict[RelType, list[Edge]]] = defaultdict(lambda: defaultdict(list))
    keys: set[str] = set()
    for rel, _label, *_ in _REGION_TYPES:
        for e in store.edges(rel):
            keys.add(e.key)
            if e.src_label is not Label.GEMEENTE:
                continue
            later(e.valid_from)
            later(e.valid_to)
            if e.valid_to is None:
                regions[e.src][rel].append(e)
    carried: dict[str, list[tuple[Edge, bool]]] = defaultdict(list)
    pairs: dict[tuple[str, str, str], Edge] = {}
    for rel, into in CARRIED_TYPES:
        for e in store.edges(rel):
            keys.add(e.key)
            gm = e.dst if into else e.src
            if (e.dst_label if into else e.src_label) is not Label.GEMEENTE:
                continue
            if e.valid_to is None or e.valid_to > on:
                carried[gm].append((e, into))
                pairs[(e.type.value, e.src, e.dst)] = e
    return _Current(nodes, regions, carried, keys, latest, pairs)


def _fresh_key(rel: RelType, src: str, dst: str, on: str, taken: set[str]) -> str:
    key = edge_key(rel, src, dst)
    if key in taken:
        key = edge_key(rel, src, dst, f"herindeling-{on}")
    taken.add(key)
    return key


def plan_division(store: GraphStore, header: Sequence[str], rows: Iterable[Mapping[str, str]], on: str) -> Plan:
    """The dated changes that turn the current division into the given one on ``on`` (ISO date).

    Raises ``DivisionError`` with every problem found; reads only, writes nothing.
    """
    try:
        on = dt.date.fromisoformat(on).isoformat()
    except ValueError:
        raise DivisionError([Problem("herindeling.bad_date", {"value": on})]) from None
    parsed, problems = _parse_rows(header, rows)
    if problems:
        raise DivisionError(problems)
    cur = _read_current(store, on)
    if cur.latest is not None and on < cur.latest:
        raise DivisionError([Problem("herindeling.date_before_changes", {"on": on, "latest": cur.latest})])

    # One row per gemeente; a code twice is only allowed when both rows say the same.
    by_code: dict[str, DivisionRow] = {}
    for row in parsed:
        first = by_code.get(row.code)
        if first is None:
            by_code[row.code] = row
            continue
        for rel, label, *_ in _REGION_TYPES:
            if rel in first.regions and rel in row.regions and first.regions[rel][0] != row.regions[rel][0]:
                problems.append(Problem("herindeling.two_regions", {
                    "gemeente": row.code, "region_type": label.value, "regions": [first.regions[rel][0],
                                                                                  row.regions[rel][0]],
                    "rows": [first.line, row.line]}, row.line))
        if first.voorgangers != row.voorgangers and row.voorgangers:
            problems.append(Problem("herindeling.duplicate_row", {"gemeente": row.code, "rows": [first.line, row.line]},
                                    row.line))
    # A region code must keep its kind (a JZ code that is a Gemeente elsewhere is a typo).
    for row in by_code.values():
        for rel, label, *_ in _REGION_TYPES:
            code = row.regions[rel][0]
            node = cur.nodes.get(code)
            if node is not None and node.label is not label:
                problems.append(Problem("herindeling.region_kind", {"code": code, "label": node.label.value,
                                                                     "expected": label.value}, row.line))
    current = {k for k, n in cur.nodes.items()
               if n.label is Label.GEMEENTE and not n.props.get("valid_to") and cur.regions.get(k)}
    ending = sorted(current - set(by_code))
    starting = sorted(set(by_code) - current)
    for code in starting:
        node = cur.nodes.get(code)
        if node is not None and node.label is Label.GEMEENTE and node.props.get("valid_to"):
            problems.append(Problem("herindeling.code_reused", {"gemeente": code, "ended": node.props["valid_to"]},
                                    by_code[code].line))

    # Successors: named in `voorgangers`, else the one new gemeente of the old one's jeugdhulpregio.
    successor: dict[str, tuple[str, str]] = {}
    for row in by_code.values():
        for v in row.voorgangers:
            if v == row.code:
                continue
            if v in successor and successor[v][0] != row.code:
                problems.append(Problem("herindeling.voorganger_twice", {
                    "voorganger": v, "gemeenten": [successor[v][0], row.code]}, row.line))
            elif v not in current:
                node = cur.nodes.get(v)
                problems.append(Problem("herindeling.unknown_voorganger" if node is None or node.label is not
                                        Label.GEMEENTE else "herindeling.voorganger_not_current",
                                        {"voorganger": v, "gemeente": row.code}, row.line))
            elif v in by_code:
                problems.append(Problem("herindeling.voorganger_continues", {
                    "voorganger": v, "gemeente": row.code, "voorganger_row": by_code[v].line}, row.line))
            else:
                successor[v] = (row.code, "voorgangers")
    new_per_jz: dict[str, list[str]] = defaultdict(list)
    for code in starting:
        new_per_jz[by_code[code].regions[RelType.IN_JEUGDHULPREGIO][0]].append(code)
    for old in ending:
        if old in successor:
            continue
        jz_edges = cur.regions[old].get(RelType.IN_JEUGDHULPREGIO, [])
        jz = jz_edges[0].dst if jz_edges else None
        candidates = new_per_jz.get(jz or "", [])
        params = {"gemeente": old, "name": cur.nodes[old].name, "jeugdhulpregio": jz, "candidates": candidates}
        if len(candidates) == 1:
            successor[old] = (candidates[0], "jeugdhulpregio")
        else:
            problems.append(Problem("herindeling.no_successor" if not candidates else "herindeling.ambiguous_successor",
                                    params, None))
    if problems:
        raise DivisionError(problems)
    return _build(cur, by_code, current, ending, starting, successor, on)


def _build(cur: _Current, by_code: dict[str, DivisionRow], current: set[str], ending: list[str],
           starting: list[str], successor: dict[str, tuple[str, str]], on: str) -> Plan:
    plan = Plan(on=on, current=len(current), after=len(by_code))
    batch = plan.batch
    taken = set(cur.keys)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for code in current:
        for edges in cur.regions[code].values():
            for e in edges:
                counts[e.dst][0] += 1
    for row in by_code.values():
        for region, _name in row.regions.values():
            counts[region][1] += 1

    # Regions the division names that the graph does not have yet.
    seen_regions: set[str] = set()
    for row in sorted(by_code.values(), key=lambda r: r.line):
        for rel, label, *_ in _REGION_TYPES:
            code, name = row.regions[rel]
            if code not in cur.nodes and code not in seen_regions:
                seen_regions.add(code)
                plan.new_regions.append(NewRegion(code, label.value, name, row.line))
                batch.nodes.append(Node(label=label, key=code, props={"name": name, "valid_from": on}))

    label_of = {rel: label for rel, label, *_ in _REGION_TYPES}
    for code in starting:
        row = by_code[code]
        before = tuple(sorted(old for old, (new, _) in successor.items() if new == code))
        props: dict[str, Any] = {"name": row.name, "valid_from": on}
        points = [cur.nodes[o].props for o in before if "lat" in cur.nodes[o].props]
        if points:  # a map point until CBS publishes the new boundaries: the mean of the predecessors'
            props |= {"lat": round(sum(float(p["lat"]) for p in points) / len(points), 6),
                      "lon": round(sum(float(p["lon"]) for p in points) / len(points), 6),
                      "point": "mean of voorgangers"}
        batch.nodes.append(Node(label=Label.GEMEENTE, key=code, props=props))
        for rel, (region, _name) in row.regions.items():
            batch.edges.append(Edge(type=rel, src=code, dst=region, src_label=Label.GEMEENTE,
                                    dst_label=label_of[rel], valid_from=on,
                                    key=_fresh_key(rel, code, region, on, taken)))
        plan.starts.append(Start(code, row.name, row.line, tuple((r.value, c) for r, (c, _) in row.regions.items()),
                                 before))

    for code in sorted(current & set(by_code)):
        row, node = by_code[code], cur.nodes[code]
        if row.name and row.name != node.name:
            plan.renames.append(Rename(code, node.name, row.name, row.line))
            batch.nodes.append(Node(label=Label.GEMEENTE, key=code, props={"name": row.name,
                                                                          "former_name": node.name}))
        for rel, (region, _name) in row.regions.items():
            edges = cur.regions[code].get(rel, [])
            if [e.dst for e in edges] == [region]:
                continue
            for e in edges:
                batch.closes.append(EdgeClose(e.key, max(on, e.valid_from or on)))
            batch.edges.append(Edge(type=rel, src=code, dst=region, src_label=Label.GEMEENTE,
                                    dst_label=label_of[rel], valid_from=on,
                                    key=_fresh_key(rel, code, region, on, taken)))
            plan.moves.append(Move(code, node.name, row.line, rel.value, ",".join(e.dst for e in edges) or "-",
                                   region))

    names = {c: r.name for c, r in by_code.items()}
    planned: dict[tuple[str, str, str], int] = {}  # pair → index in batch.edges
    for old in ending:
        new, how = successor[old]
        node = cur.nodes[old]
        plan.endings.append(Ending(old, node.name, new, names.get(new, new), how))
        batch.nodes.append(Node(label=Label.GEMEENTE, key=old, props={"valid_to": on, "opgegaan_in": new}))
        for edges in cur.regions[old].values():
            batch.closes.extend(EdgeClose(e.key, max(on, e.valid_from or on)) for e in edges)
        for e, into in sorted(cur.carried.get(old, []), key=lambda t: t[0].key):
            start = max(on, e.valid_from or on)
            batch.closes.append(EdgeClose(e.key, start))
            src, dst = (e.src, new) if into else (new, e.dst)
            other = e.src if into else e.dst
            other_label = e.src_label if into else e.dst_label
            pair = (e.type.value, src, dst)
            merged = pair in planned or pair in cur.active_pairs
            other_node = cur.nodes.get(other)
            plan.carries.append(CarryOver(e.type.value, other, other_label.value,
                                          other_node.name if other_node else other, old, new, merged))
            if pair in planned:  # two predecessors had it: the successor has it as long as either did
                i = planned[pair]
                batch.edges[i] = _union(batch.edges[i], start, e.valid_to) or batch.edges[i]
                continue
            if pair in cur.active_pairs:  # the successor already has it: extend it when the old one lasts longer
                wider = _union(cur.active_pairs[pair], start, e.valid_to)
                if wider is not None:
                    planned[pair] = len(batch.edges)
                    batch.edges.append(wider)
                continue
            planned[pair] = len(batch.edges)
            batch.edges.append(Edge(
                type=e.type, src=src, dst=dst, src_label=e.src_label if into else Label.GEMEENTE,
                dst_label=Label.GEMEENTE if into else e.dst_label,
                props={**e.props, "herindeling_van": old, "herindeling_per": on},
                valid_from=start, valid_to=e.valid_to, key=_fresh_key(e.type, src, dst, on, taken)))
    plan.region_counts = {k: (v[0], v[1]) for k, v in sorted(counts.items()) if v[0] != v[1]}
    # Predecessors in different subregio's make a successor that is in all of them: the regions decide
    # whether to redraw their subregio's, so the plan says so instead of choosing one.
    subs: dict[str, set[str]] = defaultdict(set)
    for c in plan.carries:
        if c.relationship == RelType.IN_SUBREGIO.value:
            subs[c.new].add(c.other)
    for new, found in sorted(subs.items()):
        if len(found) > 1:
            plan.warnings.append(Problem("herindeling.several_subregios", {
                "gemeente": new, "name": names.get(new, new), "subregios": sorted(found)}))
    return plan


def _union(edge: Edge, start: str, end: str | None) -> Edge | None:
    """``edge`` widened to also cover [start, end); None when it already does."""
    valid_from = start if edge.valid_from and start < edge.valid_from else edge.valid_from
    valid_to = edge.valid_to if edge.valid_to is None or (end is not None and end <= edge.valid_to) else end
    if (valid_from, valid_to) == (edge.valid_from, edge.valid_to):
        return None
    return edge.model_copy(update={"valid_from": valid_from, "valid_to": valid_to})


def name_carried(store: GraphStore, plan: Plan) -> None:
    """Fill in the names of positions, bodies and organisations in ``plan.carries`` (a few reads)."""
    for i, c in enumerate(plan.carries):
        if c.other_name == c.other:
            node = store.get_node(c.other)
            if node is not None:
                plan.carries[i] = CarryOver(c.relationship, c.other, c.other_label, node.name, c.old, c.new, c.merged)


def apply_division(store: GraphStore, plan: Plan, actor: str) -> int:
    """Write the plan in ONE transaction; returns the number of change-log entries (0 = nothing to do)."""
    if plan.empty:
        return 0
    return len(store.apply(plan.batch, actor))


def ended_gemeenten(store: GraphStore) -> set[str]:
    """The codes of the gemeenten in ``store`` that have ended (``valid_to`` set)."""
    return {n.key for n in store.nodes(Label.GEMEENTE) if n.props.get("valid_to")}


def keep_closed_after_herindeling(store: GraphStore, batches: Iterable[ChangeBatch], *,
                                  ended: set[str] | None = None) -> int:
    """Keep the close of relationships of ended gemeenten when a loader writes them again (in place).

    Reference and demo data describe the division they were made for; re-running ``jbnet init`` after
    a herindeling would otherwise reopen the old gemeenten's memberships and coverage. Returns the
    number of relationships kept closed. A streaming loader calls it per batch, with ``ended``
    (``ended_gemeenten``) read once beforehand.
    """
    if ended is None:
        ended = ended_gemeenten(store)
    if not ended:
        return 0
    kept = 0
    for batch in batches:
        for i, e in enumerate(batch.edges):
            if e.valid_to is not None or (e.src not in ended and e.dst not in ended):
                continue
            stored = store.get_edge(e.key)
            if stored is not None and stored.valid_to is not None:
                batch.edges[i] = e.model_copy(update={"valid_to": stored.valid_to})
                kept += 1
    return kept


# --------------------------------------------------------------------------- lookups
def gemeente_active(node: Mapping[str, Any] | None, day: str) -> bool:
    """A gemeente exists on ``day``: started (``valid_from``) and not yet ended (``valid_to``)."""
    if node is None:
        return False
    start, end = node.get("valid_from"), node.get("valid_to")
    return (not start or str(start) <= day) and (not end or day < str(end))


@dataclass(frozen=True)
class Succession:
    """An old gemeente on a day after it ended: merged into ``successor`` per ``per``.

    ``chain`` follows later re-divisions (A into B in 2027, B into C in 2029 → successor C).
    """

    gemeente: str
    name: str
    per: str
    successor: str
    successor_name: str
    chain: tuple[str, ...]
    code: str = "gemeente.opgegaan_in"

    @property
    def params(self) -> dict[str, Any]:
        return {"gemeente": self.gemeente, "name": self.name, "per": self.per, "successor": self.successor,
                "successor_name": self.successor_name, "chain": list(self.chain)}

    @property
    def message(self) -> Message:
        return msg(self.code, **self.params)


def succession(p: Projection, code: str, on: str | None = None) -> Succession | None:
    """How an ended gemeente answers on ``on`` (default today); None while it exists or was never merged."""
    day = on or dt.date.today().isoformat()
    node = p.node(code)
    if node is None or node.get("label") != Label.GEMEENTE.value or not node.get("opgegaan_in"):
        return None
    if not node.get("valid_to") or day < str(node["valid_to"]):
        return None
    chain: list[str] = []
    key, succ = code, {}
    while True:  # follow later re-divisions to the gemeente that exists on the day
        nxt = str((p.node(key) or {}).get("opgegaan_in") or "")
        if not nxt or nxt == code or nxt in chain:
            break
        chain.append(nxt)
        succ = p.node(nxt) or {}
        if gemeente_active(succ, day):
            break
        key = nxt
    return Succession(code, str(node.get("name", code)), str(node["valid_to"]), chain[-1],
                      str(succ.get("name", chain[-1])), tuple(chain))


class GemeenteOpgegaan(LookupError):
    """A lookup of an old gemeente code on a day after its herindeling: the answer names the successor."""

    def __init__(self, answer: Succession) -> None:
        self.answer = answer
        self.code = answer.code
        self.params = answer.params
        self.message = answer.message
        super().__init__(f"{answer.gemeente} ({answer.name}) is opgegaan in {answer.successor} "
                         f"({answer.successor_name}) per {answer.per}")


class GemeenteNogNiet(NotFound):
    """A lookup of a new gemeente's code on a day before it starts: not found, as before the herindeling."""

    def __init__(self, code: str, name: str, starts: str) -> None:
        super().__init__("gemeente", code, [])
        self.starts = starts
        self.params = {"gemeente": code, "name": name, "starts": starts}
        self.message = msg("gemeente.nog_niet", **self.params)
        self.args = (f"no gemeente {code} before {starts} (the herindeling that creates {name})",)


def ensure_current(p: Projection, code: str, on: str | None = None) -> None:
    """Raise ``GemeenteOpgegaan`` / ``GemeenteNogNiet`` when the gemeente does not exist on ``on``."""
    node = p.node(code)
    if node is None or node.get("label") != Label.GEMEENTE.value:
        return
    day = on or dt.date.today().isoformat()
    start = node.get("valid_from")
    if start and day < str(start):
        raise GemeenteNogNiet(code, str(node.get("name", code)), str(start))
    answer = succession(p, code, day)
    if answer is not None:
        raise GemeenteOpgegaan(answer)
