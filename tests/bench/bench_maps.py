"""Map build time at national scale, and time to first drawn frame in headless Chromium, against bare pyvis.

Three maps: the largest veiligheidsregio and jeugdhulpregio expanded to every professional (about 10 000
nodes at national scale) and the national organisation map. For each: map data (domain), layout, HTML (pyvis
lists + template), and ``performance.now()`` at vis-network's first ``afterDrawing`` when the file is opened
in Chromium. The floor is a bare pyvis page of the same nodes, edges and positions (pyvis' own template, vis
inlined, physics off), opened in the same browser, alternating with ours: the ratio of the medians is the
figure (issue 16: ≤ 1.2×), next to the absolute target (first frame ≤ 2 s at 10 000 nodes; HTML build ≤ 1 s).
Both pages run with every request to another host refused (pyvis' template asks a CDN for Bootstrap).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pyvis.network import Network

from graph.projection import Projection
from graph.queries.network_map import NATIONAL, MapData, network_map
from graph.schema import Label, RelType
from tests.support import CHROMIUM, chromium
from viz import layout
from viz.pyvis_map import render_map_html

__all__ = [
    "TARGET_FIRST_FRAME_S",
    "TARGET_HTML_S",
    "TARGET_RATIO",
    "bare_pyvis_html",
    "bench_maps",
    "bench_maps_details",
    "first_frame_seconds",
]

Figure = tuple[str, float, str, float | None]  # (name, value, unit, target) for tests.bench.run.record

TARGET_HTML_S = 1.0
TARGET_FIRST_FRAME_S = 2.0
TARGET_RATIO = 1.2  # first frame of our map / of a bare pyvis page of the same size
ROUNDS = 3  # page loads of each kind per map; the median counts

_OURS = "window.jbnetMap && window.jbnetMap.drawnAt"
_BARE = "window.benchDrawnAt"
_PYVIS_NEW = "network = new vis.Network(container, data, options);"


def bare_pyvis_html(md: MapData, pos: dict[str, tuple[float, float]]) -> str:
    """pyvis out of the box for the same graph: one ``add_node`` per node (name as label, at our position),
    one ``add_edge`` per edge, physics off, vis inlined; plus the hook that notes its first drawn frame."""
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    for n in md.nodes:
        x, y = pos.get(n.id, (0.0, 0.0))
        net.add_node(n.id, label=n.name, x=x, y=y)
    for e in md.edges:
        net.add_edge(e.src, e.dst)
    net.toggle_physics(False)
    html = net.generate_html()
    if _PYVIS_NEW not in html:
        raise RuntimeError("pyvis' template changed: cannot hook its first frame")
    hook = ' network.once("afterDrawing", function () { window.benchDrawnAt = performance.now(); });'
    return html.replace(_PYVIS_NEW, _PYVIS_NEW + hook)


@contextmanager
def _browser() -> Iterator[Any | None]:
    if not Path(CHROMIUM).exists():
        yield None
        return
    with chromium() as browser:
        yield browser


def _drawn_at(browser: Any, html_file: Path, ready: str) -> float:
    """Seconds from navigation start to the page's first drawn frame, in a fresh tab (1400 × 900)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page = context.new_page()
        page.goto(html_file.as_uri())
        page.wait_for_function(f"!!({ready})", timeout=180_000)
        return float(page.evaluate(ready)) / 1000
    finally:
        context.close()


def first_frame_seconds(html_file: Path) -> float | None:
    """Seconds from navigation start to our map's first drawn frame; None without chromium."""
    with _browser() as browser:
        return None if browser is None else _drawn_at(browser, html_file, _OURS)


def _first_frames(browser: Any | None, ours: Path, bare: Path) -> dict[str, Any]:
    """Median first frame of our page and of bare pyvis, loaded in turn ``ROUNDS`` times each."""
    if browser is None:
        return {"first_frame_s": None, "bare_pyvis_first_frame_s": None, "ratio_to_bare_pyvis": None}
    runs: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(ROUNDS):
        runs["ours"].append(_drawn_at(browser, ours, _OURS))
        runs["bare"].append(_drawn_at(browser, bare, _BARE))
    ours_s, bare_s = statistics.median(runs["ours"]), statistics.median(runs["bare"])
    return {
        "first_frame_s": ours_s,
        "bare_pyvis_first_frame_s": bare_s,
        "ratio_to_bare_pyvis": ours_s / bare_s,
        "first_frame_runs_s": runs["ours"],
        "bare_pyvis_runs_s": runs["bare"],
    }


def _largest_veiligheidsregio(p: Projection) -> str:
    def size(vr: str) -> int:
        return sum(p.label_of(s) == Label.GEMEENTE for s, _ in p.in_edges(vr, RelType.IN_VEILIGHEIDSREGIO))

    return max(p.keys(Label.VEILIGHEIDSREGIO), key=lambda vr: (size(vr), vr))


def _one(
    p: Projection, code: str, expand: bool, kinds: list[str] | None, out: Path, browser: Any | None
) -> dict[str, Any]:
    t0 = time.perf_counter()
    md = network_map(p, code, expand=expand, kinds=kinds)
    t1 = time.perf_counter()
    md.positions = layout.positions(md)
    t2 = time.perf_counter()
    html = render_map_html(md)
    t3 = time.perf_counter()
    out.write_text(html, encoding="utf-8")
    bare = out.with_name(f"{out.stem}-bare-pyvis.html")
    bare.write_text(bare_pyvis_html(md, md.positions), encoding="utf-8")
    return {
        "code": code,
        "nodes": len(md.nodes),
        "edges": len(md.edges),
        "map_data_s": t1 - t0,
        "layout_s": t2 - t1,
        "html_s": t3 - t2,
        "total_build_s": t3 - t0,
        "bytes": len(html),
        **_first_frames(browser, out, bare),
        "target_html_s": TARGET_HTML_S,
        "target_first_frame_s": TARGET_FIRST_FRAME_S,
        "target_ratio": TARGET_RATIO,
    }


def _largest_jeugdhulpregio(p: Projection) -> str:
    def size(jz: str) -> int:
        return sum(p.label_of(s) == Label.GEMEENTE for s, _ in p.in_edges(jz, RelType.IN_JEUGDHULPREGIO))

    return max(p.keys(Label.JEUGDHULPREGIO), key=lambda jz: (size(jz), jz))


def bench_maps_details(p: Projection) -> dict[str, Any]:
    """Figures for the largest veiligheidsregio and jeugdhulpregio (expanded) and the national organisation map."""
    with tempfile.TemporaryDirectory() as tmp, _browser() as browser:
        return {
            "veiligheidsregio_expanded": _one(
                p, _largest_veiligheidsregio(p), True, None, Path(tmp) / "vr.html", browser
            ),
            "jeugdhulpregio_expanded": _one(p, _largest_jeugdhulpregio(p), True, None, Path(tmp) / "jz.html", browser),
            "national_organisations": _one(
                p, NATIONAL, False, ["organisation", "gemeente", "region"], Path(tmp) / "nl.html", browser
            ),
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
            # Issue 16: ≤ 2 s up to 10 000 nodes (a little above is held to it too), and ≤ 1.2× bare pyvis.
            target = TARGET_FIRST_FRAME_S if r["nodes"] <= 12_000 else None
            rows.append((f"{label}: first frame in Chromium", r["first_frame_s"], "s", target))
            rows.append((f"{label}: first frame of bare pyvis (floor)", r["bare_pyvis_first_frame_s"], "s", None))
            rows.append((f"{label}: first frame / bare pyvis", r["ratio_to_bare_pyvis"], "×", TARGET_RATIO))
    return rows


if __name__ == "__main__":  # python -m tests.bench.bench_maps path/to/db.sqlite
    import json
    import sys

    from graph.store.sqlite_store import SQLiteStore

    store = SQLiteStore(Path(sys.argv[1]))
    print(json.dumps(bench_maps_details(Projection.build(store)), indent=2))
    store.close()
