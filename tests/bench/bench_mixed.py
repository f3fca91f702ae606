"""Mixed load: counterpart lookups across all gemeenten over HTTP while a coordinator confirms a contact
every 100 ms (issue #16).

Every write changes the graph version, so the response cache never holds for long: this measures the
executed path under the load a busy country puts on it. The server runs on a copy of the national SQLite
file (the writes stay out of the file the other sections read). Figures, all from the same run:

- the ``{ __typename }`` floor without writes, and the lookups with the writer running (wrk, p50/p99),
  as ratios to that floor;
- the first lookup after each write (sent by the writer as soon as its mutation returns): p50 and the
  slowest, against the floor's p50.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

from graph.schema import Label
from graph.store.sqlite_store import SQLiteStore
from tests.bench.harness import OUT, console, record, section
from tests.bench.sections import FLOOR_QUERY, LOOKUP_QUERY, WRK_SECONDS, _wrk, _wrk_script, api_server

WRITE_EVERY_S = 0.1
CONNECTIONS = int(os.environ.get("JBNET_BENCH_MIXED_CONNECTIONS", "4"))
VERIFY = "mutation V($k: String!) { verifyContact(key: $k) { seq } }"


class _Writer(threading.Thread):
    """Confirms one contact every 100 ms over the API, then times one lookup right after the write."""

    def __init__(self, url: str, admin: str, reader: str, positions: list[str], gemeenten: list[str]) -> None:
        super().__init__(daemon=True)
        self.url, self.admin, self.reader = url, admin, reader
        self.positions, self.gemeenten = positions, gemeenten
        self.stop = threading.Event()
        self.writes = 0
        self.failed = 0
        self.write_ms: list[float] = []
        self.after_ms: list[float] = []

    def run(self) -> None:
        import httpx

        with httpx.Client(base_url=self.url, timeout=10) as client:
            i = 0
            while not self.stop.is_set():
                started = time.perf_counter()
                key = self.positions[i % len(self.positions)]
                g = self.gemeenten[(i * 37) % len(self.gemeenten)]
                i += 1
                w = client.post(
                    "/graphql",
                    json={"query": VERIFY, "variables": {"k": key}},
                    headers={"Authorization": f"Bearer {self.admin}"},
                )
                wrote = time.perf_counter()
                if w.status_code != 200 or w.json().get("errors"):
                    self.failed += 1
                    continue
                self.writes += 1
                self.write_ms.append((wrote - started) * 1000)
                r = client.post(
                    "/graphql",
                    json={"query": LOOKUP_QUERY, "variables": {"g": g}},
                    headers={"Authorization": f"Bearer {self.reader}"},
                )
                self.after_ms.append((time.perf_counter() - wrote) * 1000)
                if r.status_code != 200 or r.json().get("errors"):
                    self.failed += 1
                self.stop.wait(max(0.0, WRITE_EVERY_S - (time.perf_counter() - started)))


@section(
    f"mixed load: lookups while a contact is confirmed every 100 ms (wrk c={CONNECTIONS}; targets: p50 ≤ 1.3× floor)"
)
def mixed_load(_workbook: Path, db: Path) -> None:
    if shutil.which("wrk") is None:
        console.print("[yellow]skipped: wrk not installed (make bench installs Debian's wrk)[/]")
        return
    copy = OUT / "mixed.sqlite"
    _remove(copy)
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)  # a consistent copy, whatever the source's WAL holds
    try:
        _mixed(copy)
    finally:
        _remove(copy)


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _mixed(db: Path) -> None:
    from api.auth import create_token

    store = SQLiteStore(db)
    reader = create_token(store, role="professional", name="bench")
    admin = create_token(store, role="admin", name="bench-writer")
    gemeenten = sorted(n.key for n in store.nodes(Label.GEMEENTE))
    positions = sorted(n.key for n in store.nodes(Label.POSITION))[::7][:400]  # spread over the country
    store.close()
    # The default response cache: what a busy country runs.
    with api_server({"JBNET_DB": str(db)}) as (url, pid), tempfile.TemporaryDirectory() as tmp:
        lookup, floor = Path(tmp) / "lookup.lua", Path(tmp) / "floor.lua"
        lookup.write_text(_wrk_script(LOOKUP_QUERY, [{"g": g} for g in gemeenten], reader))
        floor.write_text(_wrk_script(FLOOR_QUERY, [], reader))
        _wrk(url, lookup, CONNECTIONS)  # warm the contact index and caches
        f = _wrk(url, floor, CONNECTIONS, pid)
        quiet = _wrk(url, lookup, CONNECTIONS, pid)
        writer = _Writer(url, admin, reader, positions, gemeenten)
        writer.start()
        try:
            busy = _wrk(url, lookup, CONNECTIONS, pid)  # its CPU includes the writes
        finally:
            writer.stop.set()
            writer.join(timeout=30)
    sec = "mixed load"
    floor_p50 = f["p50"] / 1000
    console.print(
        f"  load average {os.getloadavg()[0]:.1f}; {writer.writes} writes in {WRK_SECONDS} s "
        f"({writer.failed} failed requests)"
    )
    record(sec, "floor { __typename } p50 (no writes)", floor_p50, "ms")
    record(sec, "floor p99", f["p99"] / 1000, "ms")
    record(sec, "lookup p50, no writes", quiet["p50"] / 1000, "ms")
    record(sec, "lookup p50 while writing", busy["p50"] / 1000, "ms", target=1.3 * floor_p50)
    record(sec, "lookup p99 while writing", busy["p99"] / 1000, "ms")
    record(sec, "lookup throughput while writing", busy["rps"], "req/s", target=0.75 * f["rps"], higher_is_better=True)
    record(sec, "lookup/floor p50 ratio while writing", busy["p50"] / max(f["p50"], 1), "×", target=1.3)
    record(sec, "lookup/floor p99 ratio while writing", busy["p99"] / max(f["p99"], 1), "×")
    record(sec, "server CPU per request, floor", f["cpu_us"], "µs")
    record(sec, "server CPU per request, lookups", quiet["cpu_us"], "µs")
    record(sec, "server CPU per request, lookups while writing", busy["cpu_us"], "µs")
    record(sec, "writes done", writer.writes, "")
    if writer.write_ms:
        record(sec, "write (verifyContact) p50", statistics.median(writer.write_ms), "ms")
    if writer.after_ms:
        after = sorted(writer.after_ms)
        record(sec, "first lookup after a write p50", statistics.median(after), "ms")
        record(sec, "slowest lookup after a write", after[-1], "ms")
        record(sec, "slowest lookup after a write / floor p50", after[-1] / max(floor_p50, 1e-9), "×")
    if busy["errors"] or f["errors"] or writer.failed:
        console.print(f"[red]errors: lookup {busy['errors']}, floor {f['errors']}, writer {writer.failed}[/]")
