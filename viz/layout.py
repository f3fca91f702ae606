"""Server-side positions for map data, so pages open with physics off and nothing moving.

Region and diff maps are geographic: gemeenten at their real location (``data/gemeente_punten.csv``,
projected to x/y), organisations and bodies on a small ring beside the gemeenten they serve or cover,
professionals around their organisation. Governance maps are hierarchical (stuurgroep above
projectgroep above kerngroep, members below). Ego maps are concentric by distance. Results are cached
per projection version and map, so a page reload costs nothing.
"""

from __future__ import annotations

import csv
import json
import math
import threading
from collections import OrderedDict, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.queries.network_map import MapData, MapNode

__all__ = ["SCALE", "cache_info", "gemeente_points", "outlines", "positions", "project"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCALE = 4000.0  # pixels per degree of latitude
_LAT0, _LON0 = 52.2, 5.3  # middle of the Netherlands
_COS0 = math.cos(math.radians(_LAT0))
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[Any, ...], dict[str, tuple[float, float]]] = OrderedDict()
_lock = threading.Lock()
_stats = {"hits": 0, "misses": 0}


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


def _geographic(md: MapData) -> dict[str, tuple[float, float]]:
    pos: dict[str, tuple[float, float]] = {}
    for n in md.nodes:
        if n.kind == "gemeente":
            pt = _point(n)
            if pt:
                pos[n.id] = pt
    placed = list(pos.values())
    fallback = ((sum(x for x, _ in placed) / len(placed), sum(y for _, y in placed) / len(placed))
                if placed else (0.0, 0.0))

    def centre(near: list[str]) -> tuple[float, float]:
        pts = [pos[g] for g in near if g in pos] or [p for g in near if (p := _gemeente_xy(g))]
        if not pts:
            return fallback
        return (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))

    # Nodes sharing one anchor (same served area) share one ring around it.
    groups: dict[tuple[str, tuple[int, int]], list[MapNode]] = defaultdict(list)
    for n in md.nodes:
        if n.id in pos or n.kind not in ("region", "organisation", "body", "position"):
            continue
        c = centre(n.near)
        ring_kind = "region" if n.kind == "region" else ("body" if n.kind == "body" else "org")
        groups[(ring_kind, (round(c[0]), round(c[1])))].append(n)
    radius = {"region": 0.0, "org": 70.0, "body": 150.0}
    for (ring_kind, (cx, cy)), members in sorted(groups.items()):
        members.sort(key=lambda m: (m.group, m.id))
        for i, n in enumerate(members):
            if ring_kind == "region":
                pos[n.id] = (cx + 0.0, cy - 40.0 - 26.0 * i)
            else:
                pos[n.id] = _ring((cx, cy), i, len(members), radius[ring_kind])
    _around_parents(md, pos, fallback)
    return pos


def _gemeente_xy(code: str) -> tuple[float, float] | None:
    pt = gemeente_points().get(code)
    return project(*pt) if pt else None


def _around_parents(md: MapData, pos: dict[str, tuple[float, float]], fallback: tuple[float, float]) -> None:
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
        for i, k in enumerate(sorted(kids)):
            pos[k] = _ring(c, i, len(kids), 30.0 + 2.0 * min(len(kids), 40))


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
