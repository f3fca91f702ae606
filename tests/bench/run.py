"""``make bench``: national-scale synthetic data, real stores, printed figures and ratios to targets.

Speed is measured here, never asserted in tests. Each section prints what it measured and how that
compares with its target; a section whose parts are missing says so instead of inventing a number.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.table import Table

from graph.store.base import GraphStore
from graph.store.sqlite_store import SQLiteStore
from tests.bench.harness import FIGURES, OUT, ROOT, SECTIONS, SEED, Figure, console, record
from tests.bench.memory import ImportMemory

# JBNET_BENCH_NATIONAL=0 leaves out the national import and cold start (a quick run of the write figures).
NATIONAL = os.environ.get("JBNET_BENCH_NATIONAL", "1") != "0"


def national_workbook() -> Path:
    """Generate (once per seed) the national synthetic workbook as a CSV folder."""
    from loaders.generate import generate_workbook

    out = OUT / f"national-{SEED}"
    marker = out / ".complete"
    if NATIONAL and not marker.exists():
        console.print(f"[cyan]generating national workbook (seed {SEED}) → {out}[/]")
        t0 = time.perf_counter()
        summary = generate_workbook(out, scale="national", seed=SEED)
        record("generate", "generate national workbook", time.perf_counter() - t0, "s")
        console.print(f"  {summary}")
        marker.write_text(str(SEED))
    return out


def load_into(store: GraphStore, section: str, workbook: Path) -> None:
    from loaders.init import init_store
    from loaders.workbook import import_workbook

    t0 = time.perf_counter()
    init_store(store, demo=False, actor="bench")
    record(section, "reference data load", time.perf_counter() - t0, "s")
    t0, cpu0 = time.perf_counter(), time.process_time()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    memory = ImportMemory()  # resets the kernel's high-water mark: the import's own peak
    result = import_workbook(workbook, store, actor="bench", progress=memory.progress)
    record(section, "import national workbook", time.perf_counter() - t0, "s", target=30)
    record(section, "import national workbook, CPU of this process", time.process_time() - cpu0, "s")
    # ru_maxrss is the process's high-water mark: the peak during the import when it rose past the mark before
    # (the reset above may lower it, hence the max).
    record(section, "peak RSS before import", rss0, "MB")
    record(section, "peak RSS after import", max(rss0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "MB")
    memory.record(section)
    if getattr(result, "errors", None):
        raise SystemExit(f"national workbook did not import cleanly: {result.errors[:5]}")
    counts = store.counts()
    nodes = sum(v for k, v in counts.items() if k[:1].isupper() and not k.isupper())
    edges = sum(v for k, v in counts.items() if k.isupper())
    record(section, "nodes", nodes, "")
    record(section, "relationships", edges, "")


def store_writes(section: str, store: GraphStore, env: dict[str, str]) -> None:
    """Demo load into the empty store, then single API writes on it (tests/bench/bench_store_writes.py)."""
    from tests.bench.bench_store_writes import api_writes, api_writes_http, demo_load

    demo_load(section, store)
    api_writes(section, store)
    api_writes_http(section, store, env)


def cold_start(section: str, env: dict[str, str]) -> None:
    out = subprocess.run([sys.executable, "-m", "tests.bench.coldstart"], env={**os.environ, **env},
                         cwd=ROOT, check=True, capture_output=True, text=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    record(section, "cold start (projection from store)", data["seconds"], "s", target=10)
    record(section, "RSS after cold start", data["rss_mb"], "MB", target=1536)


def bench_sqlite(workbook: Path) -> Path:
    console.rule("[bold]SQLite store (embedded)")
    demo = OUT / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{demo}{suffix}").unlink(missing_ok=True)
    store = SQLiteStore(demo)
    store_writes("sqlite", store, {"JBNET_DB": str(demo), "NEO4J_URI": ""})
    store.close()
    db = OUT / "national.sqlite"
    if not NATIONAL:
        return db
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = SQLiteStore(db)
    load_into(store, "sqlite", workbook)
    store.close()
    cold_start("sqlite", {"JBNET_DB": str(db)})
    return db


def bench_neo4j(workbook: Path) -> None:
    console.rule("[bold]Neo4j 5.26 store (test server)")
    from tests.neo4j_server import missing_reason, start_neo4j

    reason = missing_reason()
    if reason and not os.environ.get("NEO4J_URI"):
        console.print(f"[yellow]skipped: {reason}[/]")
        return
    from graph.store.neo4j_store import Neo4jStore

    # One transaction holds the whole national import (all-or-nothing), so the server needs room for it:
    # Neo4j caps a transaction at 70 % of the heap by default.
    server = None if os.environ.get("NEO4J_URI") else start_neo4j(heap=os.environ.get("JBNET_BENCH_NEO4J_HEAP", "8g"))
    uri = os.environ.get("NEO4J_URI") or (server.uri if server else "")
    try:
        store = Neo4jStore(uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        store.delete_everything()
        store_writes("neo4j", store, {"NEO4J_URI": uri})
        store.delete_everything()
        if NATIONAL:
            load_into(store, "neo4j", workbook)
            cold_start("neo4j", {"NEO4J_URI": uri})
        store.close()
    finally:
        if server:
            server.stop()


def summary() -> None:
    table = Table(title="jbnet benchmark summary")
    for col in ("section", "figure", "value", "target / ratio"):
        table.add_column(col)
    for f in FIGURES:
        table.add_row(f.section, f.name, f"{f.value:,.3f} {f.unit}", f.verdict())
    console.print(table)
    (OUT / "summary.json").write_text(json.dumps([f.__dict__ for f in FIGURES], indent=1))


def _guarded(name: str, fn: Callable[[], None]) -> None:
    """A failing section is reported and the benchmark goes on: every other figure is still printed."""
    try:
        fn()
    except Exception as exc:  # a benchmark reports a failure; it does not stop at the first one
        console.print(f"[red]{name} failed: {type(exc).__name__}: {str(exc)[:500]}[/]")
        FIGURES.append(Figure(name, f"FAILED: {type(exc).__name__}", float("nan"), ""))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    console.print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load average "
                  f"{os.getloadavg()[0]:.1f}")
    # JBNET_BENCH_PARTS chooses a subset (e.g. "neo4j" or "maps" to repeat one measurement); default: all of it.
    parts = set(os.environ.get("JBNET_BENCH_PARTS", "sqlite,sections,neo4j").split(","))
    if os.environ.get("JBNET_BENCH_SKIP_NEO4J") == "1":
        parts.discard("neo4j")
    workbook = national_workbook()
    db = OUT / "national.sqlite"
    # The neo4j part runs the SQLite side too: its ratio rows compare figures of the same run, same machine load.
    if parts & {"sqlite", "neo4j"} or not db.exists():
        db = bench_sqlite(workbook)
    if "sections" in parts:
        # registering the later sections: bench_mixed (mixed load) imports sections, so it comes last
        import tests.bench.bench_mixed
        import tests.bench.sections  # noqa: F401

        for name, fn in SECTIONS:
            console.rule(f"[bold]{name}")
            _guarded(name, lambda fn=fn: fn(workbook, db))
    if "maps" in parts and "sections" not in parts:  # JBNET_BENCH_PARTS=maps: the maps section alone
        importlib.import_module("tests.bench.sections")  # registers the sections

        for name, fn in SECTIONS:
            if name.startswith("maps"):
                console.rule(f"[bold]{name}")
                _guarded(name, lambda fn=fn: fn(workbook, db))
    if "neo4j" in parts:
        _guarded("neo4j", lambda: bench_neo4j(workbook))
        from tests.bench.bench_store_writes import ratio_rows

        ratio_rows()
    summary()
    console.print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
