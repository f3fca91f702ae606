"""Server-side positions for map data, so pages open with physics off and nothing moving.

Region and diff maps are geographic: gemeenten at their real location (``data/gemeente_punten.csv``,
projected to x/y); an organisation or body serving one gemeente on a small arc above it, one serving part
of the map on a ring around the centre of that part, one serving (most of) the whole map in a band of
columns beside it, grouped by type; professionals around their organisation. Sizes and spacing scale
with the map (``map_unit``) so every map reads the same at its default zoom. Governance maps are
hierarchical (stuurgroep above projectgroep above kerngroep, members below). Ego maps are concentric by
distance. Results are cached per projection version and map, so a page reload costs nothing.
"""

from __future__ import annotations

import csv
import json
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.queries.network_map import MapData, MapNode

__all__ = [
    "BAND_COLUMN",
    "BAND_HEADING",
    "BAND_ROW",
    "SCALE",
    "band_entry_height",
    "band_groups",
    "cache_info",
    "crowding",
    "gemeente_points",
    "local_nodes",
    "map_unit",
    "outlines",
    "positions",
    "project",
    "wide_nodes",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCALE = 4000.0  # pixels per degree of latitude
_LAT0, _LON0 = 52.2, 5.3  # middle of the Netherlands
_COS0 = math.cos(math.radians(_LAT0))
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[Any, ...], dict[str, tuple[float, float]]] = OrderedDict()
_lock = threading.Lock()
_stats = {"hits": 0, "misses": 0}
_RING_UP_TO = 6  # more nodes around one centre go on a sunflower disc instead of a ring
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_WIDE_SHARE = 0.6  # serving at least this share of the map's gemeenten: drawn in the band beside the map
# The band's entries in screen pixels at the default zoom (times map_unit): one-line height, each further
# line, the heading line above a group, the column width and how many characters fit on a line.
BAND_ROW, BAND_LINE, BAND_HEADING, BAND_COLUMN, BAND_CHARS_PER_LINE = 21.0, 10.0, 14.0, 190.0, 30


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection around the middle of NL (north up): good enough for a country this size."""
    return ((lon - _LON0) * _COS0 * SCALE, -(lat - _LAT0) * SCALE)


@lru_cache(maxsize=1)
def gemeente_points() -> dict[str, tuple[float, float]]:
    """gemeente code -> (lat, lon) from data/gemeente_punten.csv (empty if the file is missing)."""
    path = DATA_DIR / "gemeente_punten.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {r["gemeente_code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _geojson() -> dict[str, list[list[list[float]]]]:
    path = DATA_DIR / "gemeenten_2026_simplified.geojson"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[list[list[float]]]] = {}
    for feature in data.get("features", []):
        code = feature.get("properties", {}).get("gemeente_code")
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        elif geom.get("type") != "MultiPolygon":
            continue
        rings = []
        for poly in polys:
            if poly:  # the outer ring only: holes do not matter for a background
                rings.append([[round(v, 1) for v in project(lat, lon)] for lon, lat in poly[0]])
        if code:
            out[code] = rings
    return out


def outlines(codes: list[str] | set[str]) -> list[list[list[float]]]:
    """Projected outer rings of the given gemeenten (for the map's background)."""
    shapes = _geojson()
    return [ring for code in sorted(codes) for ring in shapes.get(code, [])]


def _point(n: MapNode) -> tuple[float, float] | None:
    if n.lat is not None and n.lon is not None:
        return project(float(n.lat), float(n.lon))
    pt = gemeente_points().get(n.id)
    return project(*pt) if pt else None


def _ring(center: tuple[float, float], i: int, total: int, radius: float) -> tuple[float, float]:
    # Rings grow outward when crowded so labels do not sit on top of each other.
    per_ring = 12
    ring, slot = divmod(i, per_ring)
    count = min(per_ring, total - ring * per_ring)
    angle = 2 * math.pi * slot / max(count, 1) + ring * 0.4
    r = radius * (1 + ring * 0.8)
    return (center[0] + r * math.cos(angle), center[1] + r * math.sin(angle))


def map_unit(points: list[tuple[float, float]]) -> float:
    """Canvas units per screen pixel when the points are fitted to a ~1150×800 px view (at least 1).

    Node sizes, fonts and spacing are multiplied by it, so a province and the whole country look alike
    at their default zoom instead of shrinking to dots without names.
    """
    if len(points) < 2:
        return 1.0
    xs, ys = [x for x, _ in points], [y for _, y in points]
    span = max(max(xs) - min(xs), 1.45 * (max(ys) - min(ys)))
    return max(1.0, span / 1150.0)


def crowding(md: MapData) -> float:
    """1 for a map of up to a few hundred nodes, less for a crowded one: node sizes and the spacing of the
    discs around regions shrink with it, so the national map does not turn into one block of squares."""
    return min(1.0, max(0.35, math.sqrt(1150 * 800 / max(len(md.nodes), 1)) / 45.0))


def _map_gemeenten(md: MapData) -> set[str]:
    return {n.id for n in md.nodes if n.kind == "gemeente"}


def wide_nodes(md: MapData) -> set[str]:
    """Organisations, bodies and regions serving (most of) the whole map, or none of its gemeenten.

    They are not drawn at the centre of what they serve (a pile in the middle of the map with edges to
    everywhere) but in a band beside the map, and their links are hidden until asked for.
    """
    if md.mode not in ("region", "diff"):
        return set()
    gemeenten = _map_gemeenten(md)
    if not gemeenten:
        return set()
    out: set[str] = set()
    for n in md.nodes:
        if n.kind in ("organisation", "body", "region"):
            inside = len(gemeenten.intersection(n.near))
            if inside == 0 or (inside >= _WIDE_SHARE * len(gemeenten) and inside > 1):
                out.add(n.id)
    return out


def local_nodes(md: MapData) -> set[str]:
    """Organisations and bodies serving exactly one gemeente of the map: drawn small beside it."""
    if md.mode not in ("region", "diff"):
        return set()
    gemeenten = _map_gemeenten(md)
    return {
        n.id for n in md.nodes if n.kind in ("organisation", "body") and len(n.near) == 1 and n.near[0] in gemeenten
    }


def _centroid(pts: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))


def _geographic(md: MapData) -> dict[str, tuple[float, float]]:
    pos: dict[str, tuple[float, float]] = {}
    for n in md.nodes:
        if n.kind == "gemeente":
            pt = _point(n)
            if pt:
                pos[n.id] = pt
    gem_pts = list(pos.values())
    fallback = _centroid(gem_pts) if gem_pts else (0.0, 0.0)
    wide, local, crowd = wide_nodes(md), local_nodes(md), crowding(md)
    band = [n for n in md.nodes if n.id in wide and n.id not in pos]
    # The band widens the map, and its cells grow with the unit: settle the unit in a few rounds.
    k = map_unit(gem_pts)
    for _ in range(3):
        band_pos: dict[str, tuple[float, float]] = {}
        _band(band, band_pos, gem_pts, k)
        k = map_unit(gem_pts + list(band_pos.values()))

    def centre(near: list[str]) -> tuple[float, float]:
        pts = [pos[g] for g in near if g in pos] or [p for g in near if (p := _gemeente_xy(g))]
        return _centroid(pts) if pts else fallback

    # Local organisations: a small arc above their gemeente (its name sits below the dot).
    by_gemeente: dict[str, list[MapNode]] = defaultdict(list)
    # Regional ones: a ring around the centre of the part of the map they serve, the region's name inside.
    rings: dict[tuple[int, int], list[MapNode]] = defaultdict(list)
    regions: dict[tuple[int, int], list[MapNode]] = defaultdict(list)
    for n in md.nodes:
        if n.id in pos or n.kind not in ("region", "organisation", "body", "position"):
            continue
        if n.id in local:
            by_gemeente[n.near[0]].append(n)
        else:
            c = centre(n.near)
            (regions if n.kind == "region" else rings)[(round(c[0]), round(c[1]))].append(n)
    for g, members in sorted(by_gemeente.items()):
        members.sort(key=lambda m: (m.kind, m.group, m.id))
        gx, gy = pos.get(g) or _gemeente_xy(g) or fallback
        for i, n in enumerate(members):
            ring, slot = divmod(i, 7)
            count = min(7, len(members) - ring * 7)
            a = -math.pi / 2 + (slot - (count - 1) / 2) * 0.75
            r = 22.0 * k * crowd * (1 + ring * 0.7)
            pos[n.id] = (gx + r * math.cos(a), gy + r * math.sin(a))
    # Region names at the centre of their gemeenten; a name that would overlap one placed before (a
    # veiligheidsregio and a jeugdhulpregio around the same city) moves down a line.
    names: list[tuple[float, float]] = []
    for (cx, cy), members in sorted(regions.items(), key=lambda item: item[0][1]):
        members.sort(key=lambda m: (-len(m.near), m.id))
        for n in members:
            x, y = float(cx), float(cy)
            while any(abs(x - px) < 150.0 * k and abs(y - py) < 20.0 * k for px, py in names):
                y += 20.0 * k
            names.append((x, y))
            pos[n.id] = (x, y)
    for (cx, cy), members in sorted(rings.items()):
        members.sort(key=lambda m: (m.kind, m.group, m.id))
        if len(members) <= _RING_UP_TO:
            for i, n in enumerate(members):
                a = -math.pi / 2 + 2 * math.pi * i / len(members) + 0.3
                pos[n.id] = (cx + 75.0 * k * math.cos(a), cy + 75.0 * k * math.sin(a))
        else:  # many (a region's care providers): a compact sunflower disc, evenly spaced, centre left free
            for i, n in enumerate(members):
                r, a = (40.0 + 20.0 * math.sqrt(i + 1)) * k * crowd, i * _GOLDEN_ANGLE
                pos[n.id] = (cx + r * math.cos(a), cy + r * math.sin(a))
    if band:  # east of everything placed so far, so nothing spills into it
        _band(band, pos, gem_pts, k, left=max(x for x, _ in pos.values()) + 100.0 * k)
    _around_parents(md, pos, fallback, k)
    _separate(pos, k)
    return pos


def band_groups(band: Iterable[MapNode]) -> list[tuple[str, list[str]]]:
    """The band's groups in drawing order, (heading, node ids): map-wide regions first (no heading, their
    names say it), then organisations by type, then bodies by kind."""
    groups: dict[tuple[int, str], list[str]] = defaultdict(list)
    rank = {"region": 0, "organisation": 1, "body": 2}
    for n in sorted(band, key=lambda m: (m.name.lower(), m.id)):
        heading = "" if n.kind == "region" else n.group.replace("_", " ")
        groups[(rank.get(n.kind, 3), heading)].append(n.id)
    return [(heading, ids) for (_, heading), ids in sorted(groups.items())]


def band_entry_height(n: MapNode, k: float) -> float:
    """Height of a band entry: its name wraps to more lines when long."""
    chars = len(n.name) + (5 if n.count is not None else 0)
    lines = 1 + chars // BAND_CHARS_PER_LINE
    return (BAND_ROW + (lines - 1) * BAND_LINE) * k


def _band(
    band: list[MapNode],
    pos: dict[str, tuple[float, float]],
    gem_pts: list[tuple[float, float]],
    k: float,
    left: float | None = None,
) -> None:
    """Columns beside the map's east edge, grouped by type, each group under a heading line.

    Entries are boxed names (see ``viz.pyvis_map``): a long name wraps, so its entry is taller.
    """
    if not band:
        return
    if gem_pts:
        xs, ys = [x for x, _ in gem_pts], [y for _, y in gem_pts]
        x0, top, width, height = max(xs) + 140.0 * k, min(ys), max(xs) - min(xs), max(ys) - min(ys)
    else:
        x0, top, width, height = 0.0, 0.0, 0.0, 0.0
    # As few columns as fit, each as tall as a screen-shaped view of map and band allows.
    for columns in range(1, 40):
        column_height = max(height, 10 * BAND_ROW * k, (width + 140.0 * k + columns * BAND_COLUMN * k) / 1.45)
        placed: dict[str, tuple[float, float]] = {}
        if _band_columns(band, placed, column_height, k) <= columns:
            break
    x0 = left if left is not None else x0
    pos.update({key: (x0 + x, top + y) for key, (x, y) in placed.items()})


def _band_columns(band: list[MapNode], pos: dict[str, tuple[float, float]], height: float, k: float) -> int:
    by_id = {n.id: n for n in band}
    col, y = 0, 0.0
    for _, members in band_groups(band):
        first = band_entry_height(by_id[members[0]], k) + BAND_HEADING * k
        if y and y + first > height:  # a group does not start at the foot of a column
            col, y = col + 1, 0.0
        y += BAND_HEADING * k
        for m in members:
            h = band_entry_height(by_id[m], k)
            if y + h > height and y > BAND_HEADING * k:
                col, y = col + 1, BAND_HEADING * k  # continued: its column starts below the heading line
            pos[m] = (col * BAND_COLUMN * k, y + h / 2)
            y += h
    return col + 1


def _separate(pos: dict[str, tuple[float, float]], k: float) -> None:
    """No two nodes on one spot (a region with one gemeente, rounding): nudge later ones down a little."""
    taken: set[tuple[int, int]] = set()
    step = 18.0 * k
    for key in list(pos):  # insertion order: gemeenten first, so they never move
        x, y = pos[key]
        while (round(x), round(y)) in taken:
            y += step
        taken.add((round(x), round(y)))
        pos[key] = (x, y)


def _gemeente_xy(code: str) -> tuple[float, float] | None:
    pt = gemeente_points().get(code)
    return project(*pt) if pt else None


def _around_parents(
    md: MapData, pos: dict[str, tuple[float, float]], fallback: tuple[float, float], k: float = 1.0
) -> None:
    """Professionals (and anything left) on a ring around the node they work at or sit in."""
    parent: dict[str, str] = {}
    for e in md.edges:
        if e.src not in pos and e.dst in pos and e.src not in parent:
            parent[e.src] = e.dst
        elif e.dst not in pos and e.src in pos and e.dst not in parent:
            parent[e.dst] = e.src
    children: dict[str, list[str]] = defaultdict(list)
    for n in md.nodes:
        if n.id not in pos:
            children[parent.get(n.id, "")].append(n.id)
    for p_id, kids in sorted(children.items()):
        c = pos.get(p_id, fallback)
        for i, kid in enumerate(sorted(kids)):
            pos[kid] = _ring(c, i, len(kids), (30.0 + 2.0 * min(len(kids), 40)) * k)


_MEMBER_ROWS = {"organisation": 6, "professional": 7, "position": 7, "gemeente": 8, "region": 8}


def _hierarchical(md: MapData) -> dict[str, tuple[float, float]]:
    rows: dict[int, list[MapNode]] = defaultdict(list)
    for n in md.nodes:
        row = n.level if n.kind == "body" and n.level is not None else _MEMBER_ROWS.get(n.kind, 7)
        rows[row].append(n)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in md.edges:
        neighbours[e.src].add(e.dst)
        neighbours[e.dst].add(e.src)
    pos: dict[str, tuple[float, float]] = {}
    spacing, row_gap = 200.0, 190.0
    for y_index, row in enumerate(sorted(rows)):
        members = rows[row]

        def bary(n: MapNode) -> float:
            xs = [pos[m][0] for m in neighbours[n.id] if m in pos]
            return sum(xs) / len(xs) if xs else 0.0

        members.sort(key=lambda n: (bary(n), n.group, n.name))  # under the nodes they connect to
        width = (len(members) - 1) * spacing
        for i, n in enumerate(members):
            pos[n.id] = (-width / 2 + i * spacing, y_index * row_gap)
    return pos


def _concentric(md: MapData) -> dict[str, tuple[float, float]]:
    rings: dict[int, list[MapNode]] = defaultdict(list)
    for n in md.nodes:
        rings[n.level or 0].append(n)
    pos: dict[str, tuple[float, float]] = {}
    for d, members in rings.items():
        members.sort(key=lambda n: (n.kind, n.group, n.id))
        if d == 0:
            for n in members:
                pos[n.id] = (0.0, 0.0)
            continue
        r = 260.0 * d + 4.0 * len(members)
        for i, n in enumerate(members):
            a = 2 * math.pi * i / len(members)
            pos[n.id] = (r * math.cos(a), r * math.sin(a))
    return pos


def positions(md: MapData) -> dict[str, tuple[float, float]]:
    """x/y per node id (pixels, y down), cached per (projection version, map)."""
    key = (md.version, md.cache_key, len(md.nodes), len(md.edges)) if md.cache_key else None
    if key is not None:
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                _stats["hits"] += 1
                return _cache[key]
    if md.mode == "governance":
        pos = _hierarchical(md)
    elif md.mode == "ego":
        pos = _concentric(md)
    else:
        pos = _geographic(md)
    pos = {k: (round(x, 1), round(y, 1)) for k, (x, y) in pos.items()}
    if key is not None:
        with _lock:
            _stats["misses"] += 1
            _cache[key] = pos
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return pos


def cache_info() -> dict[str, int]:
    with _lock:
        return {**_stats, "size": len(_cache)}
