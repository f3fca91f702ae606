"""Benchmark: the invite list of every subregio, in-process (target ≤ 20 ms per list).

``bench_invites(p)`` is called by the harness (``tests/bench/run.py``) with the projection of the
national synthetic data; ``python -m tests.bench.bench_invites [DB]`` runs it alone on a SQLite file.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

from graph.projection import Projection
from graph.queries.invites import preview_invite_list
from graph.queries.regions import gemeenten_in
from graph.schema import Label
from graph.settings import DomainRules

__all__ = ["TARGET_MS", "bench_invites"]

TARGET_MS = 20.0


def bench_invites(p: Projection, *, date: str | None = None, rules: DomainRules | None = None,
                  limit: int | None = None) -> dict[str, Any]:
    """Compute the invite list of every subregio once; return timings (ms) and what was computed.

    The first list also builds the day's contact index (shared with counterpart lookups); it is
    reported separately as ``first_ms`` and left out of p50/max, which measure the per-list cost.
    """
    day = date or time.strftime("%Y-%m-%d")
    keys = p.keys(Label.SUBREGIO)[:limit] if limit else p.keys(Label.SUBREGIO)
    if not keys:
        raise ValueError("no subregio's in the graph: load data first (jbnet init / import)")
    times: list[float] = []
    slowest = ("", 0.0)
    invitees = gaps = 0
    first_ms = 0.0
    for i, key in enumerate(keys):
        t0 = time.perf_counter()
        il = preview_invite_list(p, key, day, rules=rules)
        ms = (time.perf_counter() - t0) * 1000
        if i == 0:
            first_ms = ms
        else:
            times.append(ms)
            slowest = max(slowest, (key, ms), key=lambda x: x[1])
        invitees += len(il.invitees)
        gaps += len(il.gaps)
    times = times or [first_ms]
    ordered = sorted(times)
    return {
        "lists": len(keys), "first_ms": first_ms, "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], "max_ms": ordered[-1],
        "mean_ms": statistics.fmean(ordered), "target_ms": TARGET_MS, "invitees": invitees, "gaps": gaps,
        "slowest": slowest[0], "slowest_gemeenten": len(gemeenten_in(p, slowest[0], on=day)) if slowest[0] else 0,
    }


def main(argv: list[str]) -> None:
    from graph.store.sqlite_store import SQLiteStore

    db = Path(argv[1] if len(argv) > 1 else "var/jbnet.sqlite")
    store = SQLiteStore(db)
    try:
        result = bench_invites(Projection.build(store))
    finally:
        store.close()
    print(f"invite lists: {result['lists']} subregio's, {result['invitees']} invitees, {result['gaps']} gaps")
    print(f"  first (builds contact index): {result['first_ms']:.1f} ms")
    print(f"  p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, max {result['max_ms']:.2f} ms "
          f"(target ≤ {TARGET_MS:g} ms per list: {'✓' if result['max_ms'] <= TARGET_MS else '✗'})")
    print(f"  slowest: {result['slowest']} ({result['slowest_gemeenten']} gemeenten)")


if __name__ == "__main__":
    main(sys.argv)
