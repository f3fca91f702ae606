"""Cold start in a fresh process: build the projection from the configured store, report time and RSS.

Run as ``python -m tests.bench.coldstart`` with JBNET_DB or NEO4J_URI set; prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import time

from graph.projection import Projection
from graph.settings import load_settings
from graph.store import open_store


def peak_rss_mb() -> float:
    """This process's own peak RSS. VmHWM belongs to the address space made by exec; ru_maxrss can
    carry the parent's peak across fork+exec on Linux, which would charge the bench to the cold start."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    settings = load_settings()
    t0 = time.perf_counter()
    store = open_store(settings)
    projection = Projection.build(store)
    seconds = time.perf_counter() - t0
    rss_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "nodes": projection.g.number_of_nodes(),
                      "edges": projection.g.number_of_edges()}))
    store.close()


if __name__ == "__main__":
    main()
