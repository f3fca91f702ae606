"""Map build time at national scale, and time to first drawn frame in headless Chromium.

Two maps: the largest veiligheidsregio expanded to every professional (thousands of nodes) and the
national organisation map. For each: map data (domain), layout, HTML (pyvis lists + template), and
``performance.now()`` at vis-network's first ``afterDrawing`` when the file is opened in Chromium.
Targets (issue 6): HTML build ≤ 1 s, first frame ≤ 2 s for 5 000 nodes.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from graph.projection import Projection
from graph.queries.network_map import NATIONAL, network_map
from graph.schema import Label, RelType
from tests.support import CHROMIUM, chromium
from viz import layout
from viz.pyvis_map import render_map_html

__all__ = ["TARGET_FIRST_FRAME_S", "TARGET_HTML_S", "bench_maps", "bench_maps_details", "first_frame_seconds"]

Figure = tuple[str, float, str, float | None]  # (name, value, unit, target) for tests.bench.run.record

TARGET_HTML_S = 1.0
TARGET_FIRST_FRAME_S = 2.0


def first_frame_seconds(html_file: Path) -> float | None:
    """Seconds from navigation start to vis-network's first drawn frame; None without chromium."""
    if not Path(CHROMIUM).exists():
        return None
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(html_file.as_uri())
        page.wait_for_function("window.jbnetMap && window.jbnetMap.drawn === true", timeout=60_000)
        return float(page.evaluate("window.jbnetMap.drawnAt")) / 1000


def _largest_veiligheidsregio(p: Projection) -> str:
    def size(vr: str) -> int:
        return sum(p.label_of(s) == Label.GEMEENTE for s, _ in p.in_edges(vr, RelType.IN_VEILIGHEIDSREGIO))

    return max(p.keys(Label.VEILIGHEIDSREGIO), key=lambda vr: (size(vr), vr))


def _one(p: Projection, code: str, expand: bool, kinds: list[str] | None, out: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    md = network_map(p, code, expand=expand, kinds=kinds)
    t1 = time.perf_counter()
    md.positions = layout.positions(md)
    t2 = time.perf_counter()
    html = render_map_html(md)
    t3 = time.perf_counter()
    out.write_text(html, encoding="utf-8")
    return {"code": code, "nodes": len(md.nodes), "edges": len(md.edges), "map_data_s": t1 - t0,
            "layout_s": t2 - t1, "html_s": t3 - t2, "total_build_s": t3 - t0, "bytes": len(html),
            "first_frame_s": first_frame_seconds(out), "target_html_s": TARGET_HTML_S,
            "target_first_frame_s": TARGET_FIRST_FRAME_S}


def _largest_jeugdhulpregio(p: Projection) -> str:
    def size(jz: str) -> int:
        return sum(p.label_of(s) == Label.GEMEENTE for s, _ in p.in_edges(jz, RelType.IN_JEUGDHULPREGIO))

    return max(p.keys(Label.JEUGDHULPREGIO), key=lambda jz: (size(jz), jz))


def bench_maps_details(p: Projection) -> dict[str, Any]:
    """Figures for the largest veiligheidsregio and jeugdhulpregio (expanded) and the national organisation map."""
    with tempfile.TemporaryDirectory() as tmp:
        return {
            "veiligheidsregio_expanded": _one(p, _largest_veiligheidsregio(p), True, None, Path(tmp) / "vr.html"),
            "jeugdhulpregio_expanded": _one(p, _largest_jeugdhulpregio(p), True, None, Path(tmp) / "jz.html"),
            "national_organisations": _one(p, NATIONAL, False, ["organisation", "gemeente", "region"],
                                           Path(tmp) / "nl.html"),
        }


def bench_maps(db: str | Path | Projection) -> list[Figure]:
    """(name, value, unit, target) rows for ``make bench``; ``db`` is the SQLite file (or a projection)."""
    if isinstance(db, Projection):
        details = bench_maps_details(db)
    else:
        from graph.store.sqlite_store import SQLiteStore

        store = SQLiteStore(Path(db))
        try:
            details = bench_maps_details(Projection.build(store))
        finally:
            store.close()
    rows: list[Figure] = []
    for name, r in details.items():
        label = f"{name.replace('_', ' ')} {r['code']} ({r['nodes']:,} nodes)"
        rows.append((f"{label}: map data", r["map_data_s"], "s", None))
        rows.append((f"{label}: layout", r["layout_s"], "s", None))
        rows.append((f"{label}: HTML build", r["html_s"], "s", TARGET_HTML_S))
        if r["first_frame_s"] is not None:
            # The first-frame target is stated for 5 000 nodes: only maps up to that size are held to it.
            target = TARGET_FIRST_FRAME_S if r["nodes"] <= 5_000 else None
            rows.append((f"{label}: first frame in Chromium", r["first_frame_s"], "s", target))
    return rows


if __name__ == "__main__":  # python -m tests.bench.bench_maps path/to/db.sqlite
    import json
    import sys

    from graph.store.sqlite_store import SQLiteStore

    store = SQLiteStore(Path(sys.argv[1]))
    print(json.dumps(bench_maps_details(Projection.build(store)), indent=2))
    store.close()
