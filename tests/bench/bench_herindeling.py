"""Benchmark: the dry-run plan of a gemeente merger on the national synthetic data (target ≤ 5 s).

``bench_herindeling(db)`` writes a division in which two gemeenten of one jeugdhulpregio merge, then
times ``jbnet regions apply FILE --on DATE --dry-run`` as a user runs it (a fresh process: start-up,
reading the store, planning, printing) and the plan alone in-process. Nothing is written to ``db``.
``python -m tests.bench.bench_herindeling DB`` runs it alone on a SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from graph.queries.herindeling import plan_division
from graph.schema import RelType
from graph.store.sqlite_store import SQLiteStore
from tests.herindeling_support import division, write_division

__all__ = ["TARGET_S", "bench_herindeling"]

TARGET_S = 5.0


def _pair(store: SQLiteStore) -> tuple[str, str]:
    """Two gemeenten of the jeugdhulpregio with the most gemeenten (many positions to carry over)."""
    members: dict[str, list[str]] = {}
    for e in store.edges(RelType.IN_JEUGDHULPREGIO):
        if e.valid_to is None and e.src.startswith("GM"):
            members.setdefault(e.dst, []).append(e.src)
    jz = max(sorted(members), key=lambda k: len(members[k]))
    a, b = sorted(members[jz])[:2]
    return a, b


def bench_herindeling(db: Path) -> dict[str, float | int | str]:
    store = SQLiteStore(db)
    try:
        old = _pair(store)
        header, rows = division(drop=old, add=[{"gemeente_code": "GM1990", "gemeente_naam": "Bench-fusie",
                                                "voorgangers": ";".join(old)}], like=old[0],
                                extra={"voorgangers": ""})
        seq = store.last_seq()
        t0 = time.perf_counter()
        plan = plan_division(store, header, rows, "2099-01-01")
        plan_s = time.perf_counter() - t0
        carried = len(plan.carries)
    finally:
        store.close()
    with tempfile.TemporaryDirectory() as tmp:
        file = write_division(Path(tmp) / "division.csv", header, rows)
        env = {**os.environ, "JBNET_DB": str(db), "NEO4J_URI": "", "COLUMNS": "160", "JBNET_LANG": "en"}
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "regions", "apply",
                              str(file), "--on", "2099-01-01", "--dry-run"], env=env, check=True,
                             capture_output=True, text=True)
        cli_s = time.perf_counter() - t0
    if "dry run: nothing was written" not in out.stdout:
        raise RuntimeError(f"dry run did not print its plan: {out.stdout[-500:]}")
    check = SQLiteStore(db)
    try:
        if check.last_seq() != seq:
            raise RuntimeError("the dry run wrote to the store")
    finally:
        check.close()
    return {"merger": "+".join(old), "carried": carried, "changes": len(plan.batch), "plan_s": plan_s,
            "cli_s": cli_s, "target_s": TARGET_S}


if __name__ == "__main__":
    print(bench_herindeling(Path(sys.argv[1] if len(sys.argv) > 1 else "bench-out/national.sqlite")))
